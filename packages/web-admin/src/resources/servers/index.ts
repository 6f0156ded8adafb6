import DnsIcon from '@mui/icons-material/Dns';
import type { ServerRecord } from '../../types';
import { ServerCreate } from './ServerCreate';
import { ServerList } from './ServerList';
import { ServerShow } from './ServerShow';

/** The nodes of the cluster (SPEC "servers"): no edit, a node is added or removed. */
export default {
  list: ServerList,
  show: ServerShow,
  create: ServerCreate,
  icon: DnsIcon,
  recordRepresentation: (r: ServerRecord) => r.id,
};
