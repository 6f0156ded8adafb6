import { useTheme } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { useDataProvider, useTranslate } from 'react-admin';
import { useNow } from '../components/use-now';
import { groupHex } from '../hex';
import type { LnsDataProvider } from '../providers/data-provider';
import type { FrameRecord } from '../types';
import { ChartCard, ChartEmpty } from './ChartCard';
import { trafficPerGateway, uplinksPerMinute } from './stats';

/** The newest frames, shared by the two traffic charts (one request every 10 s). */
export function useRecentFrames() {
  const dataProvider = useDataProvider<LnsDataProvider>();
  return useQuery({
    queryKey: ['lns', 'dashboard', 'frames'],
    queryFn: () =>
      dataProvider.listAll<FrameRecord>('frames', { sort: ['time', 'DESC'], max: 1000 }),
    refetchInterval: 10_000,
  });
}

export function UplinksPerMinuteChart({ frames }: { frames: readonly FrameRecord[] }) {
  const theme = useTheme();
  const translate = useTranslate();
  const now = useNow(10_000);
  const data = uplinksPerMinute(frames, now);
  const total = data.reduce((n, b) => n + b.uplinks, 0);
  return (
    <ChartCard title={translate('lns.dashboard.uplinks_per_minute')}>
      {total === 0 ? (
        <ChartEmpty text={translate('lns.dashboard.no_frames')} />
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="label" interval={9} tick={{ fontSize: 12 }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Bar
              dataKey="uplinks"
              name="uplinks"
              fill={theme.palette.primary.main}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}

export function TrafficPerGatewayChart({ frames }: { frames: readonly FrameRecord[] }) {
  const theme = useTheme();
  const translate = useTranslate();
  const data = trafficPerGateway(frames)
    .slice(0, 10)
    .map((g) => ({ ...g, label: groupHex(g.gatewayEui) }));
  return (
    <ChartCard title={translate('lns.dashboard.traffic_per_gateway')}>
      {data.length === 0 ? (
        <ChartEmpty text={translate('lns.dashboard.no_frames')} />
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            layout="vertical"
            margin={{ top: 8, right: 16, bottom: 0, left: 8 }}
          >
            <CartesianGrid strokeDasharray="3 3" horizontal={false} />
            <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
            <YAxis
              type="category"
              dataKey="label"
              width={170}
              tick={{ fontSize: 11, fontFamily: 'ui-monospace, monospace' }}
            />
            <Tooltip />
            <Legend />
            <Bar
              dataKey="uplinks"
              stackId="t"
              name="uplinks"
              fill={theme.palette.primary.main}
              isAnimationActive={false}
            />
            <Bar
              dataKey="downlinks"
              stackId="t"
              name="downlinks"
              fill={theme.palette.secondary.main}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartCard>
  );
}
