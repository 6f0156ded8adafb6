import IntegrationInstructionsIcon from '@mui/icons-material/IntegrationInstructions';
import type { IntegrationRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

export default {
  list: lazyPage(() => import('./IntegrationList'), 'IntegrationList'),
  show: lazyPage(() => import('./IntegrationShow'), 'IntegrationShow'),
  create: lazyPage(() => import('./IntegrationCreate'), 'IntegrationCreate'),
  edit: lazyPage(() => import('./IntegrationEdit'), 'IntegrationEdit'),
  icon: IntegrationInstructionsIcon,
  recordRepresentation: (r: IntegrationRecord) => r.id,
};
