/**
 * LinkADRReq channel-mask semantics, driven by each region's ChMaskCntl table
 * [RP002-1.0.4 §2.4.5, §2.5.5, §2.8.5, §2.9.5], and the reverse: which (ChMaskCntl, ChMask)
 * block gets a device to a wanted set of channels. Channel sets are sorted index arrays.
 */
import { LorawanRegionError } from '../errors.js';
import type { ChMaskCntlRule, ChMaskSetting } from './region.js';

export type ChMaskCntlRules = ReadonlyMap<number, ChMaskCntlRule>;

const CH_MASK_BITS = 16;

function sorted(set: ReadonlySet<number>): number[] {
  return [...set].sort((a, b) => a - b);
}

function checkChannelSet(what: string, channels: readonly number[], defined: ReadonlySet<number>) {
  for (const ch of channels) {
    if (!defined.has(ch)) {
      throw new LorawanRegionError(`${what} holds a channel the device has not defined`, {
        channel: ch,
      });
    }
  }
}

function checkSetting(setting: ChMaskSetting): void {
  const { chMaskCntl, chMask } = setting;
  if (!Number.isInteger(chMaskCntl) || chMaskCntl < 0 || chMaskCntl > 7) {
    throw new LorawanRegionError('chMaskCntl out of range', { chMaskCntl });
  }
  if (!Number.isInteger(chMask) || chMask < 0 || chMask > 0xffff) {
    throw new LorawanRegionError('chMask out of range', { chMask });
  }
}

function bit(mask: number, i: number): boolean {
  return ((mask >> i) & 1) === 1;
}

/** Throws when a mask bit at or above `from` is set: those bits are RFU for this ChMaskCntl. */
function checkRfuBits(setting: ChMaskSetting, from: number): void {
  if (setting.chMask >> from !== 0) {
    throw new LorawanRegionError('chMask sets RFU bits', {
      chMaskCntl: setting.chMaskCntl,
      chMask: setting.chMask,
    });
  }
}

/**
 * Sets one channel from a mask bit. Enabling a channel the device has not defined makes it
 * reject the whole command [RP002-1.0.4 §2.4.5]; clearing one is harmless.
 */
function setChannel(
  state: Set<number>,
  defined: ReadonlySet<number>,
  ch: number,
  on: boolean,
  setting: ChMaskSetting,
): void {
  if (!defined.has(ch)) {
    if (on) {
      throw new LorawanRegionError('chMask enables an undefined channel', {
        chMaskCntl: setting.chMaskCntl,
        chMask: setting.chMask,
        channel: ch,
      });
    }
    return;
  }
  if (on) state.add(ch);
  else state.delete(ch);
}

function applyRule(
  rule: ChMaskCntlRule,
  state: Set<number>,
  defined: ReadonlySet<number>,
  setting: ChMaskSetting,
): void {
  switch (rule.kind) {
    case 'block':
      for (let i = 0; i < CH_MASK_BITS; i++) {
        setChannel(state, defined, rule.firstChannel + i, bit(setting.chMask, i), setting);
      }
      return;
    case 'all-on':
      // [RP002-1.0.4 §2.4.5] ChMaskCntl 6: all defined channels on, independently of ChMask.
      for (const ch of defined) state.add(ch);
      return;
    case 'all-narrow':
      // [RP002-1.0.4 §2.5.5] ChMaskCntl 6/7: all 125 kHz channels on/off, ChMask for 64..71.
      checkRfuBits(setting, rule.wideCount);
      for (let ch = 0; ch < rule.narrowCount; ch++) {
        if (defined.has(ch)) setChannel(state, defined, ch, rule.on, setting);
      }
      for (let i = 0; i < rule.wideCount; i++) {
        setChannel(state, defined, rule.narrowCount + i, bit(setting.chMask, i), setting);
      }
      return;
    case 'banks':
      // [RP002-1.0.4 §2.5.5] ChMaskCntl 5: bit i = channels 8i..8i+7 and 64+i; 8 MSBs RFU.
      checkRfuBits(setting, rule.wideCount);
      for (let i = 0; i < rule.wideCount; i++) {
        const on = bit(setting.chMask, i);
        for (let ch = i * rule.bankSize; ch < (i + 1) * rule.bankSize; ch++) {
          setChannel(state, defined, ch, on, setting);
        }
        setChannel(state, defined, rule.narrowCount + i, on, setting);
      }
      return;
  }
}

function applyOne(
  rules: ChMaskCntlRules,
  state: Set<number>,
  defined: ReadonlySet<number>,
  setting: ChMaskSetting,
): void {
  checkSetting(setting);
  const rule = rules.get(setting.chMaskCntl);
  if (rule === undefined) {
    throw new LorawanRegionError('chMaskCntl is RFU in this region', {
      chMaskCntl: setting.chMaskCntl,
    });
  }
  applyRule(rule, state, defined, setting);
}

/** One (ChMaskCntl, ChMask) applied to `enabled`; see Region.applyChMask. */
export function applyChMaskWith(
  rules: ChMaskCntlRules,
  enabled: readonly number[],
  setting: ChMaskSetting,
  definedChannels: readonly number[],
): number[] {
  const defined = new Set(definedChannels);
  checkChannelSet('enabled set', enabled, defined);
  const state = new Set(enabled);
  applyOne(rules, state, defined, setting);
  return sorted(state);
}

function applySequence(
  rules: ChMaskCntlRules,
  enabled: readonly number[],
  settings: readonly ChMaskSetting[],
  defined: ReadonlySet<number>,
): number[] {
  const state = new Set(enabled);
  for (const setting of settings) applyOne(rules, state, defined, setting);
  return sorted(state);
}

/**
 * A contiguous block of LinkADRReqs, processed in order as one atomic command; a result with no
 * channel enabled is rejected like an invalid mask [L2 1.0.4 §5.3].
 */
export function applyChMasksWith(
  rules: ChMaskCntlRules,
  enabled: readonly number[],
  settings: readonly ChMaskSetting[],
  definedChannels: readonly number[],
): number[] {
  const defined = new Set(definedChannels);
  checkChannelSet('enabled set', enabled, defined);
  const result = applySequence(rules, enabled, settings, defined);
  if (result.length === 0) {
    throw new LorawanRegionError('chMask block disables every channel', {
      commands: settings.length,
    });
  }
  return result;
}

/** `applySequence`, or undefined when a command would be rejected (candidate not usable). */
function tryApplySequence(
  rules: ChMaskCntlRules,
  enabled: readonly number[],
  settings: readonly ChMaskSetting[],
  defined: ReadonlySet<number>,
): number[] | undefined {
  try {
    return applySequence(rules, enabled, settings, defined);
  } catch (err) {
    if (err instanceof LorawanRegionError) return undefined;
    throw err;
  }
}

interface Base {
  readonly settings: readonly ChMaskSetting[];
  /** Enabled channels after `settings`, or undefined when that depends on an unknown state. */
  readonly state: readonly number[] | undefined;
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((ch, i) => ch === b[i]);
}

function maskOf(desired: ReadonlySet<number>, first: number, count: number): number {
  let mask = 0;
  for (let i = 0; i < count; i++) if (desired.has(first + i)) mask |= 1 << i;
  return mask;
}

function sameGroup(
  a: ReadonlySet<number>,
  b: ReadonlySet<number>,
  group: readonly number[],
): boolean {
  return group.every((ch) => a.has(ch) === b.has(ch));
}

/**
 * Starting points a block can begin with: the current state as it is, or one command that sets
 * many channels at once (all on, all narrow on/off, banks).
 */
function basesFor(
  rules: ChMaskCntlRules,
  desired: ReadonlySet<number>,
  defined: ReadonlySet<number>,
  current: readonly number[] | undefined,
  allowBanks: boolean,
): Base[] {
  const bases: Base[] = [{ settings: [], state: current }];
  // Banks go last so that, at equal length, the ChMaskCntl 6/7 every device knows wins.
  const order = (rule: ChMaskCntlRule) => (rule.kind === 'banks' ? 1 : 0);
  const entries = [...rules].sort(([a, ra], [b, rb]) => order(ra) - order(rb) || a - b);
  for (const [chMaskCntl, rule] of entries) {
    let setting: ChMaskSetting;
    switch (rule.kind) {
      case 'block':
        continue;
      case 'all-on':
        setting = { chMaskCntl, chMask: 0 };
        break;
      case 'all-narrow':
        setting = { chMaskCntl, chMask: maskOf(desired, rule.narrowCount, rule.wideCount) };
        break;
      case 'banks': {
        if (!allowBanks) continue;
        let chMask = 0;
        for (let i = 0; i < rule.wideCount; i++) {
          if (desired.has(rule.narrowCount + i)) chMask |= 1 << i;
        }
        setting = { chMaskCntl, chMask };
        break;
      }
    }
    const fromEmpty = tryApplySequence(rules, [], [setting], defined);
    const fromFull = tryApplySequence(rules, [...defined], [setting], defined);
    if (fromEmpty === undefined || fromFull === undefined) continue;
    // A command that yields the same state from both extremes sets every channel: no need to
    // know the current state.
    const state = sameList(fromEmpty, fromFull)
      ? fromEmpty
      : current !== undefined
        ? applySequence(rules, current, [setting], defined)
        : undefined;
    bases.push({ settings: [setting], state });
  }
  return bases;
}

/** See Region.chMaskSettingsFor. */
export function chMaskSettingsForWith(
  rules: ChMaskCntlRules,
  desiredChannels: readonly number[],
  definedChannels: readonly number[],
  current: readonly number[] | undefined,
  allowBanks: boolean,
): ChMaskSetting[] {
  const defined = new Set(definedChannels);
  checkChannelSet('desired set', desiredChannels, defined);
  if (current !== undefined) checkChannelSet('current set', current, defined);
  const desired = new Set(desiredChannels);
  if (desired.size === 0) {
    throw new LorawanRegionError('a device needs at least one enabled channel');
  }
  const target = sorted(desired);
  const blocks = [...rules]
    .filter(
      (entry): entry is [number, Extract<ChMaskCntlRule, { kind: 'block' }>] =>
        entry[1].kind === 'block',
    )
    .sort(([a], [b]) => a - b)
    .map(([chMaskCntl, rule]) => ({
      chMaskCntl,
      first: rule.firstChannel,
      group: Array.from({ length: CH_MASK_BITS }, (_, i) => rule.firstChannel + i).filter((ch) =>
        defined.has(ch),
      ),
    }))
    .filter((block) => block.group.length > 0);

  // Without a known current state a candidate must work from every state; each command sets,
  // clears or keeps each channel, so checking from "none" and from "all" is enough.
  const starts: (readonly number[])[] = current !== undefined ? [current] : [[], [...defined]];
  let best: ChMaskSetting[] | undefined;
  for (const base of basesFor(rules, desired, defined, current, allowBanks)) {
    const settings = [...base.settings];
    const baseState = base.state === undefined ? undefined : new Set(base.state);
    for (const block of blocks) {
      if (baseState !== undefined && sameGroup(baseState, desired, block.group)) continue;
      settings.push({
        chMaskCntl: block.chMaskCntl,
        chMask: maskOf(desired, block.first, CH_MASK_BITS),
      });
    }
    const reachesTarget = starts.every((start) => {
      const reached = tryApplySequence(rules, start, settings, defined);
      return reached !== undefined && sameList(reached, target);
    });
    if (reachesTarget && (best === undefined || settings.length < best.length)) best = settings;
  }
  if (best === undefined) {
    throw new LorawanRegionError('no chMask block reaches the desired channels', {
      channels: target.join(','),
    });
  }
  return best;
}
