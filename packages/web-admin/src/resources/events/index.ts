import NotificationsIcon from '@mui/icons-material/Notifications';
import type { EventRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

/** Read-only: what happened to devices, gateways and servers (SPEC "events"). */
export default {
  list: lazyPage(() => import('./EventList'), 'EventList'),
  icon: NotificationsIcon,
  recordRepresentation: (r: EventRecord) => `${r.kind} ${r.entity}`,
};
