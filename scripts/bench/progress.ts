/** Tells a person watching what the benchmark is doing. */
export interface Progress {
  /** a line that stays: a bench starting, a round's result */
  line(message: string): void;
  /** a line that the next one replaces on a terminal (a counter while waiting); throttled elsewhere */
  status(message: string): void;
}

/**
 * Progress on `stream` (stderr, so stdout keeps only the table). On a terminal a status line is
 * rewritten in place; in a log (CI) it is printed at most every `logIntervalMs`.
 */
export function createProgress(options: { stream: NodeJS.WriteStream; logIntervalMs?: number }): Progress {
  const { stream } = options;
  const interactive = stream.isTTY === true;
  let pending = false;
  let lastLogged = 0;
  const clear = () => {
    if (pending) stream.write('\r\x1b[2K');
    pending = false;
  };
  return {
    line(message) {
      clear();
      stream.write(`${message}\n`);
    },
    status(message) {
      if (interactive) {
        clear();
        stream.write(message.slice(0, (stream.columns ?? 120) - 1));
        pending = true;
        return;
      }
      const now = performance.now();
      if (now - lastLogged < (options.logIntervalMs ?? 2_000)) return;
      lastLogged = now;
      stream.write(`${message}\n`);
    },
  };
}
