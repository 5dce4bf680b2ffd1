/**
 * Two-dimensional FFTs of real images on a zero-padded grid of FFT-friendly lengths (2^a 3^b 5^c, the mixed-radix
 * transform of util/fft along rows, and along all columns at once), with the two tricks that make PSF convolution
 * cheap: two real rows share one complex row transform, and two real results share one inverse transform
 * (`inversePair`). Spectra are interleaved complex (re, im) arrays of shape (my, mx).
 */
import { cheapestFftLength, type FftPlan, fftPlan } from "../util/fft.js";

/**
 * Grid length along one axis for convolving an image of `n` pixels with a kernel of `k` pixels in scipy's "same"
 * geometry (kernel centre `(k - 1) >> 1`): the circular convolution must not wrap onto the kept window, which needs
 * `n + k - 1 - ((k - 1) >> 1)` points (less than the full linear size `n + k - 1`), padded to a quick FFT length
 * (`cheapestFftLength`: usually scipy's next fast length, a power of two when that is clearly quicker).
 */
export function sameGridSize(n: number, k: number): number {
  return cheapestFftLength(n + k - 1 - ((k - 1) >> 1));
}

/** A 2D FFT plan on an (my, mx) grid of lengths 2^a 3^b 5^c, with its scratch arrays. */
export class Fft2 {
  readonly my: number;
  readonly mx: number;
  private readonly rows: FftPlan;
  private readonly cols: FftPlan;
  private readonly line: Float64Array;
  private readonly scratch: Float64Array;

  constructor(my: number, mx: number) {
    this.my = my;
    this.mx = mx;
    this.rows = fftPlan(mx);
    this.cols = fftPlan(my);
    this.line = new Float64Array(2 * mx);
    this.scratch = new Float64Array(2 * my * mx);
  }

  /** A zeroed spectrum array of this grid: Float64Array(2 my mx). */
  createSpectrum(): Float64Array {
    return new Float64Array(2 * this.my * this.mx);
  }

  /**
   * Spectrum of a real image (ny, nx), C order, placed at the grid origin with zeros elsewhere. Rows >= my and
   * columns >= mx are left out (a kernel wider than the grid of a "same" convolution: those never reach the window).
   * Writes all of `out` (2 my mx).
   */
  forwardReal(image: ArrayLike<number>, ny: number, nx: number, out: Float64Array): Float64Array {
    const { mx, line } = this;
    const rows = Math.min(ny, this.my);
    const cols = Math.min(nx, mx);
    for (let r = 0; r < rows; r += 2) {
      // rows r and r + 1 as the real and imaginary parts of one complex row, transformed into row r of out
      line.fill(0);
      const second = r + 1 < rows;
      const a = r * nx;
      for (let x = 0; x < cols; x++) line[2 * x] = image[a + x];
      if (second) for (let x = 0; x < cols; x++) line[2 * x + 1] = image[a + nx + x];
      const oa = 2 * r * mx;
      const ob = oa + 2 * mx;
      this.rows.forward(line, out.subarray(oa, ob));
      // A_k = (Z_k + conj Z_-k) / 2, B_k = (Z_k - conj Z_-k) / 2i, for k and -k at once (in place)
      for (let k = 0; 2 * k <= mx; k++) {
        const j = k === 0 ? 0 : mx - k;
        const zr = out[oa + 2 * k];
        const zi = out[oa + 2 * k + 1];
        const wr = out[oa + 2 * j];
        const wi = out[oa + 2 * j + 1];
        out[oa + 2 * k] = 0.5 * (zr + wr);
        out[oa + 2 * k + 1] = 0.5 * (zi - wi);
        out[oa + 2 * j] = 0.5 * (wr + zr);
        out[oa + 2 * j + 1] = 0.5 * (wi - zi);
        if (second) {
          out[ob + 2 * k] = 0.5 * (zi + wi);
          out[ob + 2 * k + 1] = -0.5 * (zr - wr);
          out[ob + 2 * j] = 0.5 * (wi + zi);
          out[ob + 2 * j + 1] = -0.5 * (wr - zr);
        }
      }
    }
    out.fill(0, 2 * rows * mx);
    this.cols.transformMany(out, out, mx, false, this.scratch);
    return out;
  }

  /**
   * Unscaled inverse transform (the inverse DFT times my mx) of `spectrum` (overwritten) holding `A + i B` for the
   * spectra A and B of two real images: writes the window rows [y0, y0 + ny), columns [x0, x0 + nx) of the first
   * image into `outA` and of the second into `outB` (both (ny, nx), C order; `outB` may be omitted when B = 0).
   * Callers fold the 1 / (my mx) into a spectrum they compute anyway.
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
    const { mx, line, scratch } = this;
    this.cols.transformMany(spectrum, spectrum, mx, true, scratch);
    for (let y = 0; y < ny; y++) {
      const row = 2 * (y0 + y) * mx;
      this.rows.transformMany(spectrum.subarray(row, row + 2 * mx), line, 1, true, scratch);
      const o = y * nx;
      for (let x = 0; x < nx; x++) outA[o + x] = line[2 * (x0 + x)];
      if (outB) for (let x = 0; x < nx; x++) outB[o + x] = line[2 * (x0 + x) + 1];
    }
  }
}
