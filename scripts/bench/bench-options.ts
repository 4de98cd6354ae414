import { parseArgs } from 'node:util';

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

const OPTIONS = {
  quick: { type: 'boolean' },
  // --no-build (allowNegative) turns it off.
  build: { type: 'boolean', default: true },
  help: { type: 'boolean', short: 'h' },
  only: { type: 'string', multiple: true },
  rates: { type: 'string' },
  'step-seconds': { type: 'string' },
} as const;

/**
 * Reads the command line (arguments after the script) with node:util parseArgs. Throws an Error naming
 * every bad argument, with the usage, so a typo never silently runs the 5-minute default: parseArgs runs
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
  let stepSeconds: number | undefined;
  let rates: number[] | undefined;
  // Token by token, so the problems are listed in the order the arguments were given.
  for (const token of tokens) {
    if (token.kind === 'positional') problems.push(`unknown argument "${token.value}"`);
    if (token.kind !== 'option') continue;
    if (!Object.hasOwn(OPTIONS, token.name)) problems.push(`unknown argument "${token.rawName}"`);
    else if (token.name === 'only') only.push(...benchNames(token.value, problems));
    else if (token.name === 'step-seconds') {
      const number = Number(token.value);
      if (token.value !== undefined && Number.isInteger(number) && number >= 1 && number <= 600) stepSeconds = number;
      else problems.push(`--step-seconds must be a whole number from 1 to 600 (got ${token.value ?? 'nothing'})`);
    } else if (token.name === 'rates') {
      const list = (token.value ?? '').split(',').filter(Boolean).map(Number);
      if (list.length > 0 && list.every((rate) => Number.isInteger(rate) && rate >= 1 && rate <= 100_000)) rates = list;
      else
        problems.push(
          `--rates must be whole numbers from 1 to 100000, comma-separated (got ${token.value ?? 'nothing'})`,
        );
    }
  }
  if (problems.length > 0) throw new Error(`${problems.join('\n')}\n\n${USAGE}`);
  const quick = values.quick === true;
  return Object.freeze({
    quick,
    help: values.help === true,
    build: values.build !== false,
    // Always in the canonical order: the pipelines, which load the machine most, run last.
    only: only.length > 0 ? BENCH_NAMES.filter((name) => only.includes(name)) : [...BENCH_NAMES],
    stepSeconds: stepSeconds ?? (quick ? 2 : 4),
    rates: rates ?? [100, 500, 1_000],
  });
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
