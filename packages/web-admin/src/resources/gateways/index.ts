import RouterIcon from '@mui/icons-material/Router';
import type { GatewayRecord } from '../../types';
import { groupHex } from '../../hex';
import { lazyPage } from '../../components/lazy-page';

export default {
  list: lazyPage(() => import('./GatewayList'), 'GatewayList'),
  show: lazyPage(() => import('./GatewayShow'), 'GatewayShow'),
  create: lazyPage(() => import('./GatewayCreate'), 'GatewayCreate'),
  edit: lazyPage(() => import('./GatewayEdit'), 'GatewayEdit'),
  icon: RouterIcon,
  recordRepresentation: (r: GatewayRecord) => (r.name !== '' ? r.name : groupHex(r.id)),
};
