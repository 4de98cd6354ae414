/** The benchmarks `npm run bench` knows, in the order it runs them. */
export const BENCH_NAMES = ['ingest', 'profile', 'pipeline'] as const;
export type BenchName = (typeof BENCH_NAMES)[number];

/** How hard each benchmark works: the default run (~3 min on 2 cores) or `--quick` (~30 s). */
export interface BenchOptions {
  readonly quick: boolean;
  readonly only: readonly BenchName[];
  /** bids POSTed per pipeline round */
  readonly bids: number;
  /** requests in flight at once, for the pipeline and its baseline */
  readonly concurrency: number;
  /** rounds of the pipeline benchmark (the micro-benchmarks run more: they are short) */
  readonly rounds: number;
  /** build functions whose sources are newer than their build before the pipeline starts */
  readonly build: boolean;
  readonly help: boolean;
}

export const USAGE = `Usage: npm run bench -- [--quick] [--only ${BENCH_NAMES.join('|')}[,...]] [--bids N] [--concurrency N] [--rounds N] [--no-build]

  --quick          about 30 s instead of about 3 min: fewer rounds, 300 bids per pipeline round
  --only NAMES     run only these benchmarks (comma-separated, or repeat the flag)
  --bids N         bids POSTed per pipeline round (default 2000; quick 300)
  --concurrency N  requests in flight at once in the pipeline and its baseline (default 16)
  --rounds N       pipeline rounds after the warm-up (default 3)
  --no-build       do not rebuild functions whose sources changed since their last build

Each figure is printed beside a baseline measured in the same run, and as the ratio of the two.
Writes .helios/bench/results.json and .helios/bench/report.svg (and report.png when chromium exists).
The pipeline honours the local cluster's variables: KAFKA_BROKERS, DATABASE_URL, REDIS_URL, HELIOS_LOG_LEVEL.`;

/**
 * Reads the command line (arguments after the script). Throws an Error naming every bad argument, with
 * the usage, so a typo never silently runs the 3-minute default.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const problems: string[] = [];
  const only: BenchName[] = [];
  let quick = false;
  let help = false;
  let build = true;
  const numbers: Record<'bids' | 'concurrency' | 'rounds', number | undefined> = {
    bids: undefined,
    concurrency: undefined,
    rounds: undefined,
  };
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
      case '--bids':
      case '--concurrency':
      case '--rounds': {
        const raw = value();
        const number = Number(raw);
        if (raw === undefined || !Number.isInteger(number) || number < 1 || number > 1_000_000) {
          problems.push(`${flag} must be a whole number from 1 to 1000000 (got ${raw ?? 'nothing'})`);
        } else {
          numbers[flag.slice(2) as keyof typeof numbers] = number;
        }
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
    // Always in the canonical order: the pipeline, which loads the machine most, runs last.
    only: only.length > 0 ? BENCH_NAMES.filter((name) => only.includes(name)) : [...BENCH_NAMES],
    bids: numbers.bids ?? (quick ? 300 : 2_000),
    concurrency: numbers.concurrency ?? 16,
    rounds: numbers.rounds ?? 3,
  });
}

function splitFlag(argument: string): [string, string | undefined] {
  const equals = argument.indexOf('=');
  return argument.startsWith('--') && equals > 0
    ? [argument.slice(0, equals), argument.slice(equals + 1)]
    : [argument, undefined];
}
