/**
 * MAC command sequences <-> bytes, for FOpts and for an FPort 0 FRMPayload alike
 * [L2 1.0.4 §5]. The caller decrypts FRMPayload first; this layer sees cleartext only.
 */
import { LorawanDecodeError, LorawanEncodeError } from '../errors.js';
import type { MacDirection } from './cid.js';
import { MAC_FOPTS_MAX_LENGTH } from './cid.js';
import type { MacCommandCodec } from './codec-kit.js';
import type { DecodedMacCommand, MacCommand } from './commands.js';
import { codecByCid, codecByName } from './commands.js';

/**
 * Parses a sequence of MAC commands sent in `direction`. The first unknown CID (RFU or
 * proprietary 0x80..0xFF) ends parsing without error: the rest is returned as one trailing
 * `Unparsed` entry. A known CID with too few octets left throws LORAWAN_INVALID_MAC_COMMAND.
 */
export function decodeMacCommands(bytes: Uint8Array, direction: MacDirection): DecodedMacCommand[] {
  const commands: DecodedMacCommand[] = [];
  let offset = 0;
  for (let cid = bytes[offset]; cid !== undefined; cid = bytes[offset]) {
    const codec = codecByCid(cid, direction);
    if (codec === undefined) {
      // [L2 1.0.4 §5] Lengths are implied by the CID, so an unknown one hides where the next
      // command starts; stopping is what the spec asks of receivers, not a malformed frame.
      commands.push({ name: 'Unparsed', cid, offset, bytes: Buffer.from(bytes.subarray(offset)) });
      break;
    }
    const start = offset + 1;
    const end = start + codec.payloadLength;
    if (end > bytes.length) {
      // A known CID cut short cannot come from a correct sender, and a MIC-checked frame is not
      // damaged in transit: the whole sequence is refused rather than applied in part.
      throw new LorawanDecodeError('LORAWAN_INVALID_MAC_COMMAND', 'mac command truncated', {
        command: codec.name,
        cid,
        offset,
        direction,
        payloadLength: codec.payloadLength,
        available: bytes.length - start,
      });
    }
    commands.push(codec.decode(bytes.subarray(start, end)));
    offset = end;
  }
  return commands;
}

/** Options of encodeMacCommands. */
export interface EncodeMacCommandsOptions {
  /** Refuse output longer than this many octets (FOpts: 15; FRMPayload: the region's N). */
  readonly maxLength?: number;
}

/**
 * Serialises MAC commands sent in `direction`. Throws LorawanEncodeError for a command of the
 * other direction, a value out of range, a misplaced `Unparsed` entry or output over maxLength.
 */
export function encodeMacCommands(
  cmds: readonly DecodedMacCommand[],
  direction: MacDirection,
  options: EncodeMacCommandsOptions = {},
): Buffer {
  const parts = cmds.map((cmd, index) => resolve(cmd, index, cmds.length, direction));
  const length = parts.reduce((sum, part) => sum + partLength(part), 0);
  if (options.maxLength !== undefined && length > options.maxLength) {
    throw new LorawanEncodeError('mac commands too long', {
      length,
      maxLength: options.maxLength,
    });
  }
  const out = Buffer.alloc(length);
  let offset = 0;
  for (const part of parts) {
    if (part.kind === 'raw') {
      part.bytes.copy(out, offset);
      offset += part.bytes.length;
    } else {
      out[offset] = part.codec.cid;
      part.codec.encode(part.cmd, out.subarray(offset + 1, offset + 1 + part.codec.payloadLength));
      offset += 1 + part.codec.payloadLength;
    }
  }
  return out;
}

/** encodeMacCommands for the FOpts field: at most 15 octets [L2 1.0.4 §4.3.1.6, §5]. */
export function encodeFOptsMacCommands(
  cmds: readonly DecodedMacCommand[],
  direction: MacDirection,
): Buffer {
  return encodeMacCommands(cmds, direction, { maxLength: MAC_FOPTS_MAX_LENGTH });
}

/** Octets `cmd` takes on the wire, CID included; for packing commands into a budget. */
export function macCommandLength(cmd: DecodedMacCommand): number {
  if (cmd.name === 'Unparsed') return cmd.bytes.length;
  return 1 + requireCodec(cmd).payloadLength;
}

type Part =
  | { readonly kind: 'raw'; readonly bytes: Buffer }
  | { readonly kind: 'cmd'; readonly codec: MacCommandCodec<MacCommand>; readonly cmd: MacCommand };

function partLength(part: Part): number {
  return part.kind === 'raw' ? part.bytes.length : 1 + part.codec.payloadLength;
}

function resolve(
  cmd: DecodedMacCommand,
  index: number,
  count: number,
  direction: MacDirection,
): Part {
  if (cmd.name === 'Unparsed') {
    // Unparsed runs to the end of the input it came from, so only the last place keeps it so.
    if (index !== count - 1 || cmd.bytes.length === 0 || cmd.bytes[0] !== cmd.cid) {
      throw new LorawanEncodeError('unparsed mac bytes must come last and start with their cid', {
        index,
        cid: cmd.cid,
      });
    }
    return { kind: 'raw', bytes: cmd.bytes };
  }
  const codec = requireCodec(cmd);
  if (codec.direction !== direction) {
    throw new LorawanEncodeError(`${cmd.name} is not sent in this direction`, {
      command: cmd.name,
      direction,
      index,
    });
  }
  return { kind: 'cmd', codec, cmd };
}

function requireCodec(cmd: MacCommand): MacCommandCodec<MacCommand> {
  const codec = codecByName(cmd.name);
  // Reachable only from untyped callers (JSON, plain JS) with a made-up name.
  if (codec === undefined) {
    throw new LorawanEncodeError('unknown mac command', { command: String(cmd.name) });
  }
  return codec;
}
