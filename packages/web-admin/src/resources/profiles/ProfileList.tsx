import TuneIcon from '@mui/icons-material/Tune';
import { BooleanField, DataTable, List, SearchInput, SelectInput } from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import type { ProfileRecord } from '../../types';
import { deviceClassChoices, macVersionChoices, regionChoices } from './choices';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput key="region" source="region" choices={regionChoices} />,
  <SelectInput key="deviceClass" source="deviceClass" choices={deviceClassChoices} />,
  <SelectInput key="macVersion" source="macVersion" choices={macVersionChoices} />,
];

export function ProfileList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'ASC' }}
      empty={
        <EmptyState
          icon={<TuneIcon />}
          title="lns.empty.profiles.title"
          text="lns.empty.profiles.text"
        />
      }
    >
      <DataTable<ProfileRecord> rowClick="show">
        <DataTable.Col source="id" />
        <DataTable.Col source="name" />
        <DataTable.Col source="region" />
        <DataTable.Col source="macVersion" />
        <DataTable.Col source="deviceClass" />
        <DataTable.Col source="adr" field={BooleanField} />
        <DataTable.NumberCol source="rx1Delay" />
        <DataTable.NumberCol source="rx2Dr" />
        <DataTable.NumberCol source="rx2Freq" />
        <DataTable.Col source="fcntCheck" />
      </DataTable>
    </List>
  );
}
