import SwapVertIcon from '@mui/icons-material/SwapVert';
import type { FrameRecord } from '../../types';
import { lazyPage } from '../../components/lazy-page';

/** Read-only: the frame log of the cluster (SPEC "frames"). */
export default {
  list: lazyPage(() => import('./FrameList'), 'FrameList'),
  show: lazyPage(() => import('./FrameShow'), 'FrameShow'),
  icon: SwapVertIcon,
  recordRepresentation: (r: FrameRecord) => `${r.dir} ${r.devAddr} #${r.fCnt}`,
};
