import { describe, expect, it } from 'vitest';
import { integrationEventJson } from './event-json.js';
import { errorEvent, joinEvent, statusEvent, upEvent, upNsEvent } from './testing/events.js';

describe('integration event JSON (SPEC "Integration event")', () => {
  it('writes rxInfo and txInfo in SPEC names: rssi, lsnr, tmst, freq in MHz, datr, codr', () => {
    expect(integrationEventJson(upNsEvent)).toEqual(upEvent);
  });

  it('maps a join-request rxInfo the same way', () => {
    const [rx] = upNsEvent.type === 'up' ? upNsEvent.rxInfo : [];
    const json = integrationEventJson({ ...joinEvent, rxInfo: [rx!] });
    expect(json).toEqual({ ...joinEvent, rxInfo: upEvent.type === 'up' ? upEvent.rxInfo : [] });
  });

  it('passes events without radio values unchanged', () => {
    expect(integrationEventJson(statusEvent)).toEqual(statusEvent);
    expect(integrationEventJson(errorEvent)).toEqual(errorEvent);
  });
});
