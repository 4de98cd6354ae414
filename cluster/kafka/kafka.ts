/**
 * The local Apache Kafka broker, without Docker: `npm run kafka start|stop|status|logs [lines]`.
 * Jars come from Maven Central (cluster/kafka/pom.xml) into a per-version cache; the broker is one KRaft
 * node on 127.0.0.1:19092 (HELIOS_KAFKA_PORT) with its data under .helios/kafka (HELIOS_KAFKA_DATA_DIR).
 * This file is the command only; tests import startKafkaBroker/stopKafkaBroker/kafkaBrokerStatus from
 * src/kafka-broker.ts, so nothing needs to tell whether it is the entry point.
 */
import { parseArgs } from 'node:util';
import { kafkaBrokerStatus, startKafkaBroker, stopKafkaBroker, tail } from './src/kafka-broker.ts';

const USAGE = 'usage: npm run kafka -- start | stop | status | logs [lines]';

async function main(argv: string[]): Promise<number> {
  const log = (line: string) => console.log(`kafka: ${line}`);
  let args: string[];
  try {
    // No options, only the command and its argument: parseArgs rejects any --flag, naming it.
    args = parseArgs({ args: argv, allowPositionals: true, strict: true }).positionals;
  } catch (error) {
    console.error(`kafka: ${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  switch (args[0]) {
    case 'start': {
      const result = await startKafkaBroker({ log });
      if (result.alreadyRunning) log(`already running at ${result.bootstrap} (pid ${result.pid}); nothing to do`);
      return 0;
    }
    case 'stop':
      log((await stopKafkaBroker({ log })) ? 'stopped' : 'not running');
      return 0;
    case 'status': {
      const status = await kafkaBrokerStatus();
      log(
        status.running
          ? `running at ${status.bootstrap} (pid ${status.pid}), data in ${status.dataDir}`
          : 'not running',
      );
      // Non-zero when stopped, so scripts can `npm run kafka status || npm run kafka start`.
      return status.running ? 0 : 3;
    }
    case 'logs': {
      const lines = Number(args[1] ?? 100);
      if (!Number.isInteger(lines) || lines <= 0) break;
      const status = await kafkaBrokerStatus();
      console.log(tail(status.logFile, lines) || `kafka: no log at ${status.logFile}`);
      return 0;
    }
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    console.error(`kafka: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
