/**
 * 2D convolution of images with a kernel in scipy's `fftconvolve(mode="same")` geometry (output the size of the image,
 * kernel centred at index (k - 1) / 2 for odd sizes). Sparse inputs (e.g. a point source) are convolved directly over
 * their non-zero pixels; dense inputs use the same direct sum, which is exact and fast for the kernel sizes of IACT
 * PSFs on analysis cutouts.
 */

/**
 * `out[y, x] = sum_{ky, kx} image[y + cy - ky, x + cx - kx] * kernel[ky, kx]` with `cy = (nky - 1) >> 1`,
 * `cx = (nkx - 1) >> 1` (scipy "same"). Shapes: image (ny, nx), kernel (nky, nkx), C order. Returns `out`.
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
  out.fill(0);
  const cy = nky >> 1;
  const cx = nkx >> 1;
  // scatter each non-zero input pixel: out[y + ky - cy, x + kx - cx] += image[y, x] * kernel[ky, kx]
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) {
      const v = image[y * nx + x];
      if (v === 0) continue;
      const ky0 = Math.max(0, cy - y);
      const ky1 = Math.min(nky, ny + cy - y);
      const kx0 = Math.max(0, cx - x);
      const kx1 = Math.min(nkx, nx + cx - x);
      for (let ky = ky0; ky < ky1; ky++) {
        const orow = (y + ky - cy) * nx + (x - cx);
        const krow = ky * nkx;
        for (let kx = kx0; kx < kx1; kx++) out[orow + kx] += v * kernel[krow + kx];
      }
    }
  }
  return out;
}
