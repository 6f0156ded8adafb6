import { describe, expect, it } from 'vitest';
import { Drop, runSteps } from './step.js';
import type { Step } from './step.js';

interface Ctx {
  readonly ran: string[];
  skipB?: boolean;
}

const step = (name: string, result?: () => Drop | undefined): Step<Ctx> => ({
  name,
  run: (ctx) => {
    ctx.ran.push(name);
    return result?.();
  },
  skip: name === 'b' ? (ctx) => ctx.skipB === true : undefined,
});

describe('runSteps', () => {
  it('runs every step in order', async () => {
    const ctx: Ctx = { ran: [] };
    expect(await runSteps([step('a'), step('b'), step('c')], ctx)).toEqual({ kind: 'done' });
    expect(ctx.ran).toEqual(['a', 'b', 'c']);
  });

  it('stops at a drop and names the step', async () => {
    const ctx: Ctx = { ran: [] };
    const drop = new Drop('mic_failed');
    const outcome = await runSteps([step('a'), step('b', () => drop), step('c')], ctx);
    expect(outcome).toEqual({ kind: 'drop', step: 'b', drop });
    expect(ctx.ran).toEqual(['a', 'b']);
  });

  it('skips a step whose skip says so', async () => {
    const ctx: Ctx = { ran: [], skipB: true };
    await runSteps([step('a'), step('b'), step('c')], ctx);
    expect(ctx.ran).toEqual(['a', 'c']);
  });

  it('turns a throwing or rejecting step into an error outcome', async () => {
    const boom = new Error('boom');
    const throwing: Step<Ctx> = {
      name: 'x',
      run: () => {
        throw boom;
      },
    };
    const rejecting: Step<Ctx> = { name: 'y', run: () => Promise.reject(boom) };
    expect(await runSteps([throwing], { ran: [] })).toEqual({
      kind: 'error',
      step: 'x',
      error: boom,
    });
    expect(await runSteps([rejecting], { ran: [] })).toEqual({
      kind: 'error',
      step: 'y',
      error: boom,
    });
  });
});
