import readline from 'node:readline';
import type { Readable, Writable } from 'node:stream';

export interface ForwardLogsOptions {
  /** The child's name, put on lines that are not JSON already. */
  readonly service: string;
  readonly stream: Readable;
  /** stderr lines that are not JSON are logged as warnings. */
  readonly level: 'info' | 'warn';
  /** Where every line goes; null drops them (tests). */
  readonly output: Writable | null;
  /** Sees every line, for the last words of a child that failed to start. */
  readonly onLine?: (line: string) => void;
}

/**
 * Merges a child's output into the cluster's one stream of JSON lines: a JSON line (pino, Fastify) is
 * kept byte for byte; any other line is wrapped as `{level, time, service, msg}` so the stream stays
 * machine-readable.
 */
export function forwardLogs(options: ForwardLogsOptions): void {
  const lines = readline.createInterface({ input: options.stream, crlfDelay: Infinity });
  lines.on('line', (line) => {
    if (line.trim() === '') return;
    options.onLine?.(line);
    options.output?.write(`${isJsonObject(line) ? line : wrapLine(options, line)}\n`);
  });
}

function isJsonObject(line: string): boolean {
  if (!line.startsWith('{')) return false;
  try {
    JSON.parse(line);
    return true;
  } catch {
    return false;
  }
}

function wrapLine(options: ForwardLogsOptions, line: string): string {
  return JSON.stringify({ level: options.level, time: new Date().toISOString(), service: options.service, msg: line });
}
