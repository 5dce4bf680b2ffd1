/** FFT convolution against the direct sum (scipy "same" geometry), odd and even kernels, non-square shapes. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convolveSame } from "../../src/maps/convolve.js";
import { fftConvolveSame } from "../../src/maps/fft-convolve.js";

function direct(img: Float64Array, ny: number, nx: number, k: Float64Array, nky: number, nkx: number): Float64Array {
  // scipy same: out[y, x] = sum image[y + cy - ky, x + cx - kx] k[ky, kx], cy = (nky - 1) >> 1
  const out = new Float64Array(ny * nx);
  const cy = (nky - 1) >> 1;
  const cx = (nkx - 1) >> 1;
  for (let y = 0; y < ny; y++)
    for (let x = 0; x < nx; x++) {
      let s = 0;
      for (let a = 0; a < nky; a++)
        for (let b = 0; b < nkx; b++) {
          const yy = y + cy - a;
          const xx = x + cx - b;
          if (yy >= 0 && yy < ny && xx >= 0 && xx < nx) s += img[yy * nx + xx] * k[a * nkx + b];
        }
      out[y * nx + x] = s;
    }
  return out;
}

describe("fftConvolveSame", () => {
  it("equals convolveSame for odd kernels (dense image, 77 x 77 kernel)", () => {
    const ny = 60;
    const nx = 45;
    const img = Float64Array.from({ length: ny * nx }, (_, i) => Math.sin(i * 0.37) + 1.2);
    const k = Float64Array.from({ length: 77 * 77 }, (_, i) =>
      Math.exp(-(((i % 77) - 38) ** 2 + (Math.floor(i / 77) - 38) ** 2) / 200),
    );
    const a = convolveSame(img, ny, nx, k, 77, 77);
    const b = fftConvolveSame(img, ny, nx, k, 77, 77);
    let peak = 0;
    for (const v of a) peak = Math.max(peak, Math.abs(v));
    for (let i = 0; i < a.length; i++) expect(Math.abs(a[i] - b[i])).toBeLessThan(1e-12 * peak);
  });

  it("matches the direct sum for random shapes (odd and even kernels)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 0, max: 1000 }),
        (ny, nx, nky, nkx, seed) => {
          const img = Float64Array.from({ length: ny * nx }, (_, i) => Math.cos(seed + i * 1.7));
          const k = Float64Array.from({ length: nky * nkx }, (_, i) => Math.sin(seed * 0.3 + i));
          const want = direct(img, ny, nx, k, nky, nkx);
          const got = fftConvolveSame(img, ny, nx, k, nky, nkx);
          for (let i = 0; i < want.length; i++) expect(got[i]).toBeCloseTo(want[i], 10);
        },
      ),
      { numRuns: 60 },
    );
  });
});
