/**
 * A time axis for charts whose points come at irregular times: ticks at round local times
 * (every 5 s, 10 min, 6 h, …) and labels as precise as the step, so that a gap of 11 minutes
 * looks eleven minutes wide and not like the next second.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const STEPS = [
  SECOND,
  2 * SECOND,
  5 * SECOND,
  10 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  5 * MINUTE,
  10 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  2 * DAY,
  7 * DAY,
];

export interface TimeAxis {
  /** [first, last] in ms since the epoch; a single instant is widened by a minute each way. */
  readonly domain: readonly [number, number];
  readonly ticks: readonly number[];
  /** The label of a tick (or of any time on the axis), as precise as the tick step. */
  readonly format: (ms: number) => string;
}

/** Offset of local time from UTC at `ms`, in ms (positive east of Greenwich). */
const localOffset = (ms: number): number => -new Date(ms).getTimezoneOffset() * MINUTE;

const pad = (n: number): string => String(n).padStart(2, '0');

function formatter(stepMs: number, multiDay: boolean): (ms: number) => string {
  return (ms) => {
    const d = new Date(ms);
    const date = `${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
    if (stepMs >= DAY) return `${d.getFullYear()}-${date}`;
    if (stepMs < MINUTE) return `${hm}:${pad(d.getSeconds())}`;
    return multiDay ? `${date} ${hm}` : hm;
  };
}

/** The axis for points between `firstMs` and `lastMs`, with at most `maxTicks` ticks. */
export function timeAxis(firstMs: number, lastMs: number, maxTicks = 6): TimeAxis {
  const [start, end] = lastMs > firstMs ? [firstMs, lastMs] : [firstMs - MINUTE, firstMs + MINUTE];
  const span = end - start;
  const step = STEPS.find((s) => span / s <= maxTicks) ?? Math.ceil(span / maxTicks / DAY) * DAY;
  // Round in local time, so that hourly ticks fall on the hour where the clock is not whole
  // hours from UTC (India, +05:30) and daily ticks on local midnight.
  const offset = localOffset(start);
  const ticks: number[] = [];
  for (let t = Math.ceil((start + offset) / step) * step - offset; t <= end; t += step) {
    ticks.push(t);
  }
  const multiDay = new Date(start).toDateString() !== new Date(end).toDateString();
  return { domain: [start, end], ticks, format: formatter(step, multiDay) };
}
