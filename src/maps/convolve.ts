/**
 * 2D convolution of images with kernels in scipy's `convolve(mode="same")` geometry: the output has the size of the
 * image and the kernel centre is at index `(k - 1) >> 1` along each axis (zeros outside the image).
 *
 * Two methods give the same numbers (to rounding, ~1e-15 of the largest output): the direct sum over the non-zero
 * input pixels (`convolveSame`: exact, and fastest for nearly empty images such as a point source or for small
 * kernels) and FFTs on a zero-padded grid of lengths 2^a 3^b 5^c (`fftConvolveSame`: fastest for dense images and
 * wide kernels, such as an extended source convolved with an IACT PSF). `StackConvolver` convolves many images with
 * one stack of kernels (a PSF kernel per true-energy bin), choosing the method per image by an operation count and
 * keeping the spectra of the kernels, two per complex spectrum.
 */
import { fftCost } from "../util/fft.js";
import { Fft2, sameGridSize } from "./fft2.js";

/**
 * Direct sum: `out[y, x] = sum_{ky, kx} image[y + cy - ky, x + cx - kx] * kernel[ky, kx]` with `cy = (nky - 1) >> 1`,
 * `cx = (nkx - 1) >> 1`, over the non-zero image pixels. Shapes: image (ny, nx), kernel (nky, nkx), C order.
 * Returns `out` (ny * nx).
 */
export function convolveSame(
  image: ArrayLike<number>,
  ny: number,
  nx: number,
  kernel: ArrayLike<number>,
  nky: number,
  nkx: number,
  out: Float64Array = new Float64Array(ny * nx),
): Float64Array {
  return directStack(image, ny, nx, kernel, 1, nky, nkx, out);
}

/**
 * `convolveSame` of one image with each of nk kernels (nk, nky, nkx) into out (nk, ny, nx), scanning the image once:
 * each non-zero pixel is scattered with every kernel (per output, the same sums in the same order as `convolveSame`).
 */
function directStack(
  image: ArrayLike<number>,
  ny: number,
  nx: number,
  kernels: ArrayLike<number>,
  nk: number,
  nky: number,
  nkx: number,
  out: Float64Array,
): Float64Array {
  out.fill(0, 0, nk * ny * nx);
  const cy = (nky - 1) >> 1;
  const cx = (nkx - 1) >> 1;
  const npix = ny * nx;
  const stride = nky * nkx;
  // scatter each non-zero input pixel: out[k, y + ky - cy, x + kx - cx] += image[y, x] * kernels[k, ky, kx]
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const v = image[y * nx + x];
      if (v === 0) continue;
      const ky0 = Math.max(0, cy - y);
      const ky1 = Math.min(nky, ny + cy - y);
      const kx0 = Math.max(0, cx - x);
      const kx1 = Math.min(nkx, nx + cx - x);
      for (let k = 0, o = (y - cy) * nx + (x - cx), kk = 0; k < nk; k++, o += npix, kk += stride)
        for (let ky = ky0; ky < ky1; ky++) {
          const orow = o + ky * nx;
          const krow = kk + ky * nkx;
          for (let kx = kx0; kx < kx1; kx++) out[orow + kx] += v * kernels[krow + kx];
        }
    }
  }
  return out;
}

/**
 * The same convolution as `convolveSame`, computed by FFT on the smallest grid of lengths 2^a 3^b 5^c that does not
 * wrap onto the output window. Shapes: image (ny, nx), kernel (nky, nkx), C order. Returns `out` (ny * nx).
 */
export function fftConvolveSame(
  image: ArrayLike<number>,
  ny: number,
  nx: number,
  kernel: ArrayLike<number>,
  nky: number,
  nkx: number,
  out: Float64Array = new Float64Array(ny * nx),
): Float64Array {
  const plan = new Fft2(sameGridSize(ny, nky), sameGridSize(nx, nkx));
  const a = plan.forwardReal(image, ny, nx, plan.createSpectrum());
  const b = plan.forwardReal(kernel, nky, nkx, plan.createSpectrum());
  multiplySpectra(a, b, 1 / (plan.my * plan.mx), a);
  plan.inversePair(a, (nky - 1) >> 1, ny, (nkx - 1) >> 1, nx, out);
  return out;
}

/** out = scale a b (complex, element-wise, interleaved re/im); `out` may be `a`. */
function multiplySpectra(a: Float64Array, b: Float64Array, scale: number, out: Float64Array): void {
  for (let i = 0; i < a.length; i += 2) {
    const re = a[i] * b[i] - a[i + 1] * b[i + 1];
    const im = a[i] * b[i + 1] + a[i + 1] * b[i];
    out[i] = scale * re;
    out[i + 1] = scale * im;
  }
}

/**
 * out = A K_a + i B K_b from the spectra A, B of two real images (my, mx) and C = K_a + i K_b of two real kernels:
 * with K_a = (C(f) + conj C(-f)) / 2 and K_b = (C(f) - conj C(-f)) / 2i,
 * out(f) = ((A + B)(f) C(f) + (A - B)(f) conj C(-f)) / 2.
 */
function multiplyEachPair(
  a: Float64Array,
  b: Float64Array,
  c: Float64Array,
  my: number,
  mx: number,
  out: Float64Array,
): void {
  for (let y = 0; y < my; y++) {
    const row = 2 * y * mx;
    const mirrorRow = 2 * ((my - y) % my) * mx;
    for (let x = 0; x < mx; x++) {
      const i = row + 2 * x;
      const j = mirrorRow + 2 * ((mx - x) % mx);
      const sr = a[i] + b[i];
      const si = a[i + 1] + b[i + 1];
      const dr = a[i] - b[i];
      const di = a[i + 1] - b[i + 1];
      // conj C(-f) = (c[j], -c[j + 1])
      out[i] = 0.5 * (sr * c[i] - si * c[i + 1] + dr * c[j] + di * c[j + 1]);
      out[i + 1] = 0.5 * (sr * c[i + 1] + si * c[i] + di * c[j] - dr * c[j + 1]);
    }
  }
}

/**
 * Time of one multiply-add of the direct sum in the units of `fftCost` (ns of the reference machine), measured on V8
 * with bench/convolve.ts (the 2D `StackConvolver` FFT route against its direct sum, on 41x41 to 125x125 images with
 * stacks of 5x5 to 67x67 kernels).
 */
const FFT_COST_PER_MULTIPLY_ADD = 1.9;

/** Cost of scanning the image (per pixel) and clearing the output (per value) in the direct sum, in multiply-adds. */
const DIRECT_SCAN_COST = 1;
/** See DIRECT_SCAN_COST. */
const DIRECT_CLEAR_COST = 0.1;

/**
 * Convolves images of one shape (ny, nx) with a fixed stack of kernels (nk, nky, nkx) — e.g. a PSF kernel per
 * true-energy bin — in the geometry of `convolveSame`. For each image it counts the operations of the direct sum
 * (non-zero pixels x kernel size x nk) and of the FFT route (one image transform, then one inverse per pair of
 * kernels) and takes the cheaper; the kernels' spectra are computed on first use and kept.
 */
export class StackConvolver {
  readonly nk: number;
  readonly ny: number;
  readonly nx: number;
  private readonly kernels: ArrayLike<number>;
  private readonly nky: number;
  private readonly nkx: number;
  private plan: Fft2 | undefined;
  private pairSpectra: Float64Array[] | undefined;
  private imageSpectrum: Float64Array | undefined;
  private imageSpectrumB: Float64Array | undefined;
  private work: Float64Array | undefined;

  /** `kernels`: shape (nk, nky, nkx), C order (not copied: must not change while the convolver is used). */
  constructor(kernels: ArrayLike<number>, nk: number, nky: number, nkx: number, ny: number, nx: number) {
    if (kernels.length !== nk * nky * nkx) throw new RangeError("kernel stack size does not match its shape");
    this.kernels = kernels;
    this.nk = nk;
    this.nky = nky;
    this.nkx = nkx;
    this.ny = ny;
    this.nx = nx;
  }

  /**
   * Estimated cost of both routes for an image with `nonZero` non-zero pixels, in multiply-adds of the direct sum:
   * `direct` = nk x non-zero pixels x kernel size + image size x (DIRECT_SCAN_COST + nk x DIRECT_CLEAR_COST);
   * `fft` = the 1D transforms by `fftCost` (the image's, then one inverse per pair of kernels, plus the kernels' own
   * until their spectra are kept) / FFT_COST_PER_MULTIPLY_ADD + the spectrum products (2 per grid point and pair).
   */
  operationCounts(nonZero: number): { direct: number; fft: number } {
    const { nk, nky, nkx, ny, nx } = this;
    const my = sameGridSize(ny, nky);
    const mx = sameGridSize(nx, nkx);
    const row = fftCost(mx);
    const column = fftCost(my);
    const image = Math.ceil(ny / 2) * row + mx * column;
    const pair = mx * column + ny * row;
    const kernels = this.pairSpectra ? 0 : nk * (Math.ceil(nky / 2) * row + mx * column);
    const transforms = image + Math.ceil(nk / 2) * pair + kernels;
    return {
      direct: nk * nonZero * nky * nkx + ny * nx * (DIRECT_SCAN_COST + nk * DIRECT_CLEAR_COST),
      fft: transforms / FFT_COST_PER_MULTIPLY_ADD + Math.ceil(nk / 2) * 2 * mx * my,
    };
  }

  /** The method `convolve` uses for an image with `nonZero` non-zero pixels: the cheaper by `operationCounts`. */
  method(nonZero: number): "direct" | "fft" {
    const { direct, fft } = this.operationCounts(nonZero);
    return fft < direct ? "fft" : "direct";
  }

  /**
   * `out[k] = image ⊛ kernel[k]`; image (ny, nx), out (nk, ny, nx), C order. Returns `out`. The route is
   * `method(non-zero pixels of image)` unless given (both give the same numbers to rounding).
   */
  convolve(
    image: ArrayLike<number>,
    out: Float64Array = new Float64Array(this.nk * this.ny * this.nx),
    method?: "direct" | "fft",
  ): Float64Array {
    const npix = this.ny * this.nx;
    if (!method) {
      let nonZero = 0;
      for (let i = 0; i < npix; i++) if (image[i] !== 0) nonZero++;
      method = this.method(nonZero);
    }
    return this.stackConvolve(() => image, false, method, out);
  }

  /**
   * `out[k] = images[k] ⊛ kernel[k]` (e.g. an energy-dependent template, one image per true-energy bin); images and out
   * (nk, ny, nx), C order. Direct sums or FFTs (two results per inverse transform), chosen by the mean number of
   * non-zero pixels per image as `convolve` does.
   */
  convolveEach(images: Float64Array, out: Float64Array = new Float64Array(images.length)): Float64Array {
    const npix = this.ny * this.nx;
    let nonZero = 0;
    for (let i = 0; i < images.length; i++) if (images[i] !== 0) nonZero++;
    const imageOf = (k: number) => images.subarray(k * npix, (k + 1) * npix);
    return this.stackConvolve(imageOf, true, this.method(Math.ceil(nonZero / this.nk)), out);
  }

  /** `out[k] = imageOf(k) ⊛ kernel[k]`; `distinct`: the images differ per kernel (else one image for all). */
  private stackConvolve(
    imageOf: (k: number) => ArrayLike<number>,
    distinct: boolean,
    method: "direct" | "fft",
    out: Float64Array,
  ): Float64Array {
    const { nk, nky, nkx, ny, nx } = this;
    const npix = ny * nx;
    if (method === "direct") {
      // one image: scanned once for all kernels
      if (!distinct) return directStack(imageOf(0), ny, nx, this.kernels, nk, nky, nkx, out);
      const stride = nky * nkx;
      for (let k = 0; k < nk; k++)
        convolveSame(
          imageOf(k),
          ny,
          nx,
          subarray(this.kernels, k * stride, (k + 1) * stride),
          nky,
          nkx,
          out.subarray(k * npix, (k + 1) * npix),
        );
      return out;
    }
    const plan = this.fftPlan();
    const spectra = this.spectra(plan);
    const img = (this.imageSpectrum ??= plan.createSpectrum());
    const img2 = distinct ? (this.imageSpectrumB ??= plan.createSpectrum()) : img;
    if (!distinct) plan.forwardReal(imageOf(0), ny, nx, img);
    const work = (this.work ??= plan.createSpectrum());
    const cy = (nky - 1) >> 1;
    const cx = (nkx - 1) >> 1;
    for (let k = 0; k < nk; k += 2) {
      // I_k K_k + i I_{k+1} K_{k+1} (I_k = I_{k+1} = img for one image): one inverse transform gives both results
      const pair = spectra[k >> 1];
      if (!distinct) multiplySpectra(img, pair, 1, work);
      else if (k + 1 === nk) multiplySpectra(plan.forwardReal(imageOf(k), ny, nx, img), pair, 1, work);
      else {
        plan.forwardReal(imageOf(k), ny, nx, img);
        plan.forwardReal(imageOf(k + 1), ny, nx, img2);
        multiplyEachPair(img, img2, pair, plan.my, plan.mx, work);
      }
      plan.inversePair(
        work,
        cy,
        ny,
        cx,
        nx,
        out.subarray(k * npix, (k + 1) * npix),
        k + 1 < nk ? out.subarray((k + 1) * npix, (k + 2) * npix) : undefined,
      );
    }
    return out;
  }

  private fftPlan(): Fft2 {
    this.plan ??= new Fft2(sameGridSize(this.ny, this.nky), sameGridSize(this.nx, this.nkx));
    return this.plan;
  }

  /** Spectra of the kernel pairs, K_k + i K_{k+1} (K_{nk} = 0), scaled by 1 / (my mx); computed on first use. */
  private spectra(plan: Fft2): Float64Array[] {
    if (!this.pairSpectra) {
      const { nk, nky, nkx } = this;
      const stride = nky * nkx;
      // scaled by 1 / (my mx), the normalisation of the (unscaled) inverse transform
      const scale = 1 / (plan.my * plan.mx);
      const second = plan.createSpectrum();
      this.pairSpectra = [];
      for (let k = 0; k < nk; k += 2) {
        const pair = plan.forwardReal(
          subarray(this.kernels, k * stride, (k + 1) * stride),
          nky,
          nkx,
          plan.createSpectrum(),
        );
        if (k + 1 < nk) {
          plan.forwardReal(subarray(this.kernels, (k + 1) * stride, (k + 2) * stride), nky, nkx, second);
          for (let i = 0; i < pair.length; i += 2) {
            const re = pair[i] - second[i + 1];
            pair[i + 1] += second[i];
            pair[i] = re;
          }
        }
        for (let i = 0; i < pair.length; i++) pair[i] *= scale;
        this.pairSpectra.push(pair);
      }
    }
    return this.pairSpectra;
  }
}

/** A view of part of an array-like (typed arrays: no copy). */
function subarray(a: ArrayLike<number>, start: number, end: number): ArrayLike<number> {
  const t = a as ArrayLike<number> & { subarray?: (s: number, e: number) => ArrayLike<number> };
  return t.subarray ? t.subarray(start, end) : Array.prototype.slice.call(a, start, end);
}
