import MemoryIcon from '@mui/icons-material/Memory';
import { groupHex } from '../../hex';
import type { DeviceRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

export default {
  list: lazyPage(() => import('./DeviceList'), 'DeviceList'),
  show: lazyPage(() => import('./DeviceShow'), 'DeviceShow'),
  create: lazyPage(() => import('./DeviceCreate'), 'DeviceCreate'),
  edit: lazyPage(() => import('./DeviceEdit'), 'DeviceEdit'),
  icon: MemoryIcon,
  recordRepresentation: (r: DeviceRecord) => (r.name !== '' ? r.name : groupHex(r.id)),
};
