/**
 * MAC commands of an uplink, dispatched by command to one pure handler each (T
 * `networkserver/mac`, C `maccommand/`). The pending-request queue lives in pending.ts.
 */
import type { DecodedMacCommand, DownlinkMacCommand } from '../../lorawan/index.js';
import type { NodeSession } from '../model.js';
import { handleDevStatusAns } from './dev-status.js';
import { handleDeviceTimeReq } from './device-time.js';
import { handleDlChannelAns } from './dl-channel.js';
import { handleDutyCycleAns } from './duty-cycle.js';
import { handleLinkAdrAns } from './link-adr.js';
import { handleLinkCheckReq } from './link-check.js';
import { handleNewChannelAns } from './new-channel.js';
import { handleRxParamSetupAns } from './rx-param-setup.js';
import { handleRxTimingSetupAns } from './rx-timing-setup.js';
import { handleTxParamSetupAns } from './tx-param-setup.js';
import type { MacNote, MacOutcome, MacUplink } from './types.js';

export type { MacHandler, MacNote, MacOutcome, MacUplink } from './types.js';
export {
  addPendingRequests,
  pendingCommandName,
  pendingRequests,
  takePendingForDownlink,
  withoutPending,
} from './pending.js';
export type { PendingForDownlink } from './pending.js';
export { recordAnswer } from './answers.js';
export { uplinkGpsTimeMs } from './device-time.js';
export { GPS_EPOCH_UNIX_MS, gpsLeapSecondsAt, utcMsToGpsMs } from './gps-time.js';
export {
  handleDevStatusAns,
  handleDeviceTimeReq,
  handleDlChannelAns,
  handleDutyCycleAns,
  handleLinkAdrAns,
  handleLinkCheckReq,
  handleNewChannelAns,
  handleRxParamSetupAns,
  handleRxTimingSetupAns,
  handleTxParamSetupAns,
};

function handleOne(session: NodeSession, cmd: DecodedMacCommand, uplink: MacUplink): MacOutcome {
  switch (cmd.name) {
    case 'LinkCheckReq':
      return handleLinkCheckReq(session, cmd, uplink);
    case 'LinkADRAns':
      return handleLinkAdrAns(session, cmd, uplink);
    case 'DutyCycleAns':
      return handleDutyCycleAns(session, cmd, uplink);
    case 'RXParamSetupAns':
      return handleRxParamSetupAns(session, cmd, uplink);
    case 'DevStatusAns':
      return handleDevStatusAns(session, cmd, uplink);
    case 'NewChannelAns':
      return handleNewChannelAns(session, cmd, uplink);
    case 'RXTimingSetupAns':
      return handleRxTimingSetupAns(session, cmd, uplink);
    case 'TxParamSetupAns':
      return handleTxParamSetupAns(session, cmd, uplink);
    case 'DlChannelAns':
      return handleDlChannelAns(session, cmd, uplink);
    case 'DeviceTimeReq':
      return handleDeviceTimeReq(session, cmd, uplink);
    case 'Unparsed':
      // [L2 1.0.4 §5] an unknown CID hides where the next command starts: stop here.
      return {
        session,
        answers: [],
        notes: [{ kind: 'unknown_cid', cid: cmd.cid, offset: cmd.offset }],
      };
    default:
      return { session, answers: [], notes: [{ kind: 'unexpected', command: cmd.name }] };
  }
}

/**
 * Applies an uplink's MAC commands in order: the session after all of them, the answers to
 * send (in the order of the requests) and the notes to report.
 */
export function handleMacCommands(
  session: NodeSession,
  commands: readonly DecodedMacCommand[],
  uplink: MacUplink,
): MacOutcome {
  let current = session;
  const answers: DownlinkMacCommand[] = [];
  const notes: MacNote[] = [];
  for (const cmd of commands) {
    const out = handleOne(current, cmd, uplink);
    current = out.session;
    answers.push(...out.answers);
    notes.push(...out.notes);
  }
  return { session: current, answers, notes };
}
