import IntegrationInstructionsIcon from '@mui/icons-material/IntegrationInstructions';
import type { IntegrationRecord } from '../../types';
import { IntegrationCreate } from './IntegrationCreate';
import { IntegrationEdit } from './IntegrationEdit';
import { IntegrationList } from './IntegrationList';
import { IntegrationShow } from './IntegrationShow';

export default {
  list: IntegrationList,
  show: IntegrationShow,
  create: IntegrationCreate,
  edit: IntegrationEdit,
  icon: IntegrationInstructionsIcon,
  recordRepresentation: (r: IntegrationRecord) => r.id,
};
