/** FFT convolution against the direct sum (scipy "same" geometry), odd and even kernels, non-square shapes. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { convolveSame, fftConvolveSame, StackConvolver } from "../../src/maps/convolve.js";

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

describe("StackConvolver", () => {
  const ny = 37;
  const nx = 29;
  const nk = 5;
  const k = 15;
  const kernels = Float64Array.from({ length: nk * k * k }, (_, i) => {
    const p = Math.floor(i / (k * k));
    const y = Math.floor((i % (k * k)) / k) - 7;
    const x = (i % k) - 7;
    return Math.exp(-(x * x + y * y) / (2 * (1 + p) ** 2));
  });
  const perKernel = (img: Float64Array) =>
    Array.from({ length: nk }, (_, p) => convolveSame(img, ny, nx, kernels.subarray(p * k * k, (p + 1) * k * k), k, k));

  it("gives the direct sum per kernel for dense images (FFT route, odd number of kernels)", () => {
    const c = new StackConvolver(kernels, nk, k, k, ny, nx);
    const img = Float64Array.from({ length: ny * nx }, (_, i) => 1 + Math.sin(i));
    expect(c.method(ny * nx)).toBe("fft");
    const out = c.convolve(img);
    const want = perKernel(img);
    for (let p = 0; p < nk; p++) {
      const peak = Math.max(...want[p]);
      for (let i = 0; i < ny * nx; i++) expect(Math.abs(out[p * ny * nx + i] - want[p][i])).toBeLessThan(1e-13 * peak);
    }
    // the kernel spectra are kept: a second image gives its own result
    const img2 = img.map((v, i) => v * (i % 3));
    const out2 = c.convolve(img2);
    const want2 = perKernel(img2);
    for (let i = 0; i < ny * nx; i++) expect(Math.abs(out2[i] - want2[0][i])).toBeLessThan(1e-12);
  });

  it("takes the exact direct sum for a point-like image", () => {
    const c = new StackConvolver(kernels, nk, k, k, ny, nx);
    const img = new Float64Array(ny * nx);
    img[18 * nx + 14] = 0.75;
    img[18 * nx + 15] = 0.25;
    expect(c.method(2)).toBe("direct");
    const out = c.convolve(img);
    const want = perKernel(img);
    for (let p = 0; p < nk; p++)
      expect(Array.from(out.subarray(p * ny * nx, (p + 1) * ny * nx))).toEqual(Array.from(want[p]));
  });

  it("convolveEach: image k with kernel k, by FFT (dense) and by direct sums (sparse)", () => {
    const c = new StackConvolver(kernels, nk, k, k, ny, nx);
    const n = ny * nx;
    const each = (images: Float64Array) =>
      Array.from({ length: nk }, (_, p) =>
        convolveSame(images.subarray(p * n, (p + 1) * n), ny, nx, kernels.subarray(p * k * k, (p + 1) * k * k), k, k),
      );
    const images = Float64Array.from({ length: nk * n }, (_, i) => 1 + Math.sin(i * 0.7));
    const out = c.convolveEach(images);
    for (const [p, want] of each(images).entries()) {
      const peak = Math.max(...want);
      for (let i = 0; i < n; i++) expect(Math.abs(out[p * n + i] - want[i])).toBeLessThan(1e-13 * peak);
    }
    const sparse = new Float64Array(nk * n);
    for (let p = 0; p < nk; p++) sparse[p * n + 18 * nx + 14] = p + 1;
    const out2 = c.convolveEach(sparse);
    for (const [p, want] of each(sparse).entries())
      expect(Array.from(out2.subarray(p * n, (p + 1) * n))).toEqual(Array.from(want));
  });
});

describe("StackConvolver on mixed-radix grids", () => {
  const gaussians = (nk: number, ky: number, kx: number) =>
    Float64Array.from({ length: nk * ky * kx }, (_, i) => {
      const p = Math.floor(i / (ky * kx));
      const y = Math.floor((i % (ky * kx)) / kx) - (ky - 1) / 2;
      const x = (i % kx) - (kx - 1) / 2;
      return Math.exp(-(x * x + y * y) / (2 * (1 + 2 * p) ** 2));
    });

  function expectDirect(conv: StackConvolver, img: Float64Array, kernels: Float64Array, ky: number, kx: number) {
    const { nk, ny, nx } = conv;
    const out = conv.convolve(img, undefined, "fft");
    const exact = conv.convolve(img, undefined, "direct");
    for (let p = 0; p < nk; p++) {
      const want = convolveSame(img, ny, nx, kernels.subarray(p * ky * kx, (p + 1) * ky * kx), ky, kx);
      // the stacked direct sum scans the image once but adds the same terms in the same order
      expect(exact.subarray(p * ny * nx, (p + 1) * ny * nx)).toEqual(want);
      let peak = 0;
      let err = 0;
      for (let i = 0; i < ny * nx; i++) {
        peak = Math.max(peak, Math.abs(want[i]));
        err = Math.max(err, Math.abs(out[p * ny * nx + i] - want[i]));
      }
      expect(err).toBeLessThanOrEqual(1e-13 * peak);
    }
  }

  it("gives the direct sum for a 125 x 125 image and 67 x 67 kernels (grid 160 = 2^5 5)", () => {
    const img = Float64Array.from({ length: 125 * 125 }, (_, i) => 1 + Math.cos(i * 0.013) * Math.sin(i * 0.7));
    const kernels = gaussians(2, 67, 67);
    const conv = new StackConvolver(kernels, 2, 67, 67, 125, 125);
    expect(conv.method(125 * 125)).toBe("fft");
    expectDirect(conv, img, kernels, 67, 67);
  });

  it("convolveEach gives each image's direct sum with its kernel for random shapes (FFT route, kernel pairs)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 3, max: 31 }),
        fc.integer({ min: 3, max: 31 }),
        fc.integer({ min: 1, max: 5 }),
        (ny, nx, ky, kx, nk) => {
          const n = ny * nx;
          const images = Float64Array.from({ length: nk * n }, (_, i) => 1.5 + Math.sin(i * 0.91) * Math.cos(i * 0.13));
          const kernels = gaussians(nk, ky, kx);
          const conv = new StackConvolver(kernels, nk, ky, kx, ny, nx);
          fc.pre(conv.method(n) === "fft");
          const out = conv.convolveEach(images);
          for (let p = 0; p < nk; p++) {
            const img = images.subarray(p * n, (p + 1) * n);
            const want = convolveSame(img, ny, nx, kernels.subarray(p * ky * kx, (p + 1) * ky * kx), ky, kx);
            let peak = 0;
            let err = 0;
            for (let i = 0; i < n; i++) {
              peak = Math.max(peak, Math.abs(want[i]));
              err = Math.max(err, Math.abs(out[p * n + i] - want[i]));
            }
            expect(err).toBeLessThanOrEqual(1e-13 * peak);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it("gives the direct sum for random shapes, kernel counts and sparse or dense images (both routes)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 35 }),
        fc.integer({ min: 1, max: 35 }),
        fc.integer({ min: 1, max: 4 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ny, nx, ky, kx, nk, density) => {
          const img = Float64Array.from({ length: ny * nx }, (_, i) =>
            (i * 0.618) % 1 < density ? 1 + Math.sin(i * 1.3) : 0,
          );
          const kernels = gaussians(nk, ky, kx);
          expectDirect(new StackConvolver(kernels, nk, ky, kx, ny, nx), img, kernels, ky, kx);
        },
      ),
      { numRuns: 80 },
    );
  });
});
