import NotificationsIcon from '@mui/icons-material/Notifications';
import type { EventRecord } from '../../types';
import { EventList } from './EventList';

/** Read-only: what happened to devices, gateways and servers (SPEC "events"). */
export default {
  list: EventList,
  icon: NotificationsIcon,
  recordRepresentation: (r: EventRecord) => `${r.kind} ${r.entity}`,
};
