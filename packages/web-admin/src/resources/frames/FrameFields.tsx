import {
  Box,
  Chip,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import { useRecordContext } from 'react-admin';
import { groupHex, hexToAscii } from '../../hex';
import type { FrameRecord } from '../../types';

export function DirField(_props: { label?: string; source?: string }) {
  const record = useRecordContext<FrameRecord>();
  if (record === undefined) return null;
  return (
    <Chip
      size="small"
      variant="outlined"
      color={record.dir === 'up' ? 'primary' : 'secondary'}
      label={record.dir === 'up' ? '↑ up' : '↓ down'}
    />
  );
}

/** The payload in hex, its printable text in a tooltip. */
export function PayloadField(_props: { label?: string; source?: string }) {
  const record = useRecordContext<FrameRecord>();
  if (record === undefined || record.data === '') {
    return (
      <Typography component="span" variant="body2" color="text.disabled">
        empty
      </Typography>
    );
  }
  return (
    <Tooltip title={`text: ${hexToAscii(record.data)}`} describeChild>
      <Typography
        component="span"
        variant="body2"
        sx={{
          fontFamily: 'ui-monospace, monospace',
          display: 'inline-block',
          maxWidth: 260,
          overflow: 'hidden',
          textOverflow: 'ellipsis',
          whiteSpace: 'nowrap',
          verticalAlign: 'bottom',
        }}
      >
        {record.data}
      </Typography>
    </Tooltip>
  );
}

/** "2 gateways · best −87 dBm / 7.5 dB". */
export function GatewaysSummaryField(_props: { label?: string; source?: string }) {
  const record = useRecordContext<FrameRecord>();
  const gws = record?.gateways ?? [];
  if (gws.length === 0) {
    return (
      <Typography component="span" variant="body2" color="text.disabled">
        —
      </Typography>
    );
  }
  const best = gws.reduce((a, b) => (b.rssi > a.rssi ? b : a));
  return (
    <Tooltip title={gws.map((g) => groupHex(g.gatewayEui)).join(', ')} describeChild>
      <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
        {gws.length === 1 ? groupHex(best.gatewayEui) : `${gws.length} gateways`} · {best.rssi} dBm
        / {best.lsnr} dB
      </Typography>
    </Tooltip>
  );
}

/** Every gateway that heard (or sent) the frame, with its radio data. */
export function FrameGatewaysTable() {
  const record = useRecordContext<FrameRecord>();
  const gws = record?.gateways ?? [];
  if (gws.length === 0) return <Typography variant="body2">No gateway data.</Typography>;
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="gateways">
        <TableHead>
          <TableRow>
            <TableCell>Gateway</TableCell>
            <TableCell align="right">RSSI (dBm)</TableCell>
            <TableCell align="right">SNR (dB)</TableCell>
            <TableCell align="right">Frequency (MHz)</TableCell>
            <TableCell>Data rate</TableCell>
            <TableCell align="right">tmst (µs)</TableCell>
            <TableCell>Server</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {gws.map((g) => (
            <TableRow key={`${g.gatewayEui}-${g.tmst}`}>
              <TableCell sx={{ fontFamily: 'ui-monospace, monospace' }}>
                {groupHex(g.gatewayEui)}
              </TableCell>
              <TableCell align="right">{g.rssi}</TableCell>
              <TableCell align="right">{g.lsnr}</TableCell>
              <TableCell align="right">{g.freq}</TableCell>
              <TableCell>{g.datr}</TableCell>
              <TableCell align="right">{g.tmst}</TableCell>
              <TableCell>{g.server}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
