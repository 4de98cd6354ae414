import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { isRecord } from './read-manifests.ts';
import type { FunctionSpec } from './routing.ts';

/** The address of a RequestReply in Knative (its status.address.url): the request-reply data plane's Service. */
export const REQUEST_REPLY_ADDRESS = /^https?:\/\/request-reply\.knative-eventing\.svc(?:\.cluster\.local)?\/([^/]+)\/([^/]+)\/?$/;

/**
 * Every function in `functionsDir`: each folder with a func.yaml (a library folder such as core has
 * none). The name is func.yaml's `name`, the folder's name when unset; `invoke` defaults to http, as
 * knative/func's does. Problems (unreadable YAML, an unknown invoke, a duplicate name) are pushed.
 */
export async function readFunctions(functionsDir: string, problems: string[]): Promise<FunctionSpec[]> {
  const entries = await readdir(functionsDir, { withFileTypes: true });
  const functions: FunctionSpec[] = [];
  for (const entry of entries.filter((item) => item.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const dir = path.resolve(functionsDir, entry.name);
    const file = `functions/${entry.name}/func.yaml`;
    let text: string;
    try {
      text = await readFile(path.join(dir, 'func.yaml'), 'utf8');
    } catch {
      continue;
    }
    let manifest: unknown;
    try {
      manifest = parse(text);
    } catch (error) {
      problems.push(`${file}: invalid YAML: ${(error as Error).message}`);
      continue;
    }
    const name = isRecord(manifest) && typeof manifest['name'] === 'string' ? manifest['name'] : entry.name;
    const invoke = isRecord(manifest) ? (manifest['invoke'] ?? 'http') : 'http';
    if (invoke !== 'http' && invoke !== 'cloudevent') {
      problems.push(`${file} invoke: must be http or cloudevent (got ${JSON.stringify(invoke)})`);
      continue;
    }
    if (functions.some((known) => known.name === name)) {
      problems.push(`${file} name: function "${name}" is defined twice`);
      continue;
    }
    const requestReplyEnvs = readRequestReplyEnvs(isRecord(manifest) ? manifest['run'] : undefined);
    functions.push(Object.freeze({ name, dir, invoke, requestReplyEnvs: Object.freeze(requestReplyEnvs) }));
  }
  return functions;
}

/** The `run.envs` of a func.yaml that hold a RequestReply's address, with the RequestReply's name. */
function readRequestReplyEnvs(run: unknown): { env: string; requestReply: string }[] {
  const envs = isRecord(run) && Array.isArray(run['envs']) ? run['envs'] : [];
  return envs.flatMap((entry: unknown) => {
    if (!isRecord(entry) || typeof entry['name'] !== 'string' || typeof entry['value'] !== 'string') return [];
    const match = REQUEST_REPLY_ADDRESS.exec(entry['value']);
    return match ? [{ env: entry['name'], requestReply: match[2] as string }] : [];
  });
}
