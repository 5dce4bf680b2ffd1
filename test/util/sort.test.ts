/** numpy's argsort order (introsort) including the order of ties, against numpy 1.24 (detection oracle fixture). */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { numpyArgsort } from "../../src/util/sort.js";
import { REPO_ROOT } from "../support/data.js";

const FX = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/detection/gammapy_detection.json`, "utf8"));

describe("numpyArgsort", () => {
  it("gives numpy's order of ties (arrays of 10 to 1000 values with many ties)", () => {
    for (const c of FX.argsort as Array<{ n: number; m: number; order: number[] }>) {
      const values = Array.from({ length: c.n }, (_, k) => (k * 7919) % c.m);
      expect(Array.from(numpyArgsort(values)), `n=${c.n} m=${c.m}`).toEqual(c.order);
    }
  });

  it("is a permutation that sorts ascending, NaN last", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.integer({ min: -3, max: 3 })), { maxLength: 300 }), (values) => {
        const idx = numpyArgsort(values);
        expect([...idx].sort((a, b) => a - b)).toEqual(values.map((_, i) => i));
        for (let k = 1; k < idx.length; k++) {
          const a = values[idx[k - 1]];
          const b = values[idx[k]];
          expect(Number.isNaN(a) ? Number.isNaN(b) : Number.isNaN(b) || a <= b).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});
