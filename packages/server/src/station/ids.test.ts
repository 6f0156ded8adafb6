import { describe, expect, it } from 'vitest';
import type { Eui64 } from '../shared/ids.js';
import { dashedEui, id6Of, parseRouterId } from './ids.js';

describe('router identities ["The LNS Protocol", ID6]', () => {
  it.each([
    ['b827:ebff:fe61:51ad', 'b827ebfffe6151ad'],
    ['::0', '0000000000000000'],
    ['::', '0000000000000000'],
    ['::1', '0000000000000001'],
    ['::a:b', '00000000000a000b'],
    ['1::', '0001000000000000'],
    ['1:2::', '0001000200000000'],
    ['f::1', '000f000000000001'],
    ['1:0:0:1', '0001000000000001'],
    ['B8-27-EB-FF-FE-61-51-AD', 'b827ebfffe6151ad'],
    ['b8:27:eb:ff:fe:61:51:ad', 'b827ebfffe6151ad'],
    ['B827EBFFFE6151AD', 'b827ebfffe6151ad'],
  ])('%s is %s', (text, eui) => {
    expect(parseRouterId(text)).toBe(eui);
  });

  it('takes integers, signed or not, exact beyond 2^53 as bigint', () => {
    expect(parseRouterId(1)).toBe('0000000000000001');
    expect(parseRouterId(0xb827ebfffe6151adn)).toBe('b827ebfffe6151ad');
    expect(parseRouterId(BigInt.asIntN(64, 0xb827ebfffe6151adn))).toBe('b827ebfffe6151ad');
    expect(parseRouterId(2 ** 60)).toBeUndefined();
  });

  it.each(['', ':::1', '1::2::3', '12345::', '1:2:3', '1:2:3:4:5', 'g::1', 'router', '::1:2:3:4'])(
    'refuses %j',
    (text) => {
      expect(parseRouterId(text)).toBeUndefined();
    },
  );

  it('writes ID6 with :: where the Station writes it, and EUIs as HH-HH-…', () => {
    expect(id6Of('0000000000000000' as Eui64)).toBe('::0');
    expect(id6Of('0000000000000001' as Eui64)).toBe('::1');
    expect(id6Of('00000000000a000b' as Eui64)).toBe('::a:b');
    expect(id6Of('0001000000000000' as Eui64)).toBe('1::');
    expect(id6Of('0001000200000000' as Eui64)).toBe('1:2::');
    expect(id6Of('000f000000000001' as Eui64)).toBe('f::1');
    expect(id6Of('b827ebfffe6151ad' as Eui64)).toBe('b827:ebff:fe61:51ad');
    expect(id6Of('0001000000020003' as Eui64)).toBe('1:0:2:3');
    expect(dashedEui('b827ebfffe6151ad' as Eui64)).toBe('B8-27-EB-FF-FE-61-51-AD');
    for (const eui of ['0001000000020003', '000f000000000001', 'b827ebfffe6151ad'] as Eui64[]) {
      expect(parseRouterId(id6Of(eui))).toBe(eui);
    }
  });
});
