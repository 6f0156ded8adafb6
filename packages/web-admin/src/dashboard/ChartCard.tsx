import { Box, Card, CardContent, Typography } from '@mui/material';
import type { ReactNode } from 'react';

export function ChartCard({
  title,
  action,
  children,
  height = 260,
}: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
  height?: number;
}) {
  return (
    <Card variant="outlined" sx={{ height: '100%' }}>
      <CardContent>
        <Box
          sx={{
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'space-between',
            mb: 1,
            gap: 2,
          }}
        >
          <Typography variant="subtitle1" component="h2" sx={{ fontWeight: 600 }}>
            {title}
          </Typography>
          {action}
        </Box>
        <Box sx={{ height, position: 'relative' }}>{children}</Box>
      </CardContent>
    </Card>
  );
}

export function ChartEmpty({ text }: { text: string }) {
  return (
    <Box
      sx={{
        height: '100%',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        color: 'text.secondary',
        textAlign: 'center',
        px: 4,
        border: 1,
        borderStyle: 'dashed',
        borderColor: 'divider',
        borderRadius: 1,
      }}
    >
      <Typography variant="body2">{text}</Typography>
    </Box>
  );
}
