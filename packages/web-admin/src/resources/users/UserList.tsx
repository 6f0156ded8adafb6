import PeopleIcon from '@mui/icons-material/People';
import { Chip } from '@mui/material';
import { DataTable, List, SearchInput, SelectInput, useRecordContext } from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import type { UserRecord } from '../../types';

export const roleChoices = [
  { id: 'admin', name: 'admin (may change everything)' },
  { id: 'viewer', name: 'viewer (read only)' },
];

export function RoleField(_props: { label?: string; source?: string }) {
  const record = useRecordContext<UserRecord>();
  if (record === undefined) return null;
  return (
    <Chip
      size="small"
      label={record.role}
      color={record.role === 'admin' ? 'primary' : 'default'}
      variant={record.role === 'admin' ? 'filled' : 'outlined'}
    />
  );
}

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="role" source="role" choices={roleChoices} />,
];

export function UserList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'ASC' }}
      empty={
        <EmptyState
          icon={<PeopleIcon />}
          title="lns.empty.users.title"
          text="lns.empty.users.text"
        />
      }
    >
      <DataTable<UserRecord> rowClick="edit">
        <DataTable.Col source="id" />
        <DataTable.Col source="role" field={RoleField} />
      </DataTable>
    </List>
  );
}
