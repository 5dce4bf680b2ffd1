/**
 * Benchmark: complex FFT of src/util/fft.ts against fft.js (radix-4, powers of two only; a devDependency kept for this
 * comparison), and the per-point cost on mixed lengths 2^a 3^b 5^c. One process, both libraries back to back on the
 * same data, `BENCH_ROUNDS` (default 7) rounds; reports the median CPU time per transform and per point and log2(n).
 * The machine is shared: compare the ratios, not the absolute times.
 * Usage: `npx tsx bench/fft.ts`.
 */
import FFTModule from "fft.js";
import { fftPlan } from "../src/util/fft.js";
import { cpuTimePerCall, median } from "./cpu-time.js";

interface FFTInstance {
  transform(out: Float64Array, data: Float64Array): void;
}
const FFTjs = FFTModule as unknown as new (size: number) => FFTInstance;
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);

const pow2 = [64, 128, 256, 512, 1024];
const mixed = [60, 96, 160, 180, 240, 320, 375, 480, 750, 1000];
const ours: Record<number, number[]> = {};
const theirs: Record<number, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const n of [...pow2, ...mixed]) {
    const x = Float64Array.from({ length: 2 * n }, (_, i) => Math.sin(i * 0.7 + r));
    const y = new Float64Array(2 * n);
    const plan = fftPlan(n);
    (ours[n] ??= []).push(cpuTimePerCall(() => plan.forward(x, y), 0.02));
    if (pow2.includes(n)) {
      const f = new FFTjs(n);
      (theirs[n] ??= []).push(cpuTimePerCall(() => f.transform(y, x), 0.02));
    }
  }
}
const rows: string[] = [
  "| n | gammats µs | fft.js µs | fft.js / gammats | gammats ns per n log2 n |",
  "|---|---|---|---|---|",
];
for (const n of [...pow2, ...mixed]) {
  const a = median(ours[n]);
  const b = theirs[n] ? median(theirs[n]) : undefined;
  const perPoint = (a * 1e9) / (n * Math.log2(n));
  const fftjs = b ? `${(b * 1e6).toFixed(2)} | ${(b / a).toFixed(2)}` : "— | —";
  rows.push(`| ${n} | ${(a * 1e6).toFixed(2)} | ${fftjs} | ${perPoint.toFixed(2)} |`);
}
console.log(rows.join("\n"));
