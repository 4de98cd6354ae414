/** The benchmarks `npm run bench` knows, in the order it runs them. */
export const BENCH_NAMES = ['ingest', 'profile', 'pipeline', 'pipeline-services'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

/** How hard each benchmark works: the default run (under 5 min on 2 cores) or `--quick` (about 2 min). */
export interface BenchOptions {
  readonly quick: boolean;
  readonly only: readonly BenchName[];
  /** how long each fixed-rate step of the pipeline sends, seconds */
  readonly stepSeconds: number;
  /** the pipeline's fixed rates, bids/s */
  readonly rates: readonly number[];
  /** build functions whose sources are newer than their build before the pipeline starts */
  readonly build: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--only ${BENCH_NAMES.join('|')}[,...]] [--rates N,N,...] [--step-seconds N] [--no-build]

  --quick            about 2 min instead of under 5: shorter steps, fewer search probes
  --only NAMES       run only these benchmarks (comma-separated, or repeat the flag)
  --rates N,...      the pipeline's fixed open-loop rates, bids/s (default 100,500,1000)
  --step-seconds N   how long each fixed rate is offered (default 4; quick 2)
  --no-build         do not rebuild functions whose sources changed since their last build

pipeline runs on the embedded defaults (event log, PGlite, in-memory Redis); pipeline-services on real
Kafka, Redis and a throwaway Postgres database (KAFKA_BROKERS, REDIS_URL, DATABASE_URL, else
127.0.0.1:19092, :6379 and :5432), and is skipped when they are not reachable.
Each figure is printed beside a baseline measured in the same run, and as the ratio of the two.
Writes .helios/bench/results.json and .helios/bench/report.svg (and report.png when chromium exists).`;

/**
 * Reads the command line (arguments after the script). Throws an Error naming every bad argument, with
 * the usage, so a typo never silently runs the 5-minute default.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const problems: string[] = [];
  const only: BenchName[] = [];
  let quick = false;
  let help = false;
  let build = true;
  let stepSeconds: number | undefined;
  let rates: number[] | undefined;
  for (let index = 0; index < argv.length; index++) {
    const [flag, inline] = splitFlag(argv[index]!);
    const value = () => inline ?? argv[++index];
    switch (flag) {
      case '--quick':
        quick = true;
        break;
      case '--no-build':
        build = false;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--only': {
        const names = value();
        if (!names) problems.push('--only needs a benchmark name');
        for (const name of names?.split(',').filter(Boolean) ?? []) {
          if ((BENCH_NAMES as readonly string[]).includes(name)) only.push(name as BenchName);
          else problems.push(`--only: unknown benchmark "${name}" (known: ${BENCH_NAMES.join(', ')})`);
        }
        break;
      }
      case '--step-seconds': {
        const raw = value();
        const number = Number(raw);
        if (raw === undefined || !Number.isInteger(number) || number < 1 || number > 600) {
          problems.push(`--step-seconds must be a whole number from 1 to 600 (got ${raw ?? 'nothing'})`);
        } else stepSeconds = number;
        break;
      }
      case '--rates': {
        const raw = value();
        const list = (raw ?? '').split(',').filter(Boolean).map(Number);
        if (list.length === 0 || list.some((rate) => !Number.isInteger(rate) || rate < 1 || rate > 100_000)) {
          problems.push(`--rates must be whole numbers from 1 to 100000, comma-separated (got ${raw ?? 'nothing'})`);
        } else rates = list;
        break;
      }
      default:
        problems.push(`unknown argument "${argv[index]}"`);
    }
  }
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  return Object.freeze({
    quick,
    help,
    build,
    // Always in the canonical order: the pipelines, which load the machine most, run last.
    only: only.length > 0 ? BENCH_NAMES.filter((name) => only.includes(name)) : [...BENCH_NAMES],
    stepSeconds: stepSeconds ?? (quick ? 2 : 4),
    rates: rates ?? [100, 500, 1_000],
  });
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  return argument.startsWith('--') && equals > 0
    ? [argument.slice(0, equals), argument.slice(equals + 1)]
    : [argument, undefined];
}
