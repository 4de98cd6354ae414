/**
 * How the pages write numbers and times: one place, so every page agrees. Prices are CPM in USD (OpenRTB
 * 2.6 §3.2.4: `bidfloorcur` defaults to USD); times are UTC, as the database keeps them.
 */
const COUNT = new Intl.NumberFormat('en-US');
const MONEY = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
});
// Spend is price / 1000 per impression: small totals need the cents' fractions to show at all.
const SMALL_MONEY = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  minimumFractionDigits: 4,
  maximumFractionDigits: 4,
});

/** 12,345 */
export function formatCount(value: number): string {
  return COUNT.format(value);
}

/** $1,234.50, or $0.0042 below a dollar so that small spends stay visible. */
export function formatMoney(value: number): string {
  return value !== 0 && Math.abs(value) < 1 ? SMALL_MONEY.format(value) : MONEY.format(value);
}

/** A CPM price, "$2.50", or an em dash when there is none. */
export function formatCpm(value: number | null): string {
  return value === null ? '—' : MONEY.format(value);
}

/** 42.5% (the API's rates are already percentages). */
export function formatPercent(value: number): string {
  return `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}%`;
}

/** 2026-11-21 13:05:12, in UTC (the column heading says so). */
export function formatUtc(value: Date): string {
  return value.toISOString().slice(0, 19).replace('T', ' ');
}
