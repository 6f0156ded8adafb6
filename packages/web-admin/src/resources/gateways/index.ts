import RouterIcon from '@mui/icons-material/Router';
import type { GatewayRecord } from '../../types';
import { groupHex } from '../../hex';
import { GatewayCreate } from './GatewayCreate';
import { GatewayEdit } from './GatewayEdit';
import { GatewayList } from './GatewayList';
import { GatewayShow } from './GatewayShow';

export default {
  list: GatewayList,
  show: GatewayShow,
  create: GatewayCreate,
  edit: GatewayEdit,
  icon: RouterIcon,
  recordRepresentation: (r: GatewayRecord) => (r.name !== '' ? r.name : groupHex(r.id)),
};
