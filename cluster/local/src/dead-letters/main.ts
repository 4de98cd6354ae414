/**
 * `npm run dead-letters -- list | show <id> | replay <id>… | replay --all`: the dead letters of the
 * running local cluster (through its ingress), or, with KAFKA_BROKERS set, of the dead-letter topic on
 * that Kafka (routing from eventing/). `--json` prints what the cluster answers, for scripts.
 * Exits 0 when everything asked for was done, 1 when a dead letter is unknown or a replay failed, 2 for
 * a usage error.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '@helios/core';
import { createKafkaLog } from '../event-log/kafka-log.ts';
import { loadRouting } from '../routing/load-routing.ts';
import { readDeadLettersConfig } from './cli-config.ts';
import { clusterDeadLetters } from './cluster-dead-letters.ts';
import { createDeadLetters, DeadLetterNotFoundError, type DeadLetters } from './dead-letters.ts';
import { formatDeadLetter, formatDeadLetterList, formatReplayResults } from './format-dead-letters.ts';

const USAGE = `usage: npm run dead-letters -- <command> [--json] [--eventing <dir>]
  list                  every dead letter: id, when, event type, source and id, status, where it failed, why
  show <id>             one dead letter in full (its event's attributes and data, and the error)
  replay <id>...        re-deliver these dead letters' original events
  replay --all          re-deliver every dead letter
Reads the running local cluster at http://$HELIOS_HOST:$HELIOS_PORT (127.0.0.1:8080), or with
KAFKA_BROKERS set the dead-letter topic on that Kafka, with the routing of --eventing (default eventing/).`;

const out = (text: string): void => void process.stdout.write(`${text}\n`);
const fail = (text: string, code: number): void => {
  process.stderr.write(`${text}\n`);
  process.exitCode = code;
};

async function open(options: { eventing: string | undefined }): Promise<DeadLetters> {
  const config = readDeadLettersConfig();
  if (config.kafkaBrokers.length === 0) return clusterDeadLetters(config.clusterUrl);
  const root = path.resolve(import.meta.dirname, '../../../..');
  const routing = await loadRouting({
    eventingDir: path.resolve(options.eventing ?? path.join(root, 'eventing')),
    functionsDir: path.join(root, 'functions'),
  });
  const log = createKafkaLog({ brokers: config.kafkaBrokers, clientId: 'helios-dead-letters' });
  const deadLetters = createDeadLetters({ log, routing });
  return { ...deadLetters, close: async () => (await deadLetters.close(), await log.close()) };
}

async function run(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        all: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        eventing: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\n${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [command, ...ids] = positionals;
  if (values.help) return out(USAGE);
  const usable =
    (command === 'list' && ids.length === 0 && !values.all) ||
    (command === 'show' && ids.length === 1 && !values.all) ||
    (command === 'replay' && ids.length > 0 !== values.all);
  if (!usable) return fail(USAGE, 2);

  const deadLetters = await open({ eventing: values.eventing });
  try {
    if (command === 'list') {
      const entries = await deadLetters.list();
      return out(values.json ? JSON.stringify(entries, null, 2) : formatDeadLetterList(entries));
    }
    if (command === 'show') {
      const entry = await deadLetters.show(ids[0]!);
      if (!entry) return fail(`no dead letter has id ${ids[0]} (see npm run dead-letters -- list)`, 1);
      return out(formatDeadLetter(entry));
    }
    const results = await deadLetters.replay(values.all ? 'all' : ids);
    out(values.json ? JSON.stringify(results, null, 2) : formatReplayResults(results));
    if (results.some((result) => result.result === 'failed')) process.exitCode = 1;
  } catch (error) {
    if (error instanceof DeadLetterNotFoundError) return fail(`${error.message} (see npm run dead-letters -- list)`, 1);
    throw error;
  } finally {
    await deadLetters.close();
  }
}

try {
  await run();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : `dead-letters: ${(error as Error).message}`, 1);
}
