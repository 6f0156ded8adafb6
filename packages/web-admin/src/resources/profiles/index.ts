import TuneIcon from '@mui/icons-material/Tune';
import type { ProfileRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

export default {
  list: lazyPage(() => import('./ProfileList'), 'ProfileList'),
  show: lazyPage(() => import('./ProfileShow'), 'ProfileShow'),
  create: lazyPage(() => import('./ProfileCreate'), 'ProfileCreate'),
  edit: lazyPage(() => import('./ProfileEdit'), 'ProfileEdit'),
  icon: TuneIcon,
  recordRepresentation: (r: ProfileRecord) =>
    r.name === '' || r.name === r.id ? r.id : `${r.name} (${r.id})`,
};
