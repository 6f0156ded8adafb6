/**
 * The integration-event edge: ns's event, in the server's unit names, as SPEC's JSON (`rssi`,
 * `lsnr`, `tmst`, `freq` in MHz, `datr`, `codr`). The bus turns every event into this once,
 * so HTTP, MQTT and /api/stream send the same JSON.
 */
import type { IntegrationEvent, IntegrationRxInfo } from '../ns/index.js';
import type { IntegrationEventJson, RxInfoJson } from '../shared/contract.js';
import { mhzOf } from '../shared/radio.js';

function rxInfoJson(rx: IntegrationRxInfo): RxInfoJson {
  return {
    gatewayEui: rx.gatewayEui,
    rssi: rx.rssiDbm,
    lsnr: rx.snrDb,
    ...(rx.time === undefined ? {} : { time: rx.time }),
    tmst: rx.timestampUs,
    server: rx.server,
  };
}

/** SPEC "Integration event" JSON of `event`; events without radio fields pass unchanged. */
export function integrationEventJson(event: IntegrationEvent): IntegrationEventJson {
  switch (event.type) {
    case 'up': {
      const { rxInfo, txInfo, ...rest } = event;
      return {
        ...rest,
        rxInfo: rxInfo.map(rxInfoJson),
        txInfo: {
          freq: mhzOf(txInfo.frequencyHz),
          datr: txInfo.dataRate,
          ...(txInfo.codingRate === undefined ? {} : { codr: txInfo.codingRate }),
        },
      };
    }
    case 'join':
      return { ...event, rxInfo: event.rxInfo.map(rxInfoJson) };
    default:
      return event;
  }
}
