/** Small read-only fields shared by the resources. */
import { Chip, Tooltip, Typography } from '@mui/material';
import type { ChipProps } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { formatDuration, formatTime, timeAgo } from './time';
import { useNow } from './use-now';
import { stringAt, valueAt } from './value-at';

interface SourceProps {
  readonly source: string;
  readonly label?: string;
  readonly sortable?: boolean;
}

function Dash() {
  return (
    <Typography component="span" variant="body2" color="text.disabled">
      —
    </Typography>
  );
}

/** "5 min ago", with the exact time in a tooltip; "never" when absent. */
export function TimeAgoField({
  source,
  emptyText = 'never',
}: SourceProps & { emptyText?: string }) {
  const record = useRecordContext();
  const now = useNow();
  const value = stringAt(record, source);
  if (value === undefined) {
    return (
      <Typography component="span" variant="body2" color="text.disabled">
        {emptyText}
      </Typography>
    );
  }
  return (
    <Tooltip title={formatTime(value)} describeChild>
      <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
        {timeAgo(value, now)}
      </Typography>
    </Tooltip>
  );
}

/** Text, or a dash when the record has none (optional columns). */
export function TextOrDash({ source }: SourceProps) {
  const record = useRecordContext();
  const value = valueAt(record, source);
  if (value === undefined || value === null || value === '') return <Dash />;
  const text =
    typeof value === 'string'
      ? value
      : typeof value === 'number' || typeof value === 'boolean'
        ? String(value)
        : JSON.stringify(value);
  return (
    <Typography component="span" variant="body2">
      {text}
    </Typography>
  );
}

/** An absolute local time with seconds. */
export function TimeField({ source }: SourceProps) {
  const record = useRecordContext();
  const value = stringAt(record, source);
  if (value === undefined) return <Dash />;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {formatTime(value)}
    </Typography>
  );
}

export function DurationField({ source }: SourceProps) {
  const record = useRecordContext();
  const value = valueAt(record, source);
  if (typeof value !== 'number') return <Dash />;
  return (
    <Typography component="span" variant="body2">
      {formatDuration(value)}
    </Typography>
  );
}

/** A number with a unit, or a dash when absent. */
export function UnitField({
  source,
  unit,
  digits,
}: SourceProps & { unit: string; digits?: number }) {
  const record = useRecordContext();
  const value = valueAt(record, source);
  if (typeof value !== 'number') return <Dash />;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {digits === undefined ? value : value.toFixed(digits)} {unit}
    </Typography>
  );
}

type ChipColor = ChipProps['color'];

const statusColors: Readonly<Record<string, ChipColor>> = {
  up: 'success',
  ok: 'success',
  joining: 'info',
  starting: 'info',
  leaving: 'warning',
  draining: 'warning',
  degraded: 'warning',
  down: 'error',
};

/** A server or health status as a coloured chip. */
export function StatusChipField({ source }: SourceProps) {
  const record = useRecordContext();
  const value = stringAt(record, source);
  if (value === undefined) return <Dash />;
  return <Chip size="small" label={value} color={statusColors[value] ?? 'default'} />;
}

export const severityColors: Readonly<Record<string, ChipColor>> = {
  error: 'error',
  warning: 'warning',
  info: 'info',
  debug: 'default',
};

/** An event severity: error red, warning amber, info blue, debug grey. */
export function SeverityField({ source }: SourceProps) {
  const record = useRecordContext();
  const value = stringAt(record, source);
  if (value === undefined) return <Dash />;
  return (
    <Chip
      size="small"
      label={value}
      color={severityColors[value] ?? 'default'}
      variant={value === 'debug' ? 'outlined' : 'filled'}
      data-severity={value}
    />
  );
}

/** Battery of DevStatusAns [L2 1.0.4 §5.5]: 0 external power, 1..254 level, 255 unknown. */
export function BatteryField({ source }: SourceProps) {
  const record = useRecordContext();
  const value = valueAt(record, source);
  if (typeof value !== 'number') return <Dash />;
  const text =
    value === 0 ? 'external' : value === 255 ? 'unknown' : `${Math.round((value / 254) * 100)} %`;
  return (
    <Typography component="span" variant="body2" sx={{ whiteSpace: 'nowrap' }}>
      {text}
    </Typography>
  );
}
