import DnsIcon from '@mui/icons-material/Dns';
import { Alert } from '@mui/material';
import {
  CreateButton,
  DataTable,
  DeleteWithConfirmButton,
  List,
  TopToolbar,
  useListContext,
  useTranslate,
} from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import {
  DurationField,
  StatusChipField,
  TextOrDash,
  TimeAgoField,
  UnitField,
} from '../../components/Fields';
import type { ServerRecord } from '../../types';

/** Until the cluster API exists the list is this node alone, made from /health: say so. */
function StandaloneNotice() {
  const { data } = useListContext<ServerRecord>();
  const translate = useTranslate();
  if (data?.[0]?.fromHealth !== true) return null;
  return (
    <Alert severity="info" sx={{ m: 2 }}>
      {translate('lns.servers.standalone')}
    </Alert>
  );
}

function ServerActions() {
  return (
    <TopToolbar>
      <CreateButton label="lns.servers.add" />
    </TopToolbar>
  );
}

export function DeleteServerButton() {
  return (
    <DeleteWithConfirmButton
      label="lns.servers.remove"
      confirmTitle="lns.servers.remove_title"
      confirmContent="lns.servers.remove_content"
      mutationMode="pessimistic"
      redirect="list"
    />
  );
}

/** Statuses, lag and last-seen move on their own (a node added goes joining → up): poll. */
const SERVERS_REFRESH_MS = 3000;

export function ServerList() {
  return (
    <List
      actions={<ServerActions />}
      sort={{ field: 'id', order: 'ASC' }}
      pagination={false}
      perPage={100}
      queryOptions={{ refetchInterval: SERVERS_REFRESH_MS }}
      empty={
        <EmptyState
          icon={<DnsIcon />}
          title="lns.empty.servers.title"
          text="lns.empty.servers.text"
        />
      }
    >
      <StandaloneNotice />
      <DataTable<ServerRecord> rowClick="show" bulkActionButtons={false}>
        <DataTable.Col source="id" />
        <DataTable.Col source="address" field={TextOrDash} />
        <DataTable.Col source="status" field={StatusChipField} />
        <DataTable.Col source="uptimeS" field={DurationField} />
        <DataTable.Col source="lagMs" render={() => <UnitField source="lagMs" unit="ms" />} />
        <DataTable.Col source="version" field={TextOrDash} />
        <DataTable.Col source="lastSeen" field={TimeAgoField} />
        <DataTable.Col
          label=""
          disableSort
          render={(r) => (r.fromHealth === true ? null : <DeleteServerButton />)}
        />
      </DataTable>
    </List>
  );
}
