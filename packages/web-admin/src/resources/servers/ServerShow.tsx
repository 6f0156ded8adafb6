import { Show, SimpleShowLayout, TextField, TopToolbar, useRecordContext } from 'react-admin';
import { DurationField, StatusChipField, TimeAgoField, UnitField } from '../../components/Fields';
import type { ServerRecord } from '../../types';
import { DeleteServerButton } from './ServerList';

function ShowActions() {
  const record = useRecordContext<ServerRecord>();
  return (
    <TopToolbar>
      {record !== undefined && record.fromHealth !== true ? <DeleteServerButton /> : null}
    </TopToolbar>
  );
}

export function ServerShow() {
  return (
    <Show actions={<ShowActions />}>
      <SimpleShowLayout>
        <TextField source="id" />
        <TextField source="address" emptyText="—" />
        <StatusChipField source="status" />
        <DurationField source="uptimeS" />
        <UnitField source="lagMs" unit="ms" />
        <TextField source="version" emptyText="—" />
        <TimeAgoField source="lastSeen" />
      </SimpleShowLayout>
    </Show>
  );
}
