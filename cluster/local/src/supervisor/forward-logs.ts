import { StringDecoder } from 'node:string_decoder';
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
 * machine-readable. The complete lines of each chunk read go out in one write: under load a chunk holds
 * many, and a write per line (a syscall each when the output is a file) cost more than the rest.
 */
export function forwardLogs(options: ForwardLogsOptions): void {
  const decoder = new StringDecoder('utf8');
  let partial = '';
  const forward = (text: string, final: boolean): void => {
    const lines = (partial + text).split('\n');
    partial = final ? '' : (lines.pop() as string);
    let out = '';
    for (const raw of lines) {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      if (line.trim() === '') continue;
      options.onLine?.(line);
      out += `${isJsonObject(line) ? line : wrapLine(options, line)}\n`;
    }
    if (out !== '') options.output?.write(out);
  };
  options.stream.on('data', (chunk: Buffer | string) =>
    forward(typeof chunk === 'string' ? chunk : decoder.write(chunk), false),
  );
  options.stream.once('end', () => forward(decoder.end(), true));
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
