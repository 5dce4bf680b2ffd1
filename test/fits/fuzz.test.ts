/**
 * Property-based fuzzing of the FITS reader with mutated real and synthetic files: every mutant either reads or fails
 * with a FitsError, within a time bound. (The long run: `npm run fuzz -- --cases 100000`.)
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DATA_DIR } from "../support/data.js";
import { fuzzCorpus, mutationArb, runCase } from "./fuzz-core.js";

const CASES = Number(process.env.GAMMATS_FUZZ_CASES ?? 3000);

describe("FITS reader fuzzing", () => {
  // files up to 400 kB keep the short run fast; the long run also mutates the 1 MB H.E.S.S. event file
  const corpus = fuzzCorpus(DATA_DIR, 400_000);
  it(`${CASES} mutated files: only success or FitsError, each within 2 s`, () => {
    const codes = new Map<string, number>();
    let maxMs = 0;
    fc.assert(
      fc.property(mutationArb, (c) => {
        const out = runCase(corpus, c);
        if (out.untyped !== undefined) throw out.untyped;
        maxMs = Math.max(maxMs, out.ms);
        codes.set(out.code ?? "ok", (codes.get(out.code ?? "ok") ?? 0) + 1);
        return out.ms < 2000;
      }),
      { numRuns: CASES, seed: 20261124 },
    );
    // the mutations reach many error classes, not just one
    expect(codes.size).toBeGreaterThanOrEqual(6);
    expect(maxMs).toBeLessThan(2000);
  });
});
