import TuneIcon from '@mui/icons-material/Tune';
import type { ProfileRecord } from '../../types';
import { ProfileCreate } from './ProfileCreate';
import { ProfileEdit } from './ProfileEdit';
import { ProfileList } from './ProfileList';
import { ProfileShow } from './ProfileShow';

export default {
  list: ProfileList,
  show: ProfileShow,
  create: ProfileCreate,
  edit: ProfileEdit,
  icon: TuneIcon,
  recordRepresentation: (r: ProfileRecord) =>
    r.name === '' || r.name === r.id ? r.id : `${r.name} (${r.id})`,
};
