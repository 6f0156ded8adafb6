import MemoryIcon from '@mui/icons-material/Memory';
import {
  DataTable,
  List,
  ReferenceField,
  ReferenceInput,
  SearchInput,
  SelectInput,
  TextInput,
} from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import { TimeAgoField } from '../../components/Fields';
import { EuiField, HexField } from '../../components/HexFields';
import type { DeviceRecord } from '../../types';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <ReferenceInput key="profileId" source="profileId" reference="profiles">
    <SelectInput optionText="id" />
  </ReferenceInput>,
  <TextInput key="devAddr" source="devAddr" />,
  <TextInput key="joinEui" source="joinEui" />,
];

export function DeviceList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'ASC' }}
      empty={
        <EmptyState
          icon={<MemoryIcon />}
          title="lns.empty.devices.title"
          text="lns.empty.devices.text"
        />
      }
    >
      <DataTable<DeviceRecord> rowClick="show">
        <DataTable.Col source="id" field={EuiField} />
        <DataTable.Col source="name" />
        <DataTable.Col source="joinEui" render={() => <EuiField source="joinEui" noCopy />} />
        <DataTable.Col source="profileId">
          <ReferenceField source="profileId" reference="profiles" link="show" />
        </DataTable.Col>
        <DataTable.Col source="devAddr" render={() => <HexField source="devAddr" noCopy />} />
        <DataTable.Col source="lastJoin" field={TimeAgoField} />
      </DataTable>
    </List>
  );
}
