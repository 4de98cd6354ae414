/**
 * Rounds a CPM to 4 decimals, the precision analytics stores (numeric(12, 4)), so simulated prices look
 * like prices and never carry binary-float noise such as 0.30000000000000004.
 */
export function roundCpm(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
