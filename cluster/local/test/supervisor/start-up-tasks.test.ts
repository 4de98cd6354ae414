import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createStartUpTasks, isPending } from '../../src/supervisor/start-up-tasks.ts';

describe('createStartUpTasks', () => {
  it('rejects a step at once when the caller cancels, with the reason given', async () => {
    const caller = new AbortController();
    const tasks = createStartUpTasks(caller.signal);
    const slow = delay(5_000);
    const step = tasks.step(slow);
    caller.abort(new Error('SIGINT during start-up'));
    await expect(step).rejects.toThrow('SIGINT during start-up');
    expect(() => tasks.checkpoint()).toThrow('SIGINT during start-up');
    expect(tasks.signal.aborted).toBe(true);
  });

  it('fail() aborts the signal and resolves only once every tracked task settled', async () => {
    const tasks = createStartUpTasks();
    let finished = false;
    void tasks.track(delay(100).then(() => (finished = true)));
    void tasks.track(Promise.reject(new Error('ignored')));
    await tasks.fail(new Error('bidder did not become ready'));
    expect(finished).toBe(true);
    expect(tasks.signal.aborted).toBe(true);
  });

  it('starts cancelled when the caller signal already is', () => {
    const tasks = createStartUpTasks(AbortSignal.abort(new Error('too late')));
    expect(() => tasks.checkpoint()).toThrow('too late');
  });
});

describe('isPending', () => {
  it('tells a running promise from a settled one', async () => {
    const running = delay(1_000);
    expect(await isPending(running)).toBe(true);
    expect(await isPending(Promise.resolve(1))).toBe(false);
    const failed = Promise.reject(new Error('x'));
    failed.catch(() => {});
    expect(await isPending(failed)).toBe(false);
  });
});
