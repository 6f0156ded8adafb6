import { describe, expect, it } from 'vitest';
import {
  base64ToBytes,
  bytesToBase64,
  groupHex,
  hexToAscii,
  hexToBytes,
  normaliseHex,
  randomKeyHex,
  validateDevAddr,
  validateEui,
  validateKey,
} from './hex';

describe('hex identifiers', () => {
  it.each([
    ['AA:55:5A:00:00:00:01:01', 'aa555a0000000101'],
    ['aa-55-5a-00-00-00-01-01', 'aa555a0000000101'],
    ['aa 55 5a 00 00 00 01 01', 'aa555a0000000101'],
    ['0xAA555A0000000101', 'aa555a0000000101'],
    ['  aa555a0000000101 ', 'aa555a0000000101'],
  ])('normalises %s', (input, expected) => {
    expect(normaliseHex(input)).toBe(expected);
  });

  it('leaves text that is not hex for the validator to refuse', () => {
    expect(normaliseHex('gateway-one')).toBe('gateway-one');
    expect(validateEui('gateway-one')).toMatch(/64-bit EUI/);
  });

  it('groups EUIs by byte for reading', () => {
    expect(groupHex('aa555a0000000101')).toBe('aa:55:5a:00:00:00:01:01');
    expect(groupHex('not hex')).toBe('not hex');
    expect(groupHex(undefined)).toBe('');
  });

  it('validates EUIs, DevAddrs and keys in any common format, and allows empty', () => {
    expect(validateEui('AA:55:5A:00:00:00:01:01')).toBeUndefined();
    expect(validateEui('aa555a00000001')).toMatch(/16 hex digits/);
    expect(validateEui('')).toBeUndefined();
    expect(validateDevAddr('26-01-1B-DA')).toBeUndefined();
    expect(validateDevAddr('26011bd')).toMatch(/8 hex digits/);
    expect(validateKey('2B7E151628AED2A6ABF7158809CF4F3C')).toBeUndefined();
    expect(validateKey('2b7e15')).toMatch(/32 hex digits/);
  });

  it('converts between hex, bytes and base64', () => {
    const bytes = hexToBytes('01 02 ff');
    expect([...bytes]).toEqual([1, 2, 255]);
    expect(bytesToBase64(bytes)).toBe('AQL/');
    expect([...base64ToBytes('AQL/')]).toEqual([1, 2, 255]);
    expect(() => hexToBytes('123')).toThrow(/even number/);
    expect(hexToAscii('48692100')).toBe('Hi!.');
  });

  it('makes random 128-bit keys', () => {
    const a = randomKeyHex();
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(randomKeyHex()).not.toBe(a);
  });
});
