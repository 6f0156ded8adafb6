import { Grid } from '@mui/material';
import { Labeled, NumberField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { TimeAgoField } from '../../components/Fields';
import { EuiField } from '../../components/HexFields';
import { ConnectionField, LocationField, RegionField, TrafficField } from './GatewayFields';

export function GatewayShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <EuiField source="id" />
        <TextField source="name" emptyText="—" />
        <LocationField label="resources.gateways.fields.location" />
        <RegionField label="resources.gateways.fields.region" />
        <NumberField source="txRfChain" />
        <ConnectionField label="resources.gateways.fields.connection" />
        <TimeAgoField source="lastSeen" />
        <TextField source="server" emptyText="—" />
        <TrafficField label="resources.gateways.fields.traffic" />
        <Grid container spacing={3}>
          {(['rxReceived', 'rxOk', 'rxForwarded', 'txEmitted'] as const).map((key) => (
            <Grid key={key}>
              <Labeled source={`stats.${key}`}>
                <NumberField source={`stats.${key}`} emptyText="—" />
              </Labeled>
            </Grid>
          ))}
        </Grid>
      </SimpleShowLayout>
    </Show>
  );
}
