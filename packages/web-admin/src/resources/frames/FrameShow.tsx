import { BooleanField, Labeled, NumberField, Show, SimpleShowLayout, TextField } from 'react-admin';
import { TimeField } from '../../components/Fields';
import { EuiField, HexField } from '../../components/HexFields';
import { DirField, FrameGatewaysTable } from './FrameFields';

export function FrameShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <TimeField source="time" />
        <DirField label="resources.frames.fields.dir" />
        <HexField source="devAddr" />
        <EuiField source="devEui" />
        <NumberField source="fCnt" />
        <NumberField source="fPort" emptyText="—" />
        <HexField source="data" />
        <BooleanField source="confirmed" />
        <TextField source="server" />
        <Labeled source="gateways">
          <FrameGatewaysTable />
        </Labeled>
      </SimpleShowLayout>
    </Show>
  );
}
