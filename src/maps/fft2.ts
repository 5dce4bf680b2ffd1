/**
 * Two-dimensional FFTs of real images on a zero-padded power-of-two grid (the `fft.js` radix-4 transform along rows
 * and columns), with the two tricks that make PSF convolution cheap: two real rows share one complex row transform,
 * and two real results share one inverse transform (`inversePair`). Spectra are interleaved complex (re, im) arrays of
 * shape (my, mx).
 */
import FFTModule from "fft.js";

interface FFTInstance {
  readonly size: number;
  transform(out: Float64Array, data: Float64Array): void;
  inverseTransform(out: Float64Array, data: Float64Array): void;
}
const FFT = FFTModule as unknown as new (size: number) => FFTInstance;

/** Smallest power of two >= n (at least 4: fft.js needs a power of two > 1). */
export function nextPow2(n: number): number {
  let p = 4;
  while (p < n) p *= 2;
  return p;
}

/**
 * Grid length along one axis for convolving an image of `n` pixels with a kernel of `k` pixels in scipy's "same"
 * geometry (kernel centre `(k - 1) >> 1`): the circular convolution must not wrap onto the kept window, which needs
 * `n + k - 1 - ((k - 1) >> 1)` points (less than the full linear size `n + k - 1`).
 */
export function sameGridSize(n: number, k: number): number {
  return nextPow2(n + k - 1 - ((k - 1) >> 1));
}

/** A 2D FFT plan on an (my, mx) power-of-two grid with its scratch lines. */
export class Fft2 {
  readonly my: number;
  readonly mx: number;
  private readonly rows: FFTInstance;
  private readonly cols: FFTInstance;
  private readonly lineIn: Float64Array;
  private readonly lineOut: Float64Array;

  constructor(my: number, mx: number) {
    this.my = my;
    this.mx = mx;
    this.rows = new FFT(mx);
    this.cols = my === mx ? this.rows : new FFT(my);
    this.lineIn = new Float64Array(2 * Math.max(mx, my));
    this.lineOut = new Float64Array(2 * Math.max(mx, my));
  }

  /** A zeroed spectrum array of this grid: Float64Array(2 my mx). */
  createSpectrum(): Float64Array {
    return new Float64Array(2 * this.my * this.mx);
  }

  /**
   * Spectrum of a real image (ny, nx), C order, placed at the grid origin with zeros elsewhere (ny <= my, nx <= mx).
   * Writes all of `out` (2 my mx).
   */
  forwardReal(image: ArrayLike<number>, ny: number, nx: number, out: Float64Array): Float64Array {
    const { mx } = this;
    out.fill(0);
    const zin = this.lineIn.subarray(0, 2 * mx);
    const z = this.lineOut.subarray(0, 2 * mx);
    for (let r = 0; r < ny; r += 2) {
      // rows r and r + 1 as the real and imaginary parts of one complex row
      zin.fill(0);
      const second = r + 1 < ny;
      const a = r * nx;
      for (let x = 0; x < nx; x++) zin[2 * x] = image[a + x];
      if (second) for (let x = 0; x < nx; x++) zin[2 * x + 1] = image[a + nx + x];
      this.rows.transform(z, zin);
      const oa = 2 * r * mx;
      const ob = oa + 2 * mx;
      for (let k = 0; k < mx; k++) {
        const j = k === 0 ? 0 : mx - k;
        const zr = z[2 * k];
        const zi = z[2 * k + 1];
        const wr = z[2 * j];
        const wi = z[2 * j + 1];
        // A_k = (Z_k + conj Z_-k) / 2, B_k = (Z_k - conj Z_-k) / 2i
        out[oa + 2 * k] = 0.5 * (zr + wr);
        out[oa + 2 * k + 1] = 0.5 * (zi - wi);
        if (second) {
          out[ob + 2 * k] = 0.5 * (zi + wi);
          out[ob + 2 * k + 1] = -0.5 * (zr - wr);
        }
      }
    }
    this.columns(out, false);
    return out;
  }

  /**
   * Inverse transform of `spectrum` (overwritten) holding `A + i B` for the spectra A and B of two real images:
   * writes the window rows [y0, y0 + ny), columns [x0, x0 + nx) of the first image into `outA` and of the second
   * into `outB` (both (ny, nx), C order; `outB` may be omitted when B = 0).
   */
  inversePair(
    spectrum: Float64Array,
    y0: number,
    ny: number,
    x0: number,
    nx: number,
    outA: Float64Array,
    outB?: Float64Array,
  ): void {
    const { mx } = this;
    this.columns(spectrum, true);
    const zin = this.lineIn.subarray(0, 2 * mx);
    const z = this.lineOut.subarray(0, 2 * mx);
    for (let y = 0; y < ny; y++) {
      zin.set(spectrum.subarray(2 * (y0 + y) * mx, 2 * (y0 + y + 1) * mx));
      this.rows.inverseTransform(z, zin);
      const o = y * nx;
      for (let x = 0; x < nx; x++) outA[o + x] = z[2 * (x0 + x)];
      if (outB) for (let x = 0; x < nx; x++) outB[o + x] = z[2 * (x0 + x) + 1];
    }
  }

  /** Transforms every column of an (my, mx) complex array in place. */
  private columns(data: Float64Array, inverse: boolean): void {
    const { my, mx } = this;
    const cin = this.lineIn.subarray(0, 2 * my);
    const cout = this.lineOut.subarray(0, 2 * my);
    for (let x = 0; x < mx; x++) {
      for (let y = 0; y < my; y++) {
        const i = 2 * (y * mx + x);
        cin[2 * y] = data[i];
        cin[2 * y + 1] = data[i + 1];
      }
      if (inverse) this.cols.inverseTransform(cout, cin);
      else this.cols.transform(cout, cin);
      for (let y = 0; y < my; y++) {
        const i = 2 * (y * mx + x);
        data[i] = cout[2 * y];
        data[i + 1] = cout[2 * y + 1];
      }
    }
  }
}
