import { describe, expect, it } from 'vitest';
import { joinMeRefusal } from './join-me.js';

const alone = { joining: false, removed: false, memberOfAskers: false, hasOthers: false };

describe('joinMeRefusal', () => {
  it.each([
    ['a node alone joins', alone, undefined],
    [
      'a removed node joins, whatever it had',
      { ...alone, removed: true, hasOthers: true },
      undefined,
    ],
    [
      'a member of the asker says it already is',
      { ...alone, memberOfAskers: true },
      'already_member',
    ],
    [
      'a node with a cluster of its own refuses',
      { ...alone, hasOthers: true },
      'member_of_another_cluster',
    ],
    [
      'a node already joining is not ready',
      { ...alone, joining: true, memberOfAskers: true },
      'not_ready',
    ],
  ])('%s', (_what, facts, expected) => {
    expect(joinMeRefusal(facts)).toBe(expected);
  });
});
