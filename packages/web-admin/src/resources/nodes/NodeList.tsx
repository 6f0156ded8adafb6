import SensorsIcon from '@mui/icons-material/Sensors';
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
import { BatteryField, TimeAgoField, UnitField } from '../../components/Fields';
import { EuiField, HexField } from '../../components/HexFields';
import type { NodeRecord } from '../../types';
import { LastGatewayField } from './NodeFields';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="devEui" source="devEui" />,
  <ReferenceInput key="profileId" source="profileId" reference="profiles">
    <SelectInput optionText="id" />
  </ReferenceInput>,
];

export function NodeList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'ASC' }}
      empty={
        <EmptyState
          icon={<SensorsIcon />}
          title="lns.empty.nodes.title"
          text="lns.empty.nodes.text"
        />
      }
    >
      <DataTable<NodeRecord> rowClick="show">
        <DataTable.Col source="id" render={() => <HexField source="id" noCopy />} />
        <DataTable.Col source="devEui" render={() => <EuiField source="devEui" noCopy />} />
        <DataTable.Col source="profileId">
          <ReferenceField source="profileId" reference="profiles" link={false} />
        </DataTable.Col>
        <DataTable.NumberCol source="fCntUp" />
        <DataTable.NumberCol source="fCntDown" />
        <DataTable.Col source="lastRx" field={TimeAgoField} />
        <DataTable.Col source="battery" field={BatteryField} />
        <DataTable.Col source="margin" render={() => <UnitField source="margin" unit="dB" />} />
        <DataTable.Col source="lastGateway" field={LastGatewayField} disableSort />
      </DataTable>
    </List>
  );
}
