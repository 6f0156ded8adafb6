import RouterIcon from '@mui/icons-material/Router';
import { DataTable, List, SearchInput, TextInput } from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import { TextOrDash, TimeAgoField } from '../../components/Fields';
import { EuiField } from '../../components/HexFields';
import type { GatewayRecord } from '../../types';
import { ConnectionField, LocationField, RegionField, TrafficField } from './GatewayFields';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="server" source="server" />,
];

export function GatewayList() {
  return (
    <List
      filters={filters}
      sort={{ field: 'id', order: 'ASC' }}
      empty={
        <EmptyState
          icon={<RouterIcon />}
          title="lns.empty.gateways.title"
          text="lns.empty.gateways.text"
        />
      }
    >
      <DataTable<GatewayRecord> rowClick="show">
        <DataTable.Col source="id" field={EuiField} />
        <DataTable.Col source="name" />
        <DataTable.Col source="region" field={RegionField} />
        <DataTable.Col source="location" field={LocationField} disableSort />
        <DataTable.Col
          source="connected"
          label="resources.gateways.fields.connection"
          field={ConnectionField}
          disableSort
        />
        <DataTable.Col source="lastSeen" field={TimeAgoField} />
        <DataTable.Col source="server" field={TextOrDash} />
        <DataTable.Col
          source="stats"
          label="resources.gateways.fields.traffic"
          field={TrafficField}
          disableSort
        />
      </DataTable>
    </List>
  );
}
