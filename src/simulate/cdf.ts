/** Discrete sampling helpers: cumulative distributions over cells and the cell a uniform number falls in. */

/** Normalised cumulative weights (length n + 1) of weights (negative and non-finite weights count as 0). */
export function cumulative(weights: ArrayLike<number>): { cdf: Float64Array; total: number } {
  const cdf = new Float64Array(weights.length + 1);
  let acc = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i];
    if (w > 0 && Number.isFinite(w)) acc += w;
    cdf[i + 1] = acc;
  }
  if (acc > 0) for (let i = 1; i < cdf.length; i++) cdf[i] /= acc;
  return { cdf, total: acc };
}

/** Index i with cdf[i] <= u < cdf[i + 1] (binary search; empty cells are never returned for u in (0, 1)). */
export function drawCell(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= u) lo = mid;
    else hi = mid;
  }
  return lo;
}
