/**
 * Sparse HEALPix maps (INDXSCHM = SPARSE: PIX, CHANNEL, VALUE rows of the non-zero bins) written by Gammapy 1.0
 * (an all-sky map with an energy axis, a DISK partial-sky map) are read with the same values, and written back.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FitsFile } from "../../src/fits/index.js";
import { writeFits } from "../../src/fits/writer.js";
import type { HpxNDMap } from "../../src/maps/hpx-map.js";
import { hpxMapToHdus, readHpxMap } from "../../src/maps/io.js";
import { REPO_ROOT } from "../support/data.js";

const dir = `${REPO_ROOT}/test/fixtures/maps`;
const ref = JSON.parse(readFileSync(`${dir}/hpx-sparse.json`, "utf8"));
const read = (bytes: Uint8Array) => readHpxMap(FitsFile.open(bytes));
const sum = (m: HpxNDMap) => Array.from(m.data as Float32Array).reduce((a, b) => a + b, 0);

describe("sparse HEALPix maps", () => {
  it("reads Gammapy's sparse all-sky cube and DISK map", () => {
    const m = read(readFileSync(`${dir}/hpx-sparse.fits`));
    expect(m.geom.nside).toBe(16);
    expect(m.geom.axes.size).toBe(3);
    expect(Array.from(m.data as Float32Array).filter((v) => v > 0).length).toBe(ref.nonzero);
    expect(sum(m)).toBeCloseTo(ref.sum, 3);
    const d = read(readFileSync(`${dir}/hpx-sparse-disk.fits`));
    expect(d.geom.npix).toBe(ref.npix2);
    expect(sum(d)).toBeCloseTo(ref.sum2, 6);
  });

  it("writes sparse maps that read back equal", () => {
    for (const f of ["hpx-sparse.fits", "hpx-sparse-disk.fits"]) {
      const m = read(readFileSync(`${dir}/${f}`));
      const back = read(writeFits(hpxMapToHdus(m, "SKYMAP", { sparse: true })));
      expect(Array.from(back.data as Float32Array)).toEqual(Array.from(m.data as Float32Array));
      expect(back.geom.globalPixels()).toEqual(m.geom.globalPixels());
    }
  });
});
