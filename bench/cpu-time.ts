/** CPU-time measurement for micro-benchmarks on a shared machine (steadier than wall time when other work runs). */

/** CPU seconds of this process so far (user + system). */
export function cpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/** CPU seconds per call of `f`, timing enough calls (doubling) to take at least `minSeconds`. */
export function cpuTimePerCall(f: () => void, minSeconds: number): number {
  for (let reps = 1; ; reps *= 2) {
    const t0 = cpuSeconds();
    for (let i = 0; i < reps; i++) f();
    const dt = cpuSeconds() - t0;
    if (dt >= minSeconds) return dt / reps;
  }
}

/** Median of a non-empty list. */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[values.length >> 1];
}
