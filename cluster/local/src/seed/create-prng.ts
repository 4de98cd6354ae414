/**
 * A seeded pseudo-random generator (mulberry32): the same seed yields the same sequence on every run
 * and machine, which is what makes the demo data reproducible. Not for anything secret.
 * Returns a function giving numbers in [0, 1).
 */
export function createPrng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
