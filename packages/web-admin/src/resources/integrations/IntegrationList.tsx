import IntegrationInstructionsIcon from '@mui/icons-material/IntegrationInstructions';
import { Box, Chip } from '@mui/material';
import {
  BooleanField,
  DataTable,
  List,
  SearchInput,
  SelectInput,
  useRecordContext,
} from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import { TextOrDash } from '../../components/Fields';
import type { IntegrationRecord } from '../../types';

export const typeChoices = [
  { id: 'http', name: 'HTTP POST' },
  { id: 'mqtt', name: 'MQTT publish' },
];

export const eventChoices = [
  { id: 'up', name: 'uplinks' },
  { id: 'join', name: 'joins' },
  { id: 'ack', name: 'acks' },
  { id: 'status', name: 'device status' },
  { id: 'error', name: 'errors' },
];

export function EventsField(_props: { label?: string; source?: string }) {
  const record = useRecordContext<IntegrationRecord>();
  const events = record?.events ?? [];
  if (events.length === 0) return <Chip size="small" label="all" variant="outlined" />;
  return (
    <Box sx={{ display: 'flex', gap: 0.5, flexWrap: 'wrap' }}>
      {events.map((e) => (
        <Chip key={e} size="small" label={e} variant="outlined" />
      ))}
    </Box>
  );
}

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="type" source="type" choices={typeChoices} />,
];

export function IntegrationList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'ASC' }}
      empty={
        <EmptyState
          icon={<IntegrationInstructionsIcon />}
          title="lns.empty.integrations.title"
          text="lns.empty.integrations.text"
        />
      }
    >
      <DataTable<IntegrationRecord> rowClick="show">
        <DataTable.Col source="id" />
        <DataTable.Col source="type" />
        <DataTable.Col source="url" />
        <DataTable.Col source="topic" field={TextOrDash} />
        <DataTable.Col source="events" field={EventsField} disableSort />
        <DataTable.Col source="enabled" field={BooleanField} />
      </DataTable>
    </List>
  );
}
