import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The descriptor a child finds its lifeline on: the first after stdin, stdout and stderr. */
export const LIFELINE_FD = 3;

/** spawn()'s stdio for a child with a lifeline: no stdin, piped output, and the lifeline as fd 3. */
export const STDIO_WITH_LIFELINE = ['ignore', 'pipe', 'pipe', 'pipe'] as const;

const LIFELINE_MODULE = pathToFileURL(path.join(import.meta.dirname, 'lifeline.ts')).href;

/**
 * The child's environment with the lifeline (lifeline.ts): its descriptor, and lifeline.ts loaded into
 * every Node process through NODE_OPTIONS (after whatever NODE_OPTIONS the shell had).
 */
export function withLifeline(env: Readonly<Record<string, string>>): Record<string, string> {
  const nodeOptions = [env['NODE_OPTIONS'], `--import=${LIFELINE_MODULE}`].filter(Boolean).join(' ');
  return { ...env, NODE_OPTIONS: nodeOptions, HELIOS_LIFELINE_FD: String(LIFELINE_FD) };
}
