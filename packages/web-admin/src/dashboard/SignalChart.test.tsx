/**
 * The RSSI/SNR chart on a time axis: points sit where they happened (an 11-minute silence is
 * 660 times as wide as one second) and the ticks name round times.
 */
import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { SignalPlot } from './SignalChart';

const at = (h: number, m: number, s: number): number => new Date(2025, 5, 1, h, m, s).getTime();

const points = [
  { t: at(12, 0, 0), rssi: -80, snr: 7, fCnt: 1 },
  { t: at(12, 0, 1), rssi: -82, snr: 6, fCnt: 2 },
  { t: at(12, 11, 1), rssi: -95, snr: -1, fCnt: 3 },
];

describe('SignalPlot', () => {
  it('places each uplink at its time, so a long silence is a wide gap', () => {
    const { container } = render(<SignalPlot points={points} width={800} height={280} />);
    const dots = [...container.querySelectorAll('.recharts-line-dots')][0]!;
    const x = [...dots.querySelectorAll('circle')].map((c) => Number(c.getAttribute('cx')));
    expect(x).toHaveLength(3);
    const [a, b, c] = x as [number, number, number];
    expect((c - b) / (b - a)).toBeCloseTo(660, 0);
  });

  it('labels the axis with round times', () => {
    const { container } = render(<SignalPlot points={points} width={800} height={280} />);
    const labels = [
      ...container.querySelectorAll(
        '.recharts-xAxis-tick-labels .recharts-cartesian-axis-tick-value',
      ),
    ].map((el) => el.textContent);
    expect(labels).toEqual(['12:00', '12:02', '12:04', '12:06', '12:08', '12:10']);
  });
});
