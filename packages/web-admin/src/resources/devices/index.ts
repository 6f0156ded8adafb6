import MemoryIcon from '@mui/icons-material/Memory';
import { groupHex } from '../../hex';
import type { DeviceRecord } from '../../types';
import { DeviceCreate } from './DeviceCreate';
import { DeviceEdit } from './DeviceEdit';
import { DeviceList } from './DeviceList';
import { DeviceShow } from './DeviceShow';

export default {
  list: DeviceList,
  show: DeviceShow,
  create: DeviceCreate,
  edit: DeviceEdit,
  icon: MemoryIcon,
  recordRepresentation: (r: DeviceRecord) => (r.name !== '' ? r.name : groupHex(r.id)),
};
