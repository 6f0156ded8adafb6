import DnsIcon from '@mui/icons-material/Dns';
import type { ServerRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

/** The nodes of the cluster (SPEC "servers"): no edit, a node is added or removed. */
export default {
  list: lazyPage(() => import('./ServerList'), 'ServerList'),
  show: lazyPage(() => import('./ServerShow'), 'ServerShow'),
  create: lazyPage(() => import('./ServerCreate'), 'ServerCreate'),
  icon: DnsIcon,
  recordRepresentation: (r: ServerRecord) => r.id,
};
