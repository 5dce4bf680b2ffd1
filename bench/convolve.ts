/**
 * Benchmark and calibration of `StackConvolver` (src/maps/convolve.ts): for representative PSF-convolution cases
 * (cutout size, kernel stack, image sparsity) it times both routes — the direct sum and the FFTs, kernel spectra
 * already kept — and prints the route `method` picks, the faster one, and `fft / model`: the measured FFT time over
 * the model's FFT cost in the measured time of one direct-sum multiply-add (1 when FFT_COST_PER_POINT_LOG2 is right).
 * CPU time of this process (steadier than wall time on a shared machine), median of `BENCH_ROUNDS` (default 5).
 * Usage: `npx tsx bench/convolve.ts`.
 */
import { StackConvolver } from "../src/maps/convolve.js";
import { cpuTimePerCall, median } from "./cpu-time.js";

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);

/** Median CPU seconds per call of `f` over `rounds` samples of >= 30 ms each. */
function time(f: () => void): number {
  return median(Array.from({ length: rounds }, () => cpuTimePerCall(f, 0.03)));
}

/** Gaussian PSF-like kernels (nk, k, k), widths growing with the index. */
function kernelStack(nk: number, k: number): Float64Array {
  const c = (k - 1) / 2;
  return Float64Array.from({ length: nk * k * k }, (_, i) => {
    const p = Math.floor(i / (k * k));
    const y = Math.floor((i % (k * k)) / k) - c;
    const x = (i % k) - c;
    return Math.exp(-(x * x + y * y) / (2 * (1.5 + (p * k) / (8 * nk)) ** 2));
  });
}

/** Test images (n, n): a point source (4 pixels), disks of radius r pixels, a dense Gaussian. */
function image(n: number, kind: "point" | "dense" | number): Float64Array {
  const c = (n - 1) / 2;
  return Float64Array.from({ length: n * n }, (_, i) => {
    const x = (i % n) - c;
    const y = Math.floor(i / n) - c;
    if (kind === "point") return Math.abs(x - 0.5) <= 1 && Math.abs(y - 0.5) <= 1 ? 0.25 : 0;
    if (kind === "dense") return Math.exp(-(x * x + y * y) / (2 * (n / 8) ** 2));
    return x * x + y * y <= kind * kind ? 1 : 0;
  });
}

const cases: { n: number; k: number; nk: number; images: ("point" | "dense" | number)[] }[] = [
  { n: 125, k: 67, nk: 20, images: ["point", 2, 4, 8, "dense"] },
  { n: 41, k: 31, nk: 20, images: ["point", 2, 4, "dense"] },
  { n: 75, k: 51, nk: 12, images: ["point", 4, "dense"] },
  { n: 61, k: 9, nk: 20, images: ["point", 8, 16, "dense"] },
  { n: 61, k: 5, nk: 20, images: ["point", "dense"] },
];

const rows = [
  "| image | kernels | non-zero | direct ms | fft ms | picked | faster | fft / model |",
  "|---|---|---|---|---|---|---|---|",
];
for (const { n, k, nk, images } of cases) {
  const conv = new StackConvolver(kernelStack(nk, k), nk, k, k, n, n);
  const out = new Float64Array(nk * n * n);
  for (const kind of images) {
    const img = image(n, kind);
    let nonZero = 0;
    for (const v of img) if (v !== 0) nonZero++;
    conv.convolve(img, out, "fft"); // kernel spectra kept from here on
    const direct = time(() => conv.convolve(img, out, "direct"));
    const fft = time(() => conv.convolve(img, out, "fft"));
    const counts = conv.operationCounts(nonZero);
    const model = (counts.fft * direct) / counts.direct;
    rows.push(
      `| ${n}x${n} | ${nk}x${k}x${k} | ${nonZero} | ${(direct * 1e3).toFixed(2)} | ${(fft * 1e3).toFixed(2)} | ` +
        `${conv.method(nonZero)} | ${fft < direct ? "fft" : "direct"} | ${(fft / model).toFixed(2)} |`,
    );
  }
}
console.log(rows.join("\n"));
