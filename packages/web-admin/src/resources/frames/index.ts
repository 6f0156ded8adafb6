import SwapVertIcon from '@mui/icons-material/SwapVert';
import type { FrameRecord } from '../../types';
import { FrameList } from './FrameList';
import { FrameShow } from './FrameShow';

/** Read-only: the frame log of the cluster (SPEC "frames"). */
export default {
  list: FrameList,
  show: FrameShow,
  icon: SwapVertIcon,
  recordRepresentation: (r: FrameRecord) => `${r.dir} ${r.devAddr} #${r.fCnt}`,
};
