// pocketsphinx's half-bit dither (`-dither yes -seed 1`), done here instead of
// in the decoder: +1 to a sample when the generator's next 31-bit number is a
// multiple of 4, from a Mersenne Twister (MT19937, the one sphinxbase uses)
// seeded afresh for every utterance. A long-lived decoder's own generator runs
// on from one utterance to the next, so the same audio would score differently
// with its history; seeded here, the same audio always gives the same samples —
// and the same samples a fresh one-shot child dithered (all but its last,
// partial frame), so the scores `minConfidence` was tuned on hold. The dither
// exists because digital silence (an API client's zero padding) gives the
// features no variance and a command an absurd score.

/** The seed every one-shot decoder was run with (`-seed 1`). */
export const DITHER_SEED = 1;

const N = 624;
const M = 397;

/** MT19937's `genrand_int31` sequence from `init_genrand(seed)`. */
export function mersenneTwister31(seed: number): () => number {
  const mt = new Uint32Array(N);
  mt[0] = seed >>> 0;
  for (let i = 1; i < N; i++) {
    const p = mt[i - 1]! ^ (mt[i - 1]! >>> 30);
    mt[i] = (Math.imul(1812433253, p) + i) >>> 0;
  }
  let index = N;
  const twist = () => {
    for (let k = 0; k < N; k++) {
      const y = (mt[k]! & 0x80000000) | (mt[(k + 1) % N]! & 0x7fffffff);
      mt[k] = mt[(k + M) % N]! ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
    }
    index = 0;
  };
  return () => {
    if (index >= N) twist();
    let y = mt[index++]!;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return (y >>> 0) >>> 1;
  };
}

/** A dithered copy of the samples (the input is not changed); a sample at full scale stays there. */
export function ditherHalfBit(samples: Int16Array, seed: number = DITHER_SEED): Int16Array {
  const next = mersenneTwister31(seed);
  const out = new Int16Array(samples.length);
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i]!;
    out[i] = next() % 4 === 0 && s < 32767 ? s + 1 : s;
  }
  return out;
}
