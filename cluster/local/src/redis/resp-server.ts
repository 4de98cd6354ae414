import { createHash } from 'node:crypto';
import net from 'node:net';
import { exists as isRedisCommand } from '@ioredis/commands';
import RedisMock from 'ioredis-mock';

type Store = InstanceType<typeof RedisMock>;
import RedisParser from 'redis-parser';
import { encodeReply, statusReply } from './encode-reply.ts';

export interface RespServer {
  /** redis://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Closes every connection and the listening socket; the data goes with it. */
  close(): Promise<void>;
}

type Command = (...args: string[]) => Promise<unknown>;
type Transaction = { exec(): Promise<[Error | null, unknown][] | null> };

/**
 * Connection-level commands answered here rather than by the store: ioredis sends some of them on
 * connect, and the store's own methods of these names would act on the store object itself.
 */
const CONNECTION_REPLIES: Readonly<Record<string, string>> = {
  select: statusReply('OK'),
  client: statusReply('OK'),
  readonly: statusReply('OK'),
  command: '*0\r\n',
};

/**
 * An in-process Redis served over the Redis protocol (RESP2) on a loopback port, for a machine with no
 * `redis-server`: one ioredis-mock store (strings, hashes, sets, expiry, Lua through EVAL/EVALSHA and
 * SCRIPT LOAD) shared by every connection, parsed with redis-parser (ioredis's own RESP parser).
 * Commands of one connection run in order, each to completion before the next; MULTI queues until EXEC,
 * which runs the queue as one transaction of the store. Not a Redis: no persistence, no pub/sub, no
 * blocking commands; enough for what profile and the bidder use, and what the tests prove.
 */
export async function startRespServer(options: { port?: number; host?: string } = {}): Promise<RespServer> {
  const host = options.host ?? '127.0.0.1';
  const store = new RedisMock();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    serveConnection(socket, store);
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve((server.address() as net.AddressInfo).port));
  });
  let closing: Promise<void> | undefined;
  return {
    url: `redis://${host}:${port}`,
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          store.disconnect();
          resolve();
        });
      })),
  };
}

function serveConnection(socket: net.Socket, store: Store): void {
  let queue: string[][] | null = null;
  let previous: Promise<void> = Promise.resolve();
  const parser = new RedisParser({
    returnReply: (reply) => {
      const command = Array.isArray(reply) ? reply.map(String) : [];
      previous = previous.then(async () => {
        if (!socket.writable) return;
        const reply = await answer(command);
        if (socket.writable) socket.write(reply);
        if (command[0]?.toLowerCase() === 'quit') socket.end();
      });
    },
    returnError: (error) => {
      socket.end(encodeReply(new Error(`ERR Protocol error: ${error.message}`)));
    },
  });
  socket.on('data', (chunk: Buffer) => parser.execute(chunk));

  const answer = async (command: string[]): Promise<string> => {
    const [rawName, ...args] = command;
    const name = rawName?.toLowerCase() ?? '';
    if (name === 'multi') {
      if (queue) return encodeReply(new Error('ERR MULTI calls can not be nested'));
      queue = [];
      return statusReply('OK');
    }
    if (name === 'discard') {
      if (!queue) return encodeReply(new Error('ERR DISCARD without MULTI'));
      queue = null;
      return statusReply('OK');
    }
    if (name === 'exec') {
      if (!queue) return encodeReply(new Error('ERR EXEC without MULTI'));
      const queued = queue;
      queue = null;
      const results = await (store.multi(queued) as unknown as Transaction).exec();
      return encodeReply((results ?? []).map(([error, value]) => error ?? value));
    }
    if (name === 'script') return scriptCommand(store, args);
    if (name === 'quit') return statusReply('OK');
    if (name === 'ping') return args.length > 0 ? encodeReply(args[0]) : statusReply('PONG');
    if (CONNECTION_REPLIES[name]) return CONNECTION_REPLIES[name];
    const method = (store as unknown as Record<string, unknown>)[name];
    if (!isRedisCommand(name) || typeof method !== 'function') {
      return encodeReply(new Error(`ERR unknown command '${rawName ?? ''}'`));
    }
    if (queue) {
      queue.push(command);
      return statusReply('QUEUED');
    }
    try {
      return encodeReply(await (method as Command).apply(store, args));
    } catch (error) {
      return encodeReply(error instanceof Error ? error : new Error(String(error)));
    }
  };
}

/**
 * SCRIPT LOAD, EXISTS and FLUSH, which ioredis-mock lacks. Its EVAL remembers each script under its
 * SHA-1 in `shaScripts`, which its EVALSHA reads; LOAD puts a script there without running it.
 */
function scriptCommand(store: Store, args: string[]): string {
  const scripts = (store as unknown as { shaScripts: Record<string, string> }).shaScripts;
  const [subcommand, ...rest] = args;
  switch (subcommand?.toLowerCase()) {
    case 'load': {
      const script = rest[0] ?? '';
      const sha = createHash('sha1').update(script).digest('hex');
      scripts[sha] = script;
      return encodeReply(sha);
    }
    case 'exists':
      return encodeReply(rest.map((sha) => (scripts[sha.toLowerCase()] ? 1 : 0)));
    case 'flush':
      for (const sha of Object.keys(scripts)) delete scripts[sha];
      return statusReply('OK');
    default:
      return encodeReply(new Error(`ERR unknown subcommand '${subcommand ?? ''}' of SCRIPT`));
  }
}
