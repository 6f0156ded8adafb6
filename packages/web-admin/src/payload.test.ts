import { describe, expect, it } from 'vitest';
import { encodePayload, validatePayload } from './payload';

describe('downlink payloads', () => {
  it('encodes hex, text and base64 as the base64 the queue API takes', () => {
    expect(encodePayload('hex', '01 02 FF')).toBe('AQL/');
    expect(encodePayload('hex', '0x0102ff')).toBe('AQL/');
    expect(encodePayload('text', 'hi')).toBe('aGk=');
    expect(encodePayload('base64', 'AQL/')).toBe('AQL/');
    expect(encodePayload('hex', '')).toBe('');
  });

  it('says what is wrong with a payload', () => {
    expect(validatePayload('0g', { format: 'hex' })).toMatch(/only 0-9, a-f/);
    expect(validatePayload('012', { format: 'hex' })).toMatch(/two digits per byte/);
    expect(validatePayload('***', { format: 'base64' })).toMatch(/base64/);
    expect(validatePayload('00'.repeat(243), { format: 'hex' })).toMatch(
      /at most 242 bytes \(this is 243\)/,
    );
    expect(validatePayload('00'.repeat(242), { format: 'hex' })).toBeUndefined();
  });
});
