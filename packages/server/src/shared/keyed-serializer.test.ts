import { describe, expect, it } from 'vitest';
import { KeyedSerializer } from './keyed-serializer.js';

describe('KeyedSerializer', () => {
  it('runs tasks of one key in order, other keys alongside', async () => {
    const serial = new KeyedSerializer();
    const log: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = serial.run('a', async () => {
      log.push('a1 start');
      await gate;
      log.push('a1 end');
    });
    const second = serial.run('a', () => {
      log.push('a2');
      return Promise.resolve();
    });
    const other = serial.run('b', () => {
      log.push('b1');
      return Promise.resolve();
    });
    await other;
    expect(log).toEqual(['a1 start', 'b1']);
    release();
    await Promise.all([first, second]);
    expect(log).toEqual(['a1 start', 'b1', 'a1 end', 'a2']);
  });

  it('goes on after a failed task and forgets idle keys', async () => {
    const serial = new KeyedSerializer();
    await expect(serial.run('a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(serial.run('a', () => Promise.resolve(2))).resolves.toBe(2);
    await Promise.resolve();
    await Promise.resolve();
    expect(serial.size).toBe(0);
  });
});
