import { Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { GatewayRecord } from '../../types';

/** "52.37024, 4.89173 · 12 m". */
export function LocationField(_props: { label?: string; sortable?: boolean }) {
  const record = useRecordContext<GatewayRecord>();
  const loc = record?.location;
  if (loc === undefined) {
    return (
      <Typography component="span" variant="body2" color="text.disabled">
        not set
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {loc.lat.toFixed(5)}, {loc.lon.toFixed(5)}
      {loc.alt !== undefined && loc.alt !== 0 ? ` · ${loc.alt} m` : ''}
    </Typography>
  );
}

/** Uplinks ↑ and downlinks ↓ this node has handled through the gateway. */
export function TrafficField(_props: { label?: string; sortable?: boolean }) {
  const record = useRecordContext<GatewayRecord>();
  const stats = record?.stats;
  if (stats === undefined) {
    return (
      <Typography component="span" variant="body2" color="text.disabled">
        —
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      ↑ {stats.uplinks} · ↓ {stats.downlinks}
    </Typography>
  );
}
