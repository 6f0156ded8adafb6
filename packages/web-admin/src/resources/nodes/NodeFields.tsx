import { Box, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { groupHex } from '../../hex';
import type { NodeRecord } from '../../types';

/** The EUI, RSSI and SNR of the gateway that heard the last uplink best. */
export function LastGatewayField(_props: { label?: string; sortable?: boolean }) {
  const record = useRecordContext<NodeRecord>();
  const gw = record?.lastGateway;
  if (gw === undefined) {
    return (
      <Typography component="span" variant="body2" color="text.disabled">
        —
      </Typography>
    );
  }
  return (
    <Box component="span" sx={{ whiteSpace: 'nowrap', display: 'inline-block' }}>
      <Typography
        component="span"
        variant="body2"
        sx={{ fontFamily: 'ui-monospace, monospace', display: 'block' }}
      >
        {groupHex(gw.gatewayEui)}
      </Typography>
      <Typography component="span" variant="caption" color="text.secondary">
        {gw.rssi} dBm · SNR {gw.lsnr} dB
      </Typography>
    </Box>
  );
}

/** Data rate, TX power index and NbTrans the ADR state holds. */
export function AdrStateField(_props: { label?: string }) {
  const record = useRecordContext<NodeRecord>();
  const adr = record?.adr;
  if (adr === undefined) {
    return (
      <Typography component="span" variant="body2" color="text.disabled">
        no ADR state yet
      </Typography>
    );
  }
  return (
    <Typography component="span" variant="body2">
      DR{adr.dataRate} · TX power {adr.txPower} · NbTrans {adr.nbTrans}
      {adr.snrHistory.length > 0 ? ` · ${adr.snrHistory.length} SNR samples` : ''}
    </Typography>
  );
}
