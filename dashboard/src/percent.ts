/** part / whole as a percentage rounded to 2 places, as the seed's API gave win_rate; 0 when whole is 0. */
export function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 100 : 0;
}
