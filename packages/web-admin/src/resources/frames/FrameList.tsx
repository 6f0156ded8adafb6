import SwapVertIcon from '@mui/icons-material/SwapVert';
import {
  DataTable,
  ExportButton,
  FilterButton,
  List,
  SelectInput,
  TextInput,
  TopToolbar,
} from 'react-admin';
import { EmptyState } from '../../components/EmptyState';
import { TimeField } from '../../components/Fields';
import { EuiField, HexField } from '../../components/HexFields';
import { LIVE_REFRESH_MS, LiveToggle, useLive } from '../../components/LiveToggle';
import type { FrameRecord } from '../../types';
import { DirField, FrameGatewaysTable, GatewaysSummaryField, PayloadField } from './FrameFields';

const filters = [
  <TextInput key="devAddr" source="devAddr" alwaysOn />,
  <TextInput key="devEui" source="devEui" alwaysOn />,
  <TextInput key="gateway" source="gateway" alwaysOn />,
  <SelectInput
    key="dir"
    source="dir"
    choices={[
      { id: 'up', name: 'uplink' },
      { id: 'down', name: 'downlink' },
    ]}
  />,
];

function FrameActions() {
  return (
    <TopToolbar>
      <LiveToggle storeKey="frames" />
      <FilterButton />
      <ExportButton />
    </TopToolbar>
  );
}

export function FrameList() {
  const [live] = useLive('frames');
  return (
    <List
      filters={filters}
      actions={<FrameActions />}
      sort={{ field: 'time', order: 'DESC' }}
      perPage={25}
      queryOptions={{ refetchInterval: live ? LIVE_REFRESH_MS : false }}
      empty={
        <EmptyState
          icon={<SwapVertIcon />}
          title="lns.empty.frames.title"
          text="lns.empty.frames.text"
          canCreate={false}
        />
      }
    >
      <DataTable<FrameRecord>
        rowClick="expand"
        expand={<FrameGatewaysTable />}
        bulkActionButtons={false}
      >
        <DataTable.Col source="time" field={TimeField} />
        <DataTable.Col source="dir" field={DirField} />
        <DataTable.Col source="devAddr" render={() => <HexField source="devAddr" noCopy />} />
        <DataTable.Col source="devEui" render={() => <EuiField source="devEui" noCopy />} />
        <DataTable.NumberCol source="fCnt" />
        <DataTable.NumberCol source="fPort" />
        <DataTable.Col source="data" field={PayloadField} disableSort />
        <DataTable.Col source="gateways" field={GatewaysSummaryField} disableSort />
        <DataTable.Col source="server" />
      </DataTable>
    </List>
  );
}
