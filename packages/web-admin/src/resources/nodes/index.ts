import SensorsIcon from '@mui/icons-material/Sensors';
import type { NodeRecord } from '../../types';
import { NodeCreate } from './NodeCreate';
import { NodeEdit } from './NodeEdit';
import { NodeList } from './NodeList';
import { NodeShow } from './NodeShow';

export default {
  list: NodeList,
  show: NodeShow,
  create: NodeCreate,
  edit: NodeEdit,
  icon: SensorsIcon,
  recordRepresentation: (r: NodeRecord) => r.id,
};
