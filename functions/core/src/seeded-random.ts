import { createHash } from 'node:crypto';

/**
 * A deterministic source of numbers in [0, 1) for a seed: the same seed yields the same sequence on every
 * machine and every run, so a redelivered event replays the same simulated auction and the local
 * cluster's demo data is the same on every start.
 *
 * The seed's SHA-256 seeds sfc32 (Chris Doty-Humphrey's Small Fast Counter, as in PractRand): it is not
 * for secrets, only for simulation, and passes the usual statistical batteries.
 */
export function seededRandom(seed: string): () => number {
  const digest = createHash('sha256').update(seed, 'utf8').digest();
  let a = digest.readUInt32LE(0);
  let b = digest.readUInt32LE(4);
  let c = digest.readUInt32LE(8);
  let d = digest.readUInt32LE(12);
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4_294_967_296;
  };
  // The first outputs still carry the seed's structure; discard them, as sfc32's reference does.
  for (let round = 0; round < 12; round += 1) next();
  return next;
}
