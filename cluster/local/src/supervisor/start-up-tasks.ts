/** The tasks of one start-up, cancellable together. */
export interface StartUpTasks {
  /** Aborted when the start-up is cancelled or failed: long tasks (a build) stop on it. */
  readonly signal: AbortSignal;
  /** Remembers a task, so a failed start-up waits for it before cleaning up. Returns it unchanged. */
  track<T>(task: Promise<T>): Promise<T>;
  /** Tracks a task and waits for it, rejecting at once if the start-up is cancelled meanwhile. */
  step<T>(task: Promise<T>): Promise<T>;
  /** Throws the cancellation reason when the start-up was cancelled. */
  checkpoint(): void;
  /** Cancels what is still running because of `error`, and resolves once every tracked task settled. */
  fail(error: unknown): Promise<void>;
  /** Stops listening to the caller's signal (the start-up is over). */
  done(): void;
}

/** True while the promise has not settled (one turn of the event loop lets a settled one report so). */
export async function isPending(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  const mark = () => {
    settled = true;
  };
  promise.then(mark, mark);
  await new Promise((resolve) => setImmediate(resolve));
  return !settled;
}

/**
 * Start-up bookkeeping: tasks run side by side, a Ctrl-C (the caller's `signal`) or a failure cancels
 * the rest, and clean-up runs only once nothing is still starting a process behind its back.
 */
export function createStartUpTasks(signal?: AbortSignal): StartUpTasks {
  const pending: Promise<unknown>[] = [];
  const abort = new AbortController();
  const cancel = () => abort.abort(signal?.reason ?? new Error('start-up cancelled'));
  if (signal?.aborted) cancel();
  else signal?.addEventListener('abort', cancel, { once: true });
  const aborted = new Promise<never>((_, reject) =>
    abort.signal.addEventListener('abort', () => reject(abort.signal.reason), { once: true }),
  );
  aborted.catch(() => {});
  const track = <T>(task: Promise<T>): Promise<T> => {
    pending.push(task.catch(() => {}));
    return task;
  };
  return {
    signal: abort.signal,
    track,
    step: (task) => Promise.race([track(task), aborted]),
    checkpoint: () => abort.signal.throwIfAborted(),
    async fail(error) {
      signal?.removeEventListener('abort', cancel);
      if (!abort.signal.aborted) abort.abort(error);
      await Promise.all(pending);
    },
    done: () => signal?.removeEventListener('abort', cancel),
  };
}
