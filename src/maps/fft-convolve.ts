/**
 * 2D convolution by FFT (the `fft.js` radix-4 transform) in scipy's `fftconvolve(mode="same")` geometry: for large
 * dense kernels, where the direct sum of `convolveSame` costs O(image x kernel). Zero padding outside the image.
 */
import FFTModule from "fft.js";

interface FFTInstance {
  readonly size: number;
  createComplexArray(): number[];
  transform(out: number[] | Float64Array, data: number[] | Float64Array): void;
  inverseTransform(out: number[] | Float64Array, data: number[] | Float64Array): void;
}
const FFT = FFTModule as unknown as new (size: number) => FFTInstance;

function nextPow2(n: number): number {
  let p = 4; // fft.js needs a power of two > 1
  while (p < n) p *= 2;
  return p;
}

/** In-place 2D complex FFT (interleaved re/im, shape (ny, nx)) along rows then columns; `inverse` scales by 1/n. */
function fft2(data: Float64Array, ny: number, nx: number, inverse: boolean, rows: FFTInstance, cols: FFTInstance) {
  const bufIn = new Float64Array(2 * Math.max(nx, ny));
  const bufOut = new Float64Array(2 * Math.max(nx, ny));
  const rowIn = bufIn.subarray(0, 2 * nx);
  const rowOut = bufOut.subarray(0, 2 * nx);
  for (let y = 0; y < ny; y++) {
    rowIn.set(data.subarray(2 * y * nx, 2 * (y + 1) * nx));
    if (inverse) rows.inverseTransform(rowOut, rowIn);
    else rows.transform(rowOut, rowIn);
    data.set(rowOut, 2 * y * nx);
  }
  const colIn = bufIn.subarray(0, 2 * ny);
  const colOut = bufOut.subarray(0, 2 * ny);
  for (let x = 0; x < nx; x++) {
    for (let y = 0; y < ny; y++) {
      colIn[2 * y] = data[2 * (y * nx + x)];
      colIn[2 * y + 1] = data[2 * (y * nx + x) + 1];
    }
    if (inverse) cols.inverseTransform(colOut, colIn);
    else cols.transform(colOut, colIn);
    for (let y = 0; y < ny; y++) {
      data[2 * (y * nx + x)] = colOut[2 * y];
      data[2 * (y * nx + x) + 1] = colOut[2 * y + 1];
    }
  }
}

/**
 * `out[y, x] = sum_{ky, kx} image[y + cy - ky, x + cx - kx] * kernel[ky, kx]` with `cy = (nky - 1) >> 1`,
 * `cx = (nkx - 1) >> 1` (scipy `fftconvolve(mode="same")`, zeros outside the image), computed by FFT; equal to
 * `convolveSame` for odd kernels up to rounding (~1e-15 of the largest output). Shapes: image (ny, nx), kernel
 * (nky, nkx), C order. Returns `out`.
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
  const my = nextPow2(ny + nky - 1);
  const mx = nextPow2(nx + nkx - 1);
  const rows = new FFT(mx);
  const cols = my === mx ? rows : new FFT(my);
  const a = new Float64Array(2 * my * mx);
  const b = new Float64Array(2 * my * mx);
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) a[2 * (y * mx + x)] = image[y * nx + x];
  for (let y = 0; y < nky; y++) for (let x = 0; x < nkx; x++) b[2 * (y * mx + x)] = kernel[y * nkx + x];
  fft2(a, my, mx, false, rows, cols);
  fft2(b, my, mx, false, rows, cols);
  for (let i = 0; i < my * mx; i++) {
    const re = a[2 * i] * b[2 * i] - a[2 * i + 1] * b[2 * i + 1];
    const im = a[2 * i] * b[2 * i + 1] + a[2 * i + 1] * b[2 * i];
    a[2 * i] = re;
    a[2 * i + 1] = im;
  }
  fft2(a, my, mx, true, rows, cols);
  const cy = (nky - 1) >> 1;
  const cx = (nkx - 1) >> 1;
  for (let y = 0; y < ny; y++) for (let x = 0; x < nx; x++) out[y * nx + x] = a[2 * ((y + cy) * mx + x + cx)];
  return out;
}
