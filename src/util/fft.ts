/**
 * Complex FFTs of any length 2^a 3^b 5^c (mixed-radix Stockham autosort: radix-4, 2, 3 and 5 butterflies with
 * precomputed twiddles, natural order in and out, no bit reversal), on interleaved (re, im) Float64Arrays.
 *
 * Conventions: `forward` computes `X[k] = sum_j x[j] exp(-2 pi i j k / n)`; `inverse` computes
 * `x[j] = (1 / n) sum_k X[k] exp(+2 pi i j k / n)` (scaled). `transformMany` is the unscaled building block for
 * batches of interleaved sequences (the columns of a row-major 2D array), where the caller folds the 1/n into
 * something it computes anyway. `fftCost` estimates a transform's time from its stages, and `cheapestFftLength` picks
 * the padded length to use.
 */

/** Smallest length 2^a 3^b 5^c >= n (1 for n <= 1): the FFT-friendly padded length, as scipy's `next_fast_len`. */
export function nextFastLength(n: number): number {
  if (!Number.isFinite(n)) throw new RangeError(`FFT length must be finite, got ${n}`);
  if (n <= 1) return 1;
  let best = Number.POSITIVE_INFINITY;
  for (let p5 = 1; p5 < best; p5 *= 5)
    for (let p35 = p5; p35 < best; p35 *= 3) {
      let p = p35;
      while (p < n) p *= 2;
      if (p < best) best = p;
    }
  return best;
}

/**
 * Time per point of one Stockham stage by radix (index), in ns on the reference machine (a least-squares fit over all
 * lengths 2^a 3^b 5^c from 16 to 512, batched transforms; a radix-4 stage does two levels for the price of one).
 */
const STAGE_COST_NS = [0, 0, 2.9, 2.8, 2.8, 4.0];

/** Factor by which a longer length must be estimated cheaper for `cheapestFftLength` to take it. */
const CHEAPER_BY = 0.9;

/** Estimated time of one transform of length `n` = 2^a 3^b 5^c (ns on the reference machine, batched). */
export function fftCost(n: number): number {
  let perPoint = 0;
  for (const radix of factorize(n)) perPoint += STAGE_COST_NS[radix];
  return n * perPoint;
}

/**
 * A length 2^a 3^b 5^c >= n that is quick to transform: `nextFastLength(n)` unless a longer one (up to the next power
 * of two) is estimated at least CHEAPER_BY faster by `fftCost`, e.g. 256 rather than 250 = 2 5^3 (measured 1.13-1.33x
 * faster in 2D convolutions), 1024 rather than 1000; 160, 180, 225 and 60 stay (the estimates are within ~15%).
 */
export function cheapestFftLength(n: number): number {
  let best = nextFastLength(n);
  let bestCost = fftCost(best);
  // candidates up to the next power of two: every longer length costs more
  for (let m = best; !Number.isInteger(Math.log2(m)); ) {
    m = nextFastLength(m + 1);
    const cost = fftCost(m);
    if (cost < CHEAPER_BY * bestCost) {
      best = m;
      bestCost = cost;
    }
  }
  return best;
}

/** One Stockham stage: radix, sub-length `m` (remaining length / radix) and twiddles w^(p k), p < m, 1 <= k < radix. */
interface Stage {
  readonly radix: number;
  readonly m: number;
  /** Product of the radices of the stages before (n / (radix m)). */
  readonly stride: number;
  /** Forward twiddles exp(-2 pi i p k / (radix m)), interleaved, index 2 ((radix - 1) p + k - 1). */
  readonly forward: Float64Array;
  /** Conjugates of `forward`. */
  readonly inverse: Float64Array;
}

const plans = new Map<number, FftPlan>();

/** The (cached) plan for complex FFTs of length `n` = 2^a 3^b 5^c. */
export function fftPlan(n: number): FftPlan {
  let plan = plans.get(n);
  if (!plan) {
    plan = new FftPlan(n);
    plans.set(n, plan);
  }
  return plan;
}

/** Radices of n, largest stages first: 4s, then a 2 for an odd power of two, 3s and 5s; throws for other factors. */
function factorize(n: number): number[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`FFT length must be a positive integer, got ${n}`);
  const radices: number[] = [];
  let r = n;
  while (r % 4 === 0) {
    radices.push(4);
    r /= 4;
  }
  if (r % 2 === 0) {
    radices.push(2);
    r /= 2;
  }
  for (const f of [3, 5])
    while (r % f === 0) {
      radices.push(f);
      r /= f;
    }
  if (r !== 1) throw new RangeError(`FFT length must be 2^a 3^b 5^c, got ${n} (see nextFastLength)`);
  return radices;
}

/**
 * A complex FFT of one length `n` = 2^a 3^b 5^c: its stages, twiddle tables and scratch (build it with `fftPlan`,
 * which caches plans per length). Transforms allocate nothing.
 */
export class FftPlan {
  readonly n: number;
  private readonly stages: Stage[];
  private readonly scratch: Float64Array;

  constructor(n: number) {
    this.n = n;
    this.stages = [];
    let len = n;
    for (const radix of factorize(n)) {
      const m = len / radix;
      const forward = new Float64Array(2 * (radix - 1) * m);
      const inverse = new Float64Array(forward.length);
      for (let p = 0; p < m; p++)
        for (let k = 1; k < radix; k++) {
          const angle = (-2 * Math.PI * ((p * k) % len)) / len;
          const i = 2 * ((radix - 1) * p + k - 1);
          forward[i] = inverse[i] = Math.cos(angle);
          forward[i + 1] = Math.sin(angle);
          inverse[i + 1] = -forward[i + 1];
        }
      this.stages.push({ radix, m, stride: n / len, forward, inverse });
      len = m;
    }
    this.scratch = new Float64Array(2 * n);
  }

  /** Forward transform of `data` (2n, interleaved) into `out` (may be `data`; else `data` is kept). Returns `out`. */
  forward(data: Float64Array, out: Float64Array = data): Float64Array {
    this.transformMany(data, out, 1, false, this.scratch);
    return out;
  }

  /** Inverse transform scaled by 1/n of `data` (2n, interleaved) into `out` (may be `data`). Returns `out`. */
  inverse(data: Float64Array, out: Float64Array = data): Float64Array {
    this.transformMany(data, out, 1, true, this.scratch);
    const scale = 1 / this.n;
    for (let i = 0; i < 2 * this.n; i++) out[i] *= scale;
    return out;
  }

  /**
   * Unscaled transforms (forward, or inverse without the 1/n) of `batch` interleaved sequences: element j of
   * sequence b is the complex number at index `j batch + b` of `src` (2 n batch values) — the columns of a row-major
   * (n, batch) complex array. Results go to the same places in `dst`, which may be `src`; when it is not, `src` is
   * left unchanged. `scratch` (another array) holds at least 2 n batch values.
   */
  transformMany(src: Float64Array, dst: Float64Array, batch: number, inverse: boolean, scratch: Float64Array): void {
    const size = 2 * this.n * batch;
    if (src.length < size || dst.length < size || scratch.length < size)
      throw new RangeError(`FFT arrays must hold 2 x ${this.n} x ${batch} values`);
    const { stages } = this;
    if (stages.length === 0 && dst !== src) dst.set(src.subarray(0, size));
    // Stockham stages read one array and write another (scratch and dst in turn, so src is only read), except the
    // last: its inputs and outputs are at the same places, so it may work in place and always ends in dst
    let from = src;
    for (let i = 0; i < stages.length; i++) {
      const to = i === stages.length - 1 || from === scratch ? dst : scratch;
      this.stage(stages[i], from, to, batch, inverse);
      from = to;
    }
  }

  private stage(st: Stage, x: Float64Array, y: Float64Array, s0: number, inverse: boolean): void {
    const tw = inverse ? st.inverse : st.forward;
    const s = s0 * st.stride;
    const sg = inverse ? -1 : 1;
    switch (st.radix) {
      case 4:
        if (st.m === 1) radix4Last(x, y, s, sg);
        else if (s === 1) radix4First(x, y, st.m, tw, sg);
        else radix4(x, y, s, st.m, tw, sg);
        break;
      case 2:
        radix2(x, y, s, st.m, tw);
        break;
      case 3:
        radix3(x, y, s, st.m, tw, sg);
        break;
      default:
        radix5(x, y, s, st.m, tw, sg);
    }
  }
}

// Stage kernels (decimation in frequency). Input element (q, p + j m) at complex index q + s (p + j m), output
// (q, r p + k) at q + s (r p + k), for q < s, p < m; outputs k >= 1 are multiplied by the twiddle w^(p k). `sg` is +1
// forward, -1 inverse. Each butterfly reads all its inputs before writing, so a last stage (m = 1: inputs and outputs
// at the same places) may run in place. Radix 4, the most frequent, has two specialisations (measured ~5-10% on single
// transforms, bench/fft.ts): the first stage of a single transform (s = 1: no inner loop) and the last (m = 1: no
// twiddles).

function radix2(x: Float64Array, y: Float64Array, s: number, m: number, tw: Float64Array): void {
  const dj = 2 * s * m;
  for (let p = 0; p < m; p++) {
    const wr = tw[2 * p];
    const wi = tw[2 * p + 1];
    const xi = 2 * s * p;
    const yo = 4 * s * p;
    for (let q = 0; q < 2 * s; q += 2) {
      const i0 = xi + q;
      const i1 = i0 + dj;
      const ar = x[i0];
      const ai = x[i0 + 1];
      const br = x[i1];
      const bi = x[i1 + 1];
      const o0 = yo + q;
      const o1 = o0 + 2 * s;
      y[o0] = ar + br;
      y[o0 + 1] = ai + bi;
      const dr = ar - br;
      const di = ai - bi;
      y[o1] = dr * wr - di * wi;
      y[o1 + 1] = dr * wi + di * wr;
    }
  }
}

function radix4(x: Float64Array, y: Float64Array, s: number, m: number, tw: Float64Array, sg: number): void {
  const dj = 2 * s * m;
  const ds = 2 * s;
  for (let p = 0; p < m; p++) {
    const t = 6 * p;
    const w1r = tw[t];
    const w1i = tw[t + 1];
    const w2r = tw[t + 2];
    const w2i = tw[t + 3];
    const w3r = tw[t + 4];
    const w3i = tw[t + 5];
    const xi = 2 * s * p;
    const yo = 8 * s * p;
    for (let q = 0; q < ds; q += 2) {
      const i0 = xi + q;
      const i1 = i0 + dj;
      const i2 = i1 + dj;
      const i3 = i2 + dj;
      const a0r = x[i0];
      const a0i = x[i0 + 1];
      const a1r = x[i1];
      const a1i = x[i1 + 1];
      const a2r = x[i2];
      const a2i = x[i2 + 1];
      const a3r = x[i3];
      const a3i = x[i3 + 1];
      const s02r = a0r + a2r;
      const s02i = a0i + a2i;
      const d02r = a0r - a2r;
      const d02i = a0i - a2i;
      const s13r = a1r + a3r;
      const s13i = a1i + a3i;
      // -i sg (a1 - a3)
      const d13r = sg * (a1i - a3i);
      const d13i = sg * (a3r - a1r);
      const o0 = yo + q;
      const o1 = o0 + ds;
      const o2 = o1 + ds;
      const o3 = o2 + ds;
      y[o0] = s02r + s13r;
      y[o0 + 1] = s02i + s13i;
      const b1r = d02r + d13r;
      const b1i = d02i + d13i;
      y[o1] = b1r * w1r - b1i * w1i;
      y[o1 + 1] = b1r * w1i + b1i * w1r;
      const b2r = s02r - s13r;
      const b2i = s02i - s13i;
      y[o2] = b2r * w2r - b2i * w2i;
      y[o2 + 1] = b2r * w2i + b2i * w2r;
      const b3r = d02r - d13r;
      const b3i = d02i - d13i;
      y[o3] = b3r * w3r - b3i * w3i;
      y[o3 + 1] = b3r * w3i + b3i * w3r;
    }
  }
}

const SIN_60 = Math.sqrt(3) / 2;

function radix3(x: Float64Array, y: Float64Array, s: number, m: number, tw: Float64Array, sg: number): void {
  const dj = 2 * s * m;
  const ds = 2 * s;
  const h = sg * SIN_60;
  for (let p = 0; p < m; p++) {
    const t = 4 * p;
    const w1r = tw[t];
    const w1i = tw[t + 1];
    const w2r = tw[t + 2];
    const w2i = tw[t + 3];
    const xi = 2 * s * p;
    const yo = 6 * s * p;
    for (let q = 0; q < ds; q += 2) {
      const i0 = xi + q;
      const i1 = i0 + dj;
      const i2 = i1 + dj;
      const a0r = x[i0];
      const a0i = x[i0 + 1];
      const a1r = x[i1];
      const a1i = x[i1 + 1];
      const a2r = x[i2];
      const a2i = x[i2 + 1];
      const sr = a1r + a2r;
      const si = a1i + a2i;
      const tr = a0r - 0.5 * sr;
      const ti = a0i - 0.5 * si;
      // -i h (a1 - a2)
      const vr = h * (a1i - a2i);
      const vi = h * (a2r - a1r);
      const o0 = yo + q;
      const o1 = o0 + ds;
      const o2 = o1 + ds;
      y[o0] = a0r + sr;
      y[o0 + 1] = a0i + si;
      const b1r = tr + vr;
      const b1i = ti + vi;
      y[o1] = b1r * w1r - b1i * w1i;
      y[o1 + 1] = b1r * w1i + b1i * w1r;
      const b2r = tr - vr;
      const b2i = ti - vi;
      y[o2] = b2r * w2r - b2i * w2i;
      y[o2 + 1] = b2r * w2i + b2i * w2r;
    }
  }
}

const C1 = Math.cos((2 * Math.PI) / 5);
const C2 = Math.cos((4 * Math.PI) / 5);
const S1 = Math.sin((2 * Math.PI) / 5);
const S2 = Math.sin((4 * Math.PI) / 5);

function radix5(x: Float64Array, y: Float64Array, s: number, m: number, tw: Float64Array, sg: number): void {
  const dj = 2 * s * m;
  const ds = 2 * s;
  const s1 = sg * S1;
  const s2 = sg * S2;
  for (let p = 0; p < m; p++) {
    const t = 8 * p;
    const w1r = tw[t];
    const w1i = tw[t + 1];
    const w2r = tw[t + 2];
    const w2i = tw[t + 3];
    const w3r = tw[t + 4];
    const w3i = tw[t + 5];
    const w4r = tw[t + 6];
    const w4i = tw[t + 7];
    const xi = 2 * s * p;
    const yo = 10 * s * p;
    for (let q = 0; q < ds; q += 2) {
      const i0 = xi + q;
      const i1 = i0 + dj;
      const i2 = i1 + dj;
      const i3 = i2 + dj;
      const i4 = i3 + dj;
      const a0r = x[i0];
      const a0i = x[i0 + 1];
      const b1r = x[i1] + x[i4];
      const b1i = x[i1 + 1] + x[i4 + 1];
      const d1r = x[i1] - x[i4];
      const d1i = x[i1 + 1] - x[i4 + 1];
      const b2r = x[i2] + x[i3];
      const b2i = x[i2 + 1] + x[i3 + 1];
      const d2r = x[i2] - x[i3];
      const d2i = x[i2 + 1] - x[i3 + 1];
      const t1r = a0r + C1 * b1r + C2 * b2r;
      const t1i = a0i + C1 * b1i + C2 * b2i;
      const t2r = a0r + C2 * b1r + C1 * b2r;
      const t2i = a0i + C2 * b1i + C1 * b2i;
      // -i (s1 d1 + s2 d2) and -i (s2 d1 - s1 d2)
      const u1r = s1 * d1i + s2 * d2i;
      const u1i = -(s1 * d1r + s2 * d2r);
      const u2r = s2 * d1i - s1 * d2i;
      const u2i = s1 * d2r - s2 * d1r;
      const o0 = yo + q;
      const o1 = o0 + ds;
      const o2 = o1 + ds;
      const o3 = o2 + ds;
      const o4 = o3 + ds;
      y[o0] = a0r + b1r + b2r;
      y[o0 + 1] = a0i + b1i + b2i;
      let cr = t1r + u1r;
      let ci = t1i + u1i;
      y[o1] = cr * w1r - ci * w1i;
      y[o1 + 1] = cr * w1i + ci * w1r;
      cr = t2r + u2r;
      ci = t2i + u2i;
      y[o2] = cr * w2r - ci * w2i;
      y[o2 + 1] = cr * w2i + ci * w2r;
      cr = t2r - u2r;
      ci = t2i - u2i;
      y[o3] = cr * w3r - ci * w3i;
      y[o3 + 1] = cr * w3i + ci * w3r;
      cr = t1r - u1r;
      ci = t1i - u1i;
      y[o4] = cr * w4r - ci * w4i;
      y[o4 + 1] = cr * w4i + ci * w4r;
    }
  }
}

function radix4Last(x: Float64Array, y: Float64Array, s: number, sg: number): void {
  const ds = 2 * s;
  for (let q = 0; q < ds; q += 2) {
    const i0 = q;
    const i1 = i0 + ds;
    const i2 = i1 + ds;
    const i3 = i2 + ds;
    const a0r = x[i0];
    const a0i = x[i0 + 1];
    const a1r = x[i1];
    const a1i = x[i1 + 1];
    const a2r = x[i2];
    const a2i = x[i2 + 1];
    const a3r = x[i3];
    const a3i = x[i3 + 1];
    const s02r = a0r + a2r;
    const s02i = a0i + a2i;
    const d02r = a0r - a2r;
    const d02i = a0i - a2i;
    const s13r = a1r + a3r;
    const s13i = a1i + a3i;
    const d13r = sg * (a1i - a3i);
    const d13i = sg * (a3r - a1r);
    y[i0] = s02r + s13r;
    y[i0 + 1] = s02i + s13i;
    y[i1] = d02r + d13r;
    y[i1 + 1] = d02i + d13i;
    y[i2] = s02r - s13r;
    y[i2 + 1] = s02i - s13i;
    y[i3] = d02r - d13r;
    y[i3 + 1] = d02i - d13i;
  }
}

function radix4First(x: Float64Array, y: Float64Array, m: number, tw: Float64Array, sg: number): void {
  const dj = 2 * m;
  for (let p = 0; p < m; p++) {
    const t = 6 * p;
    const i0 = 2 * p;
    const i1 = i0 + dj;
    const i2 = i1 + dj;
    const i3 = i2 + dj;
    const a0r = x[i0];
    const a0i = x[i0 + 1];
    const a1r = x[i1];
    const a1i = x[i1 + 1];
    const a2r = x[i2];
    const a2i = x[i2 + 1];
    const a3r = x[i3];
    const a3i = x[i3 + 1];
    const s02r = a0r + a2r;
    const s02i = a0i + a2i;
    const d02r = a0r - a2r;
    const d02i = a0i - a2i;
    const s13r = a1r + a3r;
    const s13i = a1i + a3i;
    const d13r = sg * (a1i - a3i);
    const d13i = sg * (a3r - a1r);
    const o0 = 8 * p;
    y[o0] = s02r + s13r;
    y[o0 + 1] = s02i + s13i;
    const w1r = tw[t];
    const w1i = tw[t + 1];
    const b1r = d02r + d13r;
    const b1i = d02i + d13i;
    y[o0 + 2] = b1r * w1r - b1i * w1i;
    y[o0 + 3] = b1r * w1i + b1i * w1r;
    const w2r = tw[t + 2];
    const w2i = tw[t + 3];
    const b2r = s02r - s13r;
    const b2i = s02i - s13i;
    y[o0 + 4] = b2r * w2r - b2i * w2i;
    y[o0 + 5] = b2r * w2i + b2i * w2r;
    const w3r = tw[t + 4];
    const w3i = tw[t + 5];
    const b3r = d02r - d13r;
    const b3i = d02i - d13i;
    y[o0 + 6] = b3r * w3r - b3i * w3i;
    y[o0 + 7] = b3r * w3i + b3i * w3r;
  }
}
