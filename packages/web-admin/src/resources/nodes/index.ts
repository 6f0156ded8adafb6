import SensorsIcon from '@mui/icons-material/Sensors';
import type { NodeRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

export default {
  list: lazyPage(() => import('./NodeList'), 'NodeList'),
  show: lazyPage(() => import('./NodeShow'), 'NodeShow'),
  create: lazyPage(() => import('./NodeCreate'), 'NodeCreate'),
  edit: lazyPage(() => import('./NodeEdit'), 'NodeEdit'),
  icon: SensorsIcon,
  recordRepresentation: (r: NodeRecord) => r.id,
};
