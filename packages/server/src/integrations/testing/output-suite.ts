/**
 * The contract every IntegrationOutput keeps (CONVENTIONS §7 shared suite), run against the
 * HTTP output with a real HTTP server and the MQTT output with a real broker.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IntegrationEventJson } from '../../shared/contract.js';
import type { IntegrationOutput } from '../output.js';
import { joinEvent, upEvent, waitFor } from './events.js';

export interface OutputHarness {
  readonly output: IntegrationOutput;
  /** Events the receiving side got so far, parsed from the wire. */
  received(): unknown[];
  /** Closes the receiving side (the output is closed by the suite). */
  close(): Promise<void>;
}

export function describeIntegrationOutput(
  name: string,
  factory: () => Promise<OutputHarness>,
): void {
  describe(`IntegrationOutput contract: ${name}`, () => {
    let h: OutputHarness;

    beforeEach(async () => {
      h = await factory();
    });

    afterEach(async () => {
      await h.output.close();
      await h.close();
    });

    it('delivers each event as the SPEC JSON and counts it sent', async () => {
      const events: IntegrationEventJson[] = [upEvent, joinEvent];
      for (const e of events) h.output.deliver(e);
      await waitFor(() => h.output.stats().sent === 2);
      const got = h.received();
      expect(got).toHaveLength(2);
      expect(got).toEqual(
        expect.arrayContaining(events.map((e) => JSON.parse(JSON.stringify(e)) as unknown)),
      );
      expect(h.output.stats()).toEqual({ sent: 2, failed: 0, dropped: 0, queued: 0 });
    });

    it('close is idempotent and an event after close is dropped, not sent', async () => {
      await h.output.close();
      await h.output.close();
      expect(() => h.output.deliver(upEvent)).not.toThrow();
      expect(h.output.stats()).toMatchObject({ sent: 0, dropped: 1, queued: 0 });
      expect(h.received()).toEqual([]);
    });
  });
}
