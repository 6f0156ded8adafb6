import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { UplinkLog } from './uplink-log.js';

function capture(level: string): { lines: Record<string, unknown>[]; log: pino.Logger } {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { lines, log: pino({ level }, stream) };
}

describe('UplinkLog', () => {
  it('writes the fields known so far on every line, with the line own fields', async () => {
    const { lines, log } = capture('debug');
    const uplinkLog = new UplinkLog(log, { devAddr: '26000001' });
    uplinkLog.debug('first');
    uplinkLog.with({ fCnt: 7 });
    uplinkLog.info({ reason: 'x' }, 'second');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map(({ msg, devAddr, fCnt, reason }) => ({ msg, devAddr, fCnt, reason }))).toEqual(
      [
        { msg: 'first', devAddr: '26000001', fCnt: undefined, reason: undefined },
        { msg: 'second', devAddr: '26000001', fCnt: 7, reason: 'x' },
      ],
    );
  });

  it('writes nothing below the level', async () => {
    const { lines, log } = capture('info');
    const uplinkLog = new UplinkLog(log, { devAddr: '26000001' });
    uplinkLog.debug({ a: 1 }, 'hidden');
    uplinkLog.error('shown');
    await new Promise((resolve) => setImmediate(resolve));
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });
});
