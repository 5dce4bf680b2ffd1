/**
 * Small dense symmetric-matrix routines on row-major `Float64Array` (n*n), used by the optimiser.
 */

/** Cholesky factor L (lower, row-major n*n) of a symmetric matrix, or `null` when it is not positive-definite. */
export function cholesky(a: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    let d = a[j * n + j];
    for (let k = 0; k < j; k++) d -= l[j * n + k] * l[j * n + k];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    const ljj = Math.sqrt(d);
    l[j * n + j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i * n + j];
      for (let k = 0; k < j; k++) s -= l[i * n + k] * l[j * n + k];
      l[i * n + j] = s / ljj;
    }
  }
  return l;
}

/**
 * Inverse of a symmetric positive-definite matrix (row-major n*n), or `null` when it is not positive-definite.
 * The matrix is scaled to unit diagonal first so that parameters of very different magnitudes stay accurate.
 */
export function invertSpd(a: Float64Array, n: number): Float64Array | null {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const d = a[i * n + i];
    if (!(d > 0) || !Number.isFinite(d)) return null;
    s[i] = 1 / Math.sqrt(d);
  }
  const b = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i * n + j] = a[i * n + j] * s[i] * s[j];
  const l = cholesky(b, n);
  if (!l) return null;
  // inverse of L (lower triangular)
  const li = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    li[j * n + j] = 1 / l[j * n + j];
    for (let i = j + 1; i < n; i++) {
      let sum = 0;
      for (let k = j; k < i; k++) sum -= l[i * n + k] * li[k * n + j];
      li[i * n + j] = sum / l[i * n + i];
    }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = 0;
      for (let k = i; k < n; k++) sum += li[k * n + i] * li[k * n + j];
      const v = sum * s[i] * s[j];
      out[i * n + j] = v;
      out[j * n + i] = v;
    }
  }
  return out;
}

/** Eigenvalues of a symmetric matrix (row-major n*n) by cyclic Jacobi rotations; unsorted. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const m = Float64Array.from(a);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += m[i * n + j] * m[i * n + j];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (apq === 0) continue;
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k * n + p];
          const akq = m[k * n + q];
          m[k * n + p] = c * akp - s * akq;
          m[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p * n + k];
          const aqk = m[q * n + k];
          m[p * n + k] = c * apk - s * aqk;
          m[q * n + k] = s * apk + c * aqk;
        }
      }
    }
  }
  const ev = new Float64Array(n);
  for (let i = 0; i < n; i++) ev[i] = m[i * n + i];
  return ev;
}

/**
 * Force a symmetric matrix positive-definite as Minuit's `MnPosDef` does: raise non-positive diagonal elements, then
 * add to the diagonal of the unit-diagonal scaled matrix when its smallest eigenvalue is too small.
 * Returns the (possibly new) matrix and whether it had to be changed.
 */
export function makePositiveDefinite(a: Float64Array, n: number): { matrix: Float64Array; changed: boolean } {
  const epspdf = 1e-6;
  const m = Float64Array.from(a);
  let changed = false;
  let dgmin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) dgmin = Math.min(dgmin, m[i * n + i]);
  if (!(dgmin > 0)) {
    let dmax = 0;
    for (let i = 0; i < n; i++) dmax = Math.max(dmax, Math.abs(m[i * n + i]));
    const dg = (dmax > 0 ? dmax : 1) * (0.5 + epspdf);
    for (let i = 0; i < n; i++) if (!(m[i * n + i] > 0)) m[i * n + i] = dg;
    changed = true;
  }
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = 1 / Math.sqrt(m[i * n + i]);
  const p = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) p[i * n + j] = m[i * n + j] * s[i] * s[j];
  const ev = symmetricEigenvalues(p, n);
  let pmin = ev[0];
  let pmax = ev[0];
  for (let i = 1; i < n; i++) {
    pmin = Math.min(pmin, ev[i]);
    pmax = Math.max(pmax, ev[i]);
  }
  pmax = Math.max(Math.abs(pmax), 1);
  if (pmin > epspdf * pmax) return { matrix: m, changed };
  const padd = 0.001 * pmax - pmin;
  for (let i = 0; i < n; i++) m[i * n + i] *= 1 + padd;
  return { matrix: m, changed: true };
}

/** `v^T A v` for a symmetric row-major n*n matrix A. */
export function quadraticForm(a: Float64Array, v: Float64Array, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) {
    let r = 0;
    for (let j = 0; j < n; j++) r += a[i * n + j] * v[j];
    s += v[i] * r;
  }
  return s;
}
