import { describe, expect, it } from 'vitest';
import { timeAxis } from './time-axis';

// The test run's time zone is whatever the machine has: build the instants in local time.
const at = (h: number, m: number, s = 0, day = 1): number =>
  new Date(2025, 5, day, h, m, s).getTime();

describe('time axis', () => {
  it('puts ticks on round minutes across an 11-minute gap', () => {
    const axis = timeAxis(at(12, 0, 0), at(12, 11, 1));
    expect(axis.domain).toEqual([at(12, 0, 0), at(12, 11, 1)]);
    expect(axis.ticks.map(axis.format)).toEqual([
      '12:00',
      '12:02',
      '12:04',
      '12:06',
      '12:08',
      '12:10',
    ]);
  });

  it('labels seconds when the points are seconds apart', () => {
    const axis = timeAxis(at(9, 59, 58), at(10, 0, 20));
    expect(axis.ticks.map(axis.format)).toEqual([
      '10:00:00',
      '10:00:05',
      '10:00:10',
      '10:00:15',
      '10:00:20',
    ]);
  });

  it('adds the date when the range crosses midnight', () => {
    const axis = timeAxis(at(20, 10, 0, 1), at(8, 0, 0, 2));
    expect(axis.ticks.map(axis.format)).toEqual([
      '06-01 22:00',
      '06-02 00:00',
      '06-02 02:00',
      '06-02 04:00',
      '06-02 06:00',
      '06-02 08:00',
    ]);
  });

  it('widens a single instant by a minute each way', () => {
    const axis = timeAxis(at(12, 0, 30), at(12, 0, 30));
    expect(axis.domain).toEqual([at(11, 59, 30), at(12, 1, 30)]);
    expect(axis.ticks.map(axis.format)).toEqual([
      '11:59:30',
      '12:00:00',
      '12:00:30',
      '12:01:00',
      '12:01:30',
    ]);
  });
});
