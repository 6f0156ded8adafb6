/**
 * RSSI and SNR of one device's uplinks over time (best gateway per uplink), on a numeric time
 * axis: points sit where they happened, so a silence shows as a gap of its real length.
 */
import { MenuItem, TextField, useTheme } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useDataProvider, useTranslate } from 'react-admin';
import {
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatTime } from '../components/time';
import { groupHex } from '../hex';
import type { LnsDataProvider } from '../providers/data-provider';
import type { FrameRecord, NodeRecord } from '../types';
import { ChartCard, ChartEmpty } from './ChartCard';
import { signalOverTime } from './stats';
import type { SignalPoint } from './stats';
import { timeAxis } from './time-axis';

/**
 * The two lines over a time axis. Fills its parent unless given a size (tests give one: the
 * DOM they run in has no layout to measure).
 */
export function SignalPlot({
  points,
  width = '100%',
  height = '100%',
}: {
  points: readonly SignalPoint[];
  width?: number | `${number}%`;
  height?: number | `${number}%`;
}) {
  const theme = useTheme();
  const axis = timeAxis(points[0]?.t ?? 0, points.at(-1)?.t ?? 0);
  return (
    <ResponsiveContainer width={width} height={height}>
      <LineChart data={points} margin={{ top: 8, right: 8, bottom: 0, left: -8 }}>
        <CartesianGrid strokeDasharray="3 3" />
        <XAxis
          dataKey="t"
          type="number"
          scale="time"
          domain={[...axis.domain]}
          ticks={[...axis.ticks]}
          tickFormatter={axis.format}
          tick={{ fontSize: 12 }}
        />
        <YAxis
          yAxisId="rssi"
          tick={{ fontSize: 12 }}
          unit=" dBm"
          width={80}
          domain={['auto', 'auto']}
        />
        <YAxis
          yAxisId="snr"
          orientation="right"
          tick={{ fontSize: 12 }}
          unit=" dB"
          width={60}
          domain={['auto', 'auto']}
        />
        <Tooltip labelFormatter={(t) => formatTime(new Date(Number(t)).toISOString())} />
        <Legend />
        <Line
          yAxisId="rssi"
          type="monotone"
          dataKey="rssi"
          name="RSSI (dBm)"
          stroke={theme.palette.primary.main}
          dot={points.length < 60}
          isAnimationActive={false}
        />
        <Line
          yAxisId="snr"
          type="monotone"
          dataKey="snr"
          name="SNR (dB)"
          stroke={theme.palette.secondary.main}
          dot={points.length < 60}
          isAnimationActive={false}
        />
      </LineChart>
    </ResponsiveContainer>
  );
}

export function SignalChart() {
  const translate = useTranslate();
  const dataProvider = useDataProvider<LnsDataProvider>();
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const nodes = useQuery({
    queryKey: ['lns', 'dashboard', 'nodes'],
    queryFn: () =>
      dataProvider.listAll<NodeRecord>('nodes', { sort: ['lastRx', 'DESC'], max: 200 }),
    refetchInterval: 30_000,
  });
  const heard = (nodes.data ?? []).filter((n) => n.lastRx !== undefined);
  const devAddr = chosen ?? heard[0]?.id;
  const frames = useQuery({
    queryKey: ['lns', 'dashboard', 'signal', devAddr],
    queryFn: () =>
      dataProvider.listAll<FrameRecord>('frames', {
        filter: { devAddr, dir: 'up' },
        sort: ['time', 'DESC'],
        max: 200,
      }),
    enabled: devAddr !== undefined,
    refetchInterval: 10_000,
  });
  const points = signalOverTime(frames.data ?? []);

  const picker = (
    <TextField
      select
      size="small"
      variant="outlined"
      margin="none"
      fullWidth={false}
      label={translate('lns.dashboard.choose_device')}
      value={devAddr ?? ''}
      onChange={(e) => setChosen(e.target.value)}
      sx={{ minWidth: 300 }}
      disabled={heard.length === 0}
      slotProps={{ inputLabel: { shrink: true } }}
    >
      {heard.map((n) => (
        <MenuItem key={n.id} value={n.id}>
          {n.id}
          {n.devEui === undefined ? '' : ` · ${groupHex(n.devEui)}`}
        </MenuItem>
      ))}
    </TextField>
  );

  return (
    <ChartCard title={translate('lns.dashboard.signal')} action={picker} height={280}>
      {devAddr === undefined ? (
        <ChartEmpty text={translate('lns.dashboard.no_device')} />
      ) : points.length === 0 ? (
        <ChartEmpty text={translate('lns.dashboard.no_frames')} />
      ) : (
        <SignalPlot points={points} />
      )}
    </ChartCard>
  );
}
