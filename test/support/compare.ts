/** Comparison helpers of the tests. */
import { expect } from "vitest";

/**
 * Largest relative difference |a - b| / max(|b|, floor) over two arrays of equal length (Infinity where b is 0 and
 * the floor is 0 but a differs).
 */
export function maxRelDiff(a: ArrayLike<number>, b: ArrayLike<number>, floor = 0): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < b.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    const s = Math.max(Math.abs(b[i]), floor);
    if (d > 0) m = Math.max(m, s > 0 ? d / s : Number.POSITIVE_INFINITY);
  }
  return m;
}
