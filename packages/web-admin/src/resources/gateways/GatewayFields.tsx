import { Chip, Tooltip, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { GatewayRecord } from '../../types';
import { connectionState } from './connection';

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

/** "Basics Station · connected", "UDP · no path": protocol and connection state as one chip. */
export function ConnectionField(_props: { label?: string; sortable?: boolean }) {
  const record = useRecordContext<GatewayRecord>();
  if (record === undefined) return null;
  const state = connectionState(record);
  return (
    <Tooltip title={state.detail} describeChild>
      <Chip
        size="small"
        color={state.color}
        variant={state.color === 'default' ? 'outlined' : 'filled'}
        label={state.label}
        data-connection={state.color}
      />
    </Tooltip>
  );
}

/** The gateway's region, or that the node's default (LNS_REGION) applies. */
export function RegionField(_props: { label?: string; sortable?: boolean }) {
  const record = useRecordContext<GatewayRecord>();
  if (record?.region === undefined) {
    return (
      <Typography component="span" variant="body2" color="text.secondary">
        node default
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2">
      {record.region}
    </Typography>
  );
}
