/**
 * The dashboard as a reader sees it: `next start` over a test database with known rows, driven by a real
 * Chromium. Builds the app first when .next is missing or older than its sources.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/free-port.ts';
import { createTestDatabase, type TestDatabase } from '../../test/helpers/postgres.ts';
import { serviceAvailable, servicesRequired, TEST_DATABASE_URL } from '../../test/helpers/services.ts';
import { formatCount, formatCpm, formatMoney, formatPercent } from '../src/format.ts';
import { percent } from '../src/percent.ts';
import { buildFixture, clearDatabase, deadLetterRow, expectedSpend, insertFixture } from './fixtures.ts';
import { schema } from '@helios/core/db';

const CHROMIUM = '/usr/bin/chromium';
const DASHBOARD_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOT = '/tmp/helios-dashboard.png';

const postgres = await serviceAvailable('Postgres', TEST_DATABASE_URL);
const browserPresent = existsSync(CHROMIUM);
if (!browserPresent) {
  const message = `${CHROMIUM} is absent (apt-get install chromium)`;
  if (servicesRequired) throw new Error(`${message}, and HELIOS_REQUIRE_SERVICES=1 makes the browser test mandatory`);
  console.warn(`skipping the dashboard browser test: ${message}`);
}

/** True when .next/BUILD_ID is missing or older than any source the build reads. */
function buildIsStale(): boolean {
  const buildId = path.join(DASHBOARD_DIR, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = [
    path.join(DASHBOARD_DIR, 'src'),
    path.join(DASHBOARD_DIR, 'next.config.ts'),
    path.join(DASHBOARD_DIR, 'package.json'),
    path.resolve(DASHBOARD_DIR, '../functions/core/src'),
  ];
  const newest = (file: string): number =>
    statSync(file).isDirectory()
      ? Math.max(0, ...readdirSync(file).map((name) => newest(path.join(file, name))))
      : statSync(file).mtimeMs;
  return sources.some((source) => newest(source) > built);
}

/** A `next start` of the built dashboard on a free port, with its output kept for the assertions. */
interface RunningDashboard {
  readonly base: string;
  readonly output: string[];
  stop(): Promise<void>;
}

/**
 * Starts `next start` with `env` on top of this process's environment minus DATABASE_URL, and waits until
 * /api/health/ answers `status` (503 for a dashboard without a database).
 */
async function startDashboard(env: Record<string, string>, status = 200): Promise<RunningDashboard> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  const server = spawn(process.execPath, [nextBin, 'start', '--port', String(port), '--hostname', '127.0.0.1'], {
    cwd: DASHBOARD_DIR,
    env: { ...inherited, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  server.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  server.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`next start exited with ${server.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${base}/api/health/`)).status === status) return { base, output, stop };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await stop();
  throw new Error(
    `the dashboard at ${base} did not answer /api/health/ with ${status} within 60 s:\n${output.join('')}`,
  );
}

/** The stat cards of the overview, label → value as displayed. */
async function statCards(page: Page): Promise<Record<string, string>> {
  const cards = await page.locator('[data-testid="stats"] .stat-card').all();
  const entries = await Promise.all(
    cards.map(
      async (card) => [await card.locator('dt').innerText(), await card.locator('.stat-value').innerText()] as const,
    ),
  );
  return Object.fromEntries(entries);
}

describe.skipIf(!postgres || !browserPresent)('the dashboard in Chromium', () => {
  const now = new Date();
  const fixture = buildFixture({ now });
  const newestFirst = [...fixture.outcomes].sort((a, b) => b.decidedAt.getTime() - a.decidedAt.getTime());
  let db: TestDatabase;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    await insertFixture(db.database, fixture);
    if (buildIsStale()) {
      const build = spawnSync('npm', ['run', 'build', '-w', 'dashboard'], {
        cwd: path.resolve(DASHBOARD_DIR, '..'),
        encoding: 'utf8',
        timeout: 600_000,
      });
      if (build.status !== 0) throw new Error(`next build failed:\n${build.stdout}\n${build.stderr}`);
    }
    dashboard = await startDashboard({ DATABASE_URL: db.url });
    base = dashboard.base;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
        '--disable-quic',
      ],
    });
  }, 660_000);

  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await db?.drop();
  });

  it('serves the JSON API with and without the trailing slash, never redirecting', async () => {
    for (const path of ['/api/outcomes/?page_size=5', '/api/outcomes?page_size=5']) {
      const response = await fetch(`${base}${path}`, { redirect: 'manual' });
      expect(response.status, path).toBe(200);
      const body = await response.json();
      expect(body.count).toBe(fixture.outcomes.length);
      expect(body.results.map((row: { id: string }) => row.id)).toEqual(newestFirst.slice(0, 5).map((o) => o.id));
    }
    for (const path of [
      '/api/outcomes/stats/',
      '/api/outcomes/stats',
      '/api/outcomes/daily_stats/',
      '/api/campaigns/',
      '/api/health',
    ]) {
      expect((await fetch(`${base}${path}`, { redirect: 'manual' })).status, path).toBe(200);
    }
    const winners = await (await fetch(`${base}/api/outcomes/winners/`)).json();
    expect(Array.isArray(winners)).toBe(true);
  });

  it('routes an outcome id with reserved characters, and answers 404 and 400 as JSON', async () => {
    const source = newestFirst[0]!;
    const found = await fetch(`${base}/api/outcomes/${encodeURIComponent(source.id)}/`);
    expect(found.status).toBe(200);
    expect((await found.json()).id).toBe(source.id);
    const missing = await fetch(`${base}/api/outcomes/no-such-outcome/`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
    const invalid = await fetch(`${base}/api/outcomes/?page_size=500`);
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toMatchObject({ error: { code: 'invalid_field', field: 'page_size' } });
  });

  it('shows the totals, the charts and the latest wins on the overview', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const response = await page.goto(`${base}/`);
    expect(response?.status()).toBe(200);
    const wins = fixture.outcomes.filter((o) => o.winStatus);
    expect(await statCards(page)).toEqual({
      Auctions: formatCount(fixture.outcomes.length),
      Wins: formatCount(wins.length),
      'Win rate': formatPercent(percent(wins.length, fixture.outcomes.length)),
      Spend: formatMoney(expectedSpend(fixture.outcomes)),
      'Average win price': formatCpm(
        Math.round((wins.reduce((s, o) => s + o.winPrice!, 0) / wins.length) * 10_000) / 10_000,
      ),
      Enriched: formatPercent(percent(fixture.outcomes.filter((o) => o.enriched).length, fixture.outcomes.length)),
      'Dead letters': formatCount(fixture.deadLetters.length),
    });
    await expect.poll(() => page.locator('svg[role="img"]').count()).toBe(2);
    expect(await page.locator('.chart-bar').count()).toBe(14);
    // The chart's data table: today's row counts today's outcomes.
    const today = now.toISOString().slice(0, 10);
    const todays = fixture.outcomes.filter((o) => o.decidedAt.toISOString().slice(0, 10) === today);
    const todayRow = page.locator('.chart-data tbody tr', { has: page.locator(`th:text-is("${today}")`) });
    expect(await todayRow.locator('td').first().textContent()).toBe(formatCount(todays.length));
    const latestWins = page.locator('table.outcomes tbody tr');
    expect(await latestWins.count()).toBe(5);
    expect(await latestWins.first().getAttribute('data-outcome-id')).toBe(newestFirst.find((o) => o.winStatus)!.id);
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    await page.close();
  });

  it('lists outcomes newest first and narrows them through the filter form', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${base}/outcomes/`);
    const rows = page.locator('table.outcomes tbody tr');
    expect(await rows.count()).toBe(20);
    expect(await rows.first().getAttribute('data-outcome-id')).toBe(newestFirst[0]!.id);
    expect(await page.getByTestId('match-count').textContent()).toBe(formatCount(fixture.outcomes.length));

    await page.getByLabel('User ID').fill('user-001');
    await page.getByLabel('Result').selectOption('true');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.waitForURL(/user_id=user-001/);
    const expected = newestFirst.filter((o) => o.userId === 'user-001' && o.winStatus);
    await expect.poll(() => page.getByTestId('match-count').textContent()).toBe(formatCount(expected.length));
    expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-outcome-id')))).toEqual(
      expected.slice(0, 20).map((o) => o.id),
    );
    expect(new Set(await page.locator('td[data-field="user_id"]').allTextContents())).toEqual(new Set(['user-001']));
    expect(new Set(await page.locator('td[data-field="win_status"]').allInnerTexts())).toEqual(new Set(['Won']));
    await page.screenshot({ path: '/tmp/helios-dashboard-outcomes.png', fullPage: true });
    await page.close();
  });

  it('pages through outcomes with the next link', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/outcomes/?page=2`);
    await page.getByRole('link', { name: /Next/ }).click();
    await page.waitForURL(/page=3/);
    const rows = page.locator('table.outcomes tbody tr');
    await expect.poll(() => rows.count()).toBe(fixture.outcomes.length - 40);
    expect(await rows.first().getAttribute('data-outcome-id')).toBe(newestFirst[40]!.id);
    await page.close();
  });

  it('shows each campaign with its spend today against its daily budget', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 700 } });
    await page.goto(`${base}/campaigns/`);
    const rows = page.locator('table.campaigns tbody tr');
    expect(await rows.count()).toBe(fixture.campaigns.length);
    const startOfToday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
    const shoes = fixture.outcomes.filter(
      (o) => o.campaignId === 'camp-shoes' && o.decidedAt.getTime() >= startOfToday,
    );
    const row = page.locator('tr[data-campaign-id="camp-shoes"]');
    expect(await row.locator('.budget span').textContent()).toContain(
      `${formatMoney(expectedSpend(shoes))} of ${formatMoney(50)}`,
    );
    await page.screenshot({ path: '/tmp/helios-dashboard-campaigns.png', fullPage: true });
    await page.close();
  });

  it('counts the dead letters analytics records on the live overview', async () => {
    const page = await browser.newPage();
    const shown = async () => {
      await page.goto(`${base}/`);
      return (await statCards(page))['Dead letters'];
    };
    expect(await shown()).toBe(formatCount(fixture.deadLetters.length));
    await db.database.insert(schema.deadLetters).values(deadLetterRow('outcome:r-dead-4:1'));
    expect(await shown()).toBe(formatCount(fixture.deadLetters.length + 1));
    await page.close();
  });

  it('tells the reader how to send a first bid when there are no outcomes', async () => {
    await clearDatabase(db.database);
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => page.getByRole('heading', { name: 'No auctions yet' }).count()).toBe(1);
    expect(await page.locator('.empty-state pre').textContent()).toContain('curl -X POST http://localhost:8080/bid');
    await page.goto(`${base}/campaigns/`);
    expect(await page.getByRole('heading', { name: 'No campaigns yet' }).count()).toBe(1);
    await page.close();
  });

  it('has logged no server error', () => {
    expect(dashboard.output.join('')).not.toMatch(/"level":"error"|Error:/);
  });

  it('starts without DATABASE_URL, then answers 503 and says where to look', async () => {
    const unconfigured = await startDashboard({}, 503);
    try {
      const health = await fetch(`${unconfigured.base}/api/health/`);
      expect(await health.json()).toMatchObject({
        status: 'unavailable',
        database: 'down',
        error: { code: 'dependency_unavailable', message: expect.stringContaining('DATABASE_URL must be set') },
      });
      expect((await fetch(`${unconfigured.base}/api/outcomes/`)).status).toBe(503);
      const page = await browser.newPage();
      await page.goto(`${unconfigured.base}/outcomes/`);
      await expect.poll(() => page.getByRole('heading', { name: 'This page could not load its data' }).count()).toBe(1);
      expect(await page.getByRole('link', { name: '/api/health/' }).count()).toBe(1);
      await page.close();
    } finally {
      await unconfigured.stop();
    }
  });
});
