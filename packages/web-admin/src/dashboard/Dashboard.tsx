import { Box, Grid } from '@mui/material';
import { Title, useTranslate } from 'react-admin';
import { HealthTiles } from './HealthTiles';
import { SignalChart } from './SignalChart';
import { TrafficPerGatewayChart, UplinksPerMinuteChart, useRecentFrames } from './TrafficCharts';

export function Dashboard() {
  const translate = useTranslate();
  const frames = useRecentFrames();
  const data = frames.data ?? [];
  return (
    <Box sx={{ mt: 2, mb: 4 }}>
      <Title title={translate('lns.dashboard.title')} />
      <HealthTiles />
      <Grid container spacing={2} sx={{ mt: 1 }}>
        <Grid size={{ xs: 12, lg: 7 }}>
          <UplinksPerMinuteChart frames={data} />
        </Grid>
        <Grid size={{ xs: 12, lg: 5 }}>
          <TrafficPerGatewayChart frames={data} />
        </Grid>
        <Grid size={12}>
          <SignalChart />
        </Grid>
      </Grid>
    </Box>
  );
}
