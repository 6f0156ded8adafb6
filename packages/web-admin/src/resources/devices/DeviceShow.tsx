import { Typography } from '@mui/material';
import {
  DataTable,
  Labeled,
  Link,
  ReferenceField,
  ReferenceManyField,
  Show,
  SimpleShowLayout,
  TextField,
  useCreatePath,
  useRecordContext,
} from 'react-admin';
import { TimeAgoField, TimeField } from '../../components/Fields';
import { EuiField, HexField, KeyField } from '../../components/HexFields';
import type { DeviceRecord, FrameRecord } from '../../types';

/** The device's current session (nodes/<DevAddr>), or "not joined yet". */
function SessionLink() {
  const record = useRecordContext<DeviceRecord>();
  const createPath = useCreatePath();
  if (record?.devAddr === undefined) {
    return (
      <Typography variant="body2" color="text.disabled">
        not joined yet
      </Typography>
    );
  }
  return (
    <Link to={createPath({ resource: 'nodes', type: 'show', id: record.devAddr })}>
      <HexField source="devAddr" noCopy />
    </Link>
  );
}

export function DeviceShow() {
  return (
    <Show>
      <SimpleShowLayout>
        <EuiField source="id" />
        <TextField source="name" emptyText="—" />
        <EuiField source="joinEui" />
        <KeyField source="appKey" />
        <ReferenceField source="profileId" reference="profiles" link="show" />
        <Labeled source="devAddr">
          <SessionLink />
        </Labeled>
        <TimeAgoField source="lastJoin" emptyText="never" />
        <ReferenceManyField
          label="lns.device.recent_frames"
          reference="frames"
          target="devEui"
          sort={{ field: 'time', order: 'DESC' }}
          perPage={10}
        >
          <DataTable<FrameRecord> bulkActionButtons={false} rowClick="show" empty={<NoFrames />}>
            <DataTable.Col source="time" field={TimeField} />
            <DataTable.Col source="dir" />
            <DataTable.NumberCol source="fCnt" />
            <DataTable.NumberCol source="fPort" />
            <DataTable.Col source="data" render={() => <HexField source="data" noCopy />} />
          </DataTable>
        </ReferenceManyField>
      </SimpleShowLayout>
    </Show>
  );
}

function NoFrames() {
  return (
    <Typography variant="body2" color="text.secondary" sx={{ py: 1 }}>
      No frames from this device yet.
    </Typography>
  );
}
