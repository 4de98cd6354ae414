import { parseArgs } from 'node:util';

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

const OPTIONS = {
  quick: { type: 'boolean' },
  // --no-build (allowNegative) turns it off.
  build: { type: 'boolean', default: true },
  help: { type: 'boolean', short: 'h' },
  only: { type: 'string', multiple: true },
  bids: { type: 'string' },
  concurrency: { type: 'string' },
  rounds: { type: 'string' },
} as const;

/**
 * Reads the command line (arguments after the script) with node:util parseArgs. Throws an Error naming
 * every bad argument, with the usage, so a typo never silently runs the 3-minute default: parseArgs runs
 * non-strict so that unknown flags are collected here rather than thrown one at a time.
 */
export function parseBenchOptions(argv: readonly string[]): BenchOptions {
  const { values, tokens } = parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: false,
    allowPositionals: true,
    allowNegative: true,
    tokens: true,
  });
  const problems: string[] = [];
  const only: BenchName[] = [];
  const numbers: Partial<Record<NumberOption, number>> = {};
  // Token by token, so the problems are listed in the order the arguments were given.
  for (const token of tokens) {
    if (token.kind === 'positional') problems.push(`unknown argument "${token.value}"`);
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(OPTIONS, token.name)) problems.push(`unknown argument "${token.rawName}"`);
    else if (token.name === 'only') only.push(...benchNames(token.value, problems));
    else if (isNumberOption(token.name)) {
      const number = Number(token.value);
      if (token.value !== undefined && Number.isInteger(number) && number >= 1 && number <= 1_000_000) {
        numbers[token.name] = number;
      } else {
        problems.push(`--${token.name} must be a whole number from 1 to 1000000 (got ${token.value ?? 'nothing'})`);
      }
    }
  }
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  const quick = values.quick === true;
  return Object.freeze({
    quick,
    help: values.help === true,
    build: values.build !== false,
    // Always in the canonical order: the pipeline, which loads the machine most, runs last.
    only: only.length > 0 ? BENCH_NAMES.filter((name) => only.includes(name)) : [...BENCH_NAMES],
    bids: numbers.bids ?? (quick ? 300 : 2_000),
    concurrency: numbers.concurrency ?? 16,
    rounds: numbers.rounds ?? 3,
  });
}

type NumberOption = 'bids' | 'concurrency' | 'rounds';

function isNumberOption(name: string): name is NumberOption {
  return name === 'bids' || name === 'concurrency' || name === 'rounds';
}

/** The benchmark names of one --only value (comma-separated); a bad one is added to problems. */
function benchNames(value: string | undefined, problems: string[]): BenchName[] {
  if (!value) {
    problems.push('--only needs a benchmark name');
    return [];
  }
  const names: BenchName[] = [];
  for (const name of value.split(',').filter(Boolean)) {
    if ((BENCH_NAMES as readonly string[]).includes(name)) names.push(name as BenchName);
    else problems.push(`--only: unknown benchmark "${name}" (known: ${BENCH_NAMES.join(', ')})`);
  }
  return names;
}
