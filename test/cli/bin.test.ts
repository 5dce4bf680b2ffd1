/**
 * `gammats bin` on the four H.E.S.S. Crab runs equals, pixel by pixel, the counts cube of Gammapy's
 * MapDatasetMaker(selection=["counts"]) on the same geometry (fixture: scripts/oracle/counts_cube.py; totals also in
 * ../shared/reference/gammapy-crab-counts.json).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bin } from "../../cli/commands/bin.js";
import { readMapFile } from "../../src/maps/node.js";
import { DATA_DIR, dataPath, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/crab-counts-cube.json`, "utf8"));

describe.skipIf(!DATA_DIR)("gammats bin", () => {
  it("makes Gammapy's counts cube of the Crab runs, pixel by pixel", () => {
    const dir = mkdtempSync(join(tmpdir(), "gammats-bin-"));
    try {
      const out = join(dir, "counts.fits");
      const lines: string[] = [];
      const r = bin(
        dataPath("hess-dl3-dr1"),
        {
          obs: "23523,23526,23559,23592",
          skydir: "83.633,22.014",
          frame: "icrs",
          binsz: "0.02",
          width: "2",
          proj: "CAR",
          energy: "1:10:10",
          out,
        },
        undefined,
        (l) => lines.push(l),
      );
      expect(r.counts).toBe(2486);
      expect(lines).toHaveLength(4);
      const map = readMapFile(out);
      expect(map.shape).toEqual(ref.shape);
      const want = new Float64Array(map.data.length);
      ref.index.forEach((idx: number, k: number) => {
        want[idx] = ref.value[k];
      });
      expect(Array.from(map.data as Float32Array)).toEqual(Array.from(want));
      const totals = `${REPO_ROOT}/../shared/reference/gammapy-crab-counts.json`;
      if (existsSync(totals)) {
        const t = JSON.parse(readFileSync(totals, "utf8"));
        const perEnergy = Array.from({ length: 10 }, (_, e) =>
          (map.data as Float32Array).subarray(e * 10000, (e + 1) * 10000).reduce((a, b) => a + b, 0),
        );
        expect(perEnergy).toEqual(t.per_energy);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it("cancels before writing anything", () => {
    const controller = new AbortController();
    controller.abort();
    const out = join(tmpdir(), `gammats-cancel-${process.pid}.fits`);
    expect(() =>
      bin(
        dataPath("hess-dl3-dr1"),
        { obs: "23523", skydir: "83.6,22", binsz: "0.1", width: "1", energy: "1:10:2", out },
        controller.signal,
      ),
    ).toThrow(/cancelled/);
    expect(existsSync(out)).toBe(false);
  });
});
