/**
 * Cluster health at a glance: this node's /health (status, uptime, cluster members up, UDP,
 * database), each server's status, how many gateways and devices (OTAA and ABP) exist and how
 * many sessions are active (sessions.ts says what active means).
 */
import { Box, Card, CardContent, Chip, Grid, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import { formatDuration } from '../components/time';
import type { LnsDataProvider } from '../providers/data-provider';
import type { ServerRecord } from '../types';
import { ACTIVE_WINDOW_TEXT, countActiveSessions, deviceTotals } from './sessions';

const REFRESH_MS = 5000;

function Tile({
  label,
  value,
  hint,
  testId,
}: {
  label: string;
  value: ReactNode;
  hint?: ReactNode;
  testId?: string;
}) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }} data-testid={testId}>
      <CardContent sx={{ py: 1.5, '&:last-child': { pb: 1.5 } }}>
        <Typography
          variant="caption"
          color="text.secondary"
          sx={{ textTransform: 'uppercase', letterSpacing: 0.5 }}
        >
          {label}
        </Typography>
        <Box sx={{ mt: 0.5, fontSize: 22, fontWeight: 600, lineHeight: 1.3 }}>{value}</Box>
        {hint === undefined ? null : (
          <Typography variant="caption" color="text.secondary">
            {hint}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

const okColor = (ok: boolean) => (ok ? 'success' : 'error');

export function HealthTiles() {
  const dataProvider = useDataProvider<LnsDataProvider>();
  const translate = useTranslate();
  const health = useQuery({
    queryKey: ['lns', 'health'],
    queryFn: () => dataProvider.getHealth(),
    refetchInterval: REFRESH_MS,
  });
  const servers = useQuery({
    queryKey: ['lns', 'dashboard', 'servers'],
    queryFn: () =>
      dataProvider.getList<ServerRecord>('servers', {
        pagination: { page: 1, perPage: 100 },
        sort: { field: 'id', order: 'ASC' },
        filter: {},
      }),
    refetchInterval: REFRESH_MS,
  });
  const totals = useQuery({
    queryKey: ['lns', 'dashboard', 'totals'],
    queryFn: () => deviceTotals(dataProvider),
    refetchInterval: REFRESH_MS * 2,
  });
  const active = useQuery({
    queryKey: ['lns', 'dashboard', 'active-sessions'],
    queryFn: () => countActiveSessions(dataProvider, Date.now()),
    refetchInterval: REFRESH_MS * 2,
  });

  const h = health.data;
  const serverList = servers.data?.data ?? [];
  const up = serverList.filter((s) => s.status === 'up').length;
  const t = totals.data;
  const a = active.data;
  return (
    <Box>
      <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600, mb: 1 }}>
        {translate('lns.dashboard.health')}
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 6, sm: 4, md: 2 }}>
          <Tile
            testId="tile-node"
            label={h === undefined ? 'This node' : `Node ${h.node}`}
            value={
              h === undefined ? (
                health.isError ? (
                  <Chip color="error" label="unreachable" />
                ) : (
                  '…'
                )
              ) : (
                <Chip color={h.status === 'ok' ? 'success' : 'warning'} label={h.status} />
              )
            }
            hint={h === undefined ? undefined : `up ${formatDuration(h.uptimeS)}`}
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 4, md: 2 }}>
          <Tile
            testId="tile-servers"
            label="Servers up"
            value={serverList.length === 0 ? '…' : `${up} / ${serverList.length}`}
            hint={
              <Box component="span" sx={{ display: 'inline-flex', gap: 0.5, flexWrap: 'wrap' }}>
                {serverList.map((s) => (
                  <span key={s.id}>
                    {s.id}: {s.status}
                  </span>
                ))}
              </Box>
            }
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 4, md: 2 }}>
          <Tile
            testId="tile-io"
            label="UDP · database"
            value={
              h === undefined ? (
                '…'
              ) : (
                <Box sx={{ display: 'flex', gap: 1 }}>
                  <Chip size="small" color={okColor(h.udp === 'ok')} label={`udp ${h.udp}`} />
                  <Chip size="small" color={okColor(h.db !== 'down')} label={`db ${h.db}`} />
                </Box>
              )
            }
            hint={h === undefined ? undefined : `cluster ${h.cluster.up}/${h.cluster.members} up`}
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 4, md: 2 }}>
          <Tile testId="tile-gateways" label="Gateways" value={t?.gateways ?? '…'} />
        </Grid>
        <Grid size={{ xs: 6, sm: 4, md: 2 }}>
          <Tile
            testId="tile-devices"
            label="Devices"
            value={t === undefined ? '…' : t.otaa + t.abp}
            hint={t === undefined ? undefined : `${t.otaa} OTAA · ${t.abp} ABP`}
          />
        </Grid>
        <Grid size={{ xs: 6, sm: 4, md: 2 }}>
          <Tile
            testId="tile-sessions"
            label="Active sessions"
            value={a === undefined ? '…' : `${a.active}${a.atLeast ? '+' : ''}`}
            hint={`${t === undefined ? '' : `of ${t.sessions} · `}${ACTIVE_WINDOW_TEXT}`}
          />
        </Grid>
      </Grid>
    </Box>
  );
}
