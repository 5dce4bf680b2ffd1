/**
 * Bright-star exclusion masks (Gammapy's VERITAS tutorial selection: V + (B-V) < 8 within 2 deg of the Crab, 0.3 deg
 * circles) on a 4 x 4 deg geometry, against Gammapy 1.0 (scripts/oracle/star_exclusion_reference.py); bad catalogues.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { brightStarRegions, parseStarCatalog } from "../../src/makers/index.js";
import { exclusionMask } from "../../src/maps/masks.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { GammatsError } from "../../src/util/errors.js";
import { DATA_DIR, dataPath, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/star-exclusion.json`, "utf8"));

describe.skipIf(!DATA_DIR)(`bright-star exclusion as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("selects the same Hipparcos stars and excludes the same pixels", () => {
    const text = readFileSync(dataPath("veritas", "crab-point-like-ED", "Hipparcos_MAG8_1997.dat"), "utf8");
    const catalog = parseStarCatalog(text, "Hipparcos_MAG8_1997.dat");
    expect(catalog.raDeg.length).toBe(41057);
    const regions = brightStarRegions(catalog, 83.633, 22.014);
    const geom = WcsGeom.create({ lonDeg: 83.633, latDeg: 22.014, frame: "icrs", binszDeg: 0.02, widthDeg: 4 });
    const mask = exclusionMask(geom, regions).data;
    const excluded: number[] = [];
    mask.forEach((v, i) => {
      if (!v) excluded.push(i);
    });
    expect(regions.length).toBe(ref.hip.length);
    expect(excluded.length).toBe(ref.n_excluded);
    expect(excluded).toEqual(ref.excluded_flat);
  });
});

describe("star catalogue parsing", () => {
  it("malformed rows and missing columns are typed errors naming the row or column", () => {
    expect(() => parseStarCatalog("#_RAJ2000\t_DEJ2000\tHIP\tVmag\tB-V\n1 2 3 x\n", "s.dat")).toThrow(GammatsError);
    expect(() => parseStarCatalog("#ra dec\n1 2\n", "s.dat")).toThrow(/HIP/);
    const c = parseStarCatalog("#_RAJ2000 _DEJ2000 HIP Vmag B-V\n10 20 1 5 0.5\n10.5 20 2 9 0\n");
    expect(brightStarRegions(c, 10, 20).length).toBe(1);
  });
});
