import { Grid } from '@mui/material';
import {
  Labeled,
  Link,
  NumberField,
  ReferenceField,
  Show,
  SimpleShowLayout,
  useCreatePath,
  useRecordContext,
} from 'react-admin';
import { BatteryField, TimeAgoField, UnitField } from '../../components/Fields';
import { EuiField, HexField, KeyField } from '../../components/HexFields';
import type { NodeRecord } from '../../types';
import { AdrStateField, LastGatewayField } from './NodeFields';
import { QueuePanel } from './QueuePanel';

function DeviceLink() {
  const record = useRecordContext<NodeRecord>();
  const createPath = useCreatePath();
  if (record?.devEui === undefined) return <EuiField source="devEui" />;
  return (
    <Link to={createPath({ resource: 'devices', type: 'show', id: record.devEui })}>
      <EuiField source="devEui" noCopy />
    </Link>
  );
}

export function NodeShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <HexField source="id" />
        <Labeled source="devEui">
          <DeviceLink />
        </Labeled>
        <ReferenceField source="profileId" reference="profiles" link="show" />
        <KeyField source="nwkSKey" />
        <KeyField source="appSKey" />
        <Grid container spacing={4}>
          <Grid>
            <Labeled source="fCntUp">
              <NumberField source="fCntUp" emptyText="—" />
            </Labeled>
          </Grid>
          <Grid>
            <Labeled source="fCntDown">
              <NumberField source="fCntDown" />
            </Labeled>
          </Grid>
          <Grid>
            <Labeled source="lastRx">
              <TimeAgoField source="lastRx" />
            </Labeled>
          </Grid>
          <Grid>
            <Labeled source="battery">
              <BatteryField source="battery" />
            </Labeled>
          </Grid>
          <Grid>
            <Labeled source="margin">
              <UnitField source="margin" unit="dB" />
            </Labeled>
          </Grid>
        </Grid>
        <LastGatewayField label="resources.nodes.fields.lastGateway" />
        <AdrStateField label="resources.nodes.fields.adr" />
      </SimpleShowLayout>
      <QueuePanel />
    </Show>
  );
}
