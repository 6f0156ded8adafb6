import PeopleIcon from '@mui/icons-material/People';
import type { UserRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

export default {
  list: lazyPage(() => import('./UserList'), 'UserList'),
  create: lazyPage(() => import('./UserCreate'), 'UserCreate'),
  edit: lazyPage(() => import('./UserEdit'), 'UserEdit'),
  icon: PeopleIcon,
  recordRepresentation: (r: UserRecord) => r.id,
};
