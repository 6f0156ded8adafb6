import NotificationsIcon from '@mui/icons-material/Notifications';
import {
  DataTable,
  ExportButton,
  FilterButton,
  List,
  SearchInput,
  SelectInput,
  TextInput,
  TopToolbar,
} from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import { SeverityField, TimeField } from '../../components/Fields';
import { LIVE_REFRESH_MS, LiveToggle, useLive } from '../../components/LiveToggle';
import type { EventRecord } from '../../types';

export const severityChoices = ['error', 'warning', 'info', 'debug'].map((id) => ({
  id,
  name: id,
}));

export const kindChoices = [
  'join',
  'mic_failed',
  'fcnt_replay',
  'fcnt_gap',
  'unknown_devaddr',
  'unknown_deveui',
  'unknown_gateway',
  'unknown_profile',
  'joineui_mismatch',
  'devnonce_reused',
  'tx_error',
  'tx_late',
  'mac_error',
  'server_down',
  'overload',
].map((id) => ({ id, name: id }));

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="severity" source="severity" choices={severityChoices} alwaysOn />,
  <SelectInput key="kind" source="kind" choices={kindChoices} />,
  <TextInput key="entity" source="entity" />,
];

function EventActions() {
  return (
    <TopToolbar>
      <LiveToggle storeKey="events" />
      <FilterButton />
      <ExportButton />
    </TopToolbar>
  );
}

const severityBorder: Readonly<Record<string, string>> = {
  error: 'error.main',
  warning: 'warning.main',
  info: 'info.main',
  debug: 'grey.400',
};

export function EventList() {
  const [live] = useLive('events');
  return (
    <List
      filters={filters}
      actions={<EventActions />}
      sort={{ field: 'time', order: 'DESC' }}
      perPage={25}
      queryOptions={{ refetchInterval: live ? LIVE_REFRESH_MS : false }}
      empty={
        <EmptyState
          icon={<NotificationsIcon />}
          title="lns.empty.events.title"
          text="lns.empty.events.text"
          canCreate={false}
        />
      }
    >
      <DataTable<EventRecord>
        bulkActionButtons={false}
        rowClick={false}
        rowSx={(record) => ({
          borderLeft: 4,
          borderLeftStyle: 'solid',
          borderLeftColor: severityBorder[record.severity] ?? 'transparent',
        })}
      >
        <DataTable.Col source="time" field={TimeField} />
        <DataTable.Col source="severity" field={SeverityField} />
        <DataTable.Col source="kind" />
        <DataTable.Col source="entity" />
        <DataTable.Col source="text" disableSort />
      </DataTable>
    </List>
  );
}
