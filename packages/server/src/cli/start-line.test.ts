import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { forEachLine, listeningPorts } from './start-line.js';

describe('listeningPorts', () => {
  it('reads the ports of the "node listening" line', () => {
    const line = JSON.stringify({
      level: 30,
      msg: 'node listening',
      httpPort: 8081,
      udpPort: 1701,
      clusterAddress: '127.0.0.1:4371',
    });
    expect(listeningPorts(line)).toEqual({
      httpPort: 8081,
      udpPort: 1701,
      clusterAddress: '127.0.0.1:4371',
    });
  });

  it('ignores other lines, banners and lines that only quote the message', () => {
    expect(listeningPorts(JSON.stringify({ msg: 'draining' }))).toBeUndefined();
    expect(listeningPorts('lns: created user "admin" with password x')).toBeUndefined();
    expect(listeningPorts('see "node listening" below')).toBeUndefined();
    expect(
      listeningPorts(JSON.stringify({ msg: 'node listening', httpPort: '1' })),
    ).toBeUndefined();
  });
});

describe('forEachLine', () => {
  it('hands on complete lines across chunks and drops an overlong partial line', () => {
    const stream = new PassThrough();
    const lines: string[] = [];
    forEachLine(stream, (l) => lines.push(l), 8);
    stream.write('ab');
    stream.write('c\nde');
    stream.write('f\n');
    stream.write('0123456789');
    stream.write('x\ny\n');
    expect(lines).toEqual(['abc', 'def', 'y']);
  });
});
