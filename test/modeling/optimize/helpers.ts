/** Test helpers: quadratic forms with a known covariance, seeded random numbers, Poisson sampling. */

import type { Objective } from "../../../src/modeling/optimize/index.js";

/** Inverse of a small dense matrix (Gauss-Jordan with partial pivoting), row-major n*n. */
export function invert(a: ArrayLike<number>, n: number): Float64Array {
  const m = Float64Array.from(a);
  const inv = new Float64Array(n * n);
  for (let i = 0; i < n; i++) inv[i * n + i] = 1;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r * n + c]) > Math.abs(m[piv * n + c])) piv = r;
    for (let k = 0; k < n; k++) {
      [m[c * n + k], m[piv * n + k]] = [m[piv * n + k], m[c * n + k]];
      [inv[c * n + k], inv[piv * n + k]] = [inv[piv * n + k], inv[c * n + k]];
    }
    const d = m[c * n + c];
    for (let k = 0; k < n; k++) {
      m[c * n + k] /= d;
      inv[c * n + k] /= d;
    }
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r * n + c];
      for (let k = 0; k < n; k++) {
        m[r * n + k] -= f * m[c * n + k];
        inv[r * n + k] -= f * inv[c * n + k];
      }
    }
  }
  return inv;
}

/**
 * `-2 log L` of a Gaussian with mean `mean`, standard deviations `sigma` and correlation matrix `corr`
 * (row-major n*n): `z^T corr^-1 z` with `z = (x - mean) / sigma`. Its covariance is `sigma_i sigma_j corr_ij`.
 */
export function gaussianChi2(mean: number[], sigma: number[], corr: number[]): Objective {
  const n = mean.length;
  const ci = invert(corr, n);
  const z = new Float64Array(n);
  return (x) => {
    for (let i = 0; i < n; i++) z[i] = (x[i] - mean[i]) / sigma[i];
    let s = 0;
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) s += z[i] * ci[i * n + j] * z[j];
    return s;
  };
}

/** Seeded uniform random numbers in [0, 1) (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Poisson random number with mean `mu` (Knuth's method, fine for mu < 500). */
export function poisson(mu: number, u: () => number): number {
  const l = Math.exp(-mu);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= u();
  } while (p > l);
  return k - 1;
}
