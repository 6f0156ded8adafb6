/**
 * The REST body of the device profile most end-to-end tests need: EU868, class A, LoRaWAN
 * 1.0.3, no ADR, RX1 after 1 s, RX2 at DR0 on 869.525 MHz (RP002 EU868 defaults), strict
 * 32-bit counters.
 */
export function euClassAProfile(id: string, name: string) {
  return {
    id,
    name,
    region: 'EU868',
    macVersion: '1.0.3',
    deviceClass: 'A',
    adr: false,
    rx1Delay: 1,
    rx1DrOffset: 0,
    rx2Dr: 0,
    rx2Freq: 869525000,
    fcntCheck: 'strict32',
  };
}
