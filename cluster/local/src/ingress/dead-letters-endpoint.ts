import type http from 'node:http';
import { DeadLetterNotFoundError, type DeadLetters } from '../dead-letters/dead-letters.ts';

/** The admin paths `npm run dead-letters` talks to, under the ingress's `/_cluster/`. */
export const DEAD_LETTERS_PATH = '/_cluster/dead-letters';

const ID = /^\d+-\d+$/;

/**
 * Serves the dead letters of the running cluster: `GET /_cluster/dead-letters` lists them,
 * `GET /_cluster/dead-letters/<id>` shows one, `POST /_cluster/dead-letters/<id>/replay` replays one and
 * `POST /_cluster/dead-letters/replay` replays all. Answers through `send(status, body)`: 404 for an unknown
 * id, 400 naming a malformed one, 405 for another method. Resolves false when `pathname` is not its own.
 */
export async function serveDeadLetters(options: {
  deadLetters: DeadLetters;
  request: http.IncomingMessage;
  pathname: string;
  send: (status: number, body: unknown) => void;
}): Promise<boolean> {
  const { deadLetters, request, pathname, send } = options;
  if (pathname !== DEAD_LETTERS_PATH && !pathname.startsWith(`${DEAD_LETTERS_PATH}/`)) return false;
  request.resume();
  const parts = pathname.slice(DEAD_LETTERS_PATH.length).split('/').filter(Boolean);
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  const wrongMethod = (allowed: string) =>
    send(405, { error: { code: 'method_not_allowed', message: `${pathname} accepts ${allowed} only` } });
  const badId = (id: string) =>
    send(400, {
      error: {
        code: 'invalid_field',
        field: 'id',
        rule: 'must be <partition>-<offset>',
        message: `id "${id}" must be <partition>-<offset>`,
      },
    });
  const notFound = (id: string) => send(404, { error: { code: 'not_found', message: `no dead letter has id ${id}` } });

  if (parts.length === 0) {
    if (method !== 'GET') return (wrongMethod('GET'), true);
    send(200, { deadLetters: await deadLetters.list() });
    return true;
  }
  if (parts.length === 1 && parts[0] === 'replay') {
    if (method !== 'POST') return (wrongMethod('POST'), true);
    send(200, { results: await deadLetters.replay('all') });
    return true;
  }
  const [id, action] = parts as [string, string | undefined];
  if (!ID.test(id)) return (badId(id), true);
  if (parts.length === 1) {
    if (method !== 'GET') return (wrongMethod('GET'), true);
    const entry = await deadLetters.show(id);
    if (entry) send(200, entry);
    else notFound(id);
    return true;
  }
  if (parts.length === 2 && action === 'replay') {
    if (method !== 'POST') return (wrongMethod('POST'), true);
    try {
      send(200, { results: await deadLetters.replay([id]) });
    } catch (error) {
      if (!(error instanceof DeadLetterNotFoundError)) throw error;
      notFound(id);
    }
    return true;
  }
  send(404, { error: { code: 'not_found', message: `${pathname} was not found` } });
  return true;
}
