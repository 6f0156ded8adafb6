import { Grid } from '@mui/material';
import {
  FunctionField,
  Labeled,
  NumberField,
  Show,
  SimpleShowLayout,
  TextField,
  useTranslate,
} from 'react-admin';
import type { GatewayRecord } from '../../types';
import { TimeAgoField } from '../../components/Fields';
import { EuiField } from '../../components/HexFields';
import { ConnectionField, LocationField, RegionField, TrafficField } from './GatewayFields';

export function GatewayShow() {
  const translate = useTranslate();
  return (
    <Show>
      <SimpleShowLayout>
        <EuiField source="id" />
        <TextField source="name" emptyText="—" />
        <LocationField label="resources.gateways.fields.location" />
        <RegionField label="resources.gateways.fields.region" />
        <NumberField source="txRfChain" />
        {/* Only whether a token is set: the value is a secret (edit the gateway to reveal it). */}
        <FunctionField<GatewayRecord>
          source="stationToken"
          render={(g) =>
            translate(
              g.stationToken === undefined
                ? 'lns.gateways.station_token_none'
                : 'lns.gateways.station_token_set',
            )
          }
        />
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
