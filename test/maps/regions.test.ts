/**
 * Sky regions and masks against Gammapy 1.0 / regions 0.7 (fixture: scripts/oracle/regions_reference.py): region
 * masks of every shape, the Crab exclusion region file, and ON-region event counts of the Crab runs.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDataStore } from "../../src/data/node.js";
import { regionMask } from "../../src/maps/masks.js";
import { circle, parseDs9, regionCenter, regionsContain, type SkyRegion, toDs9 } from "../../src/maps/regions.js";
import { Wcs } from "../../src/maps/wcs/wcs.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { DATA_DIR, dataPath, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/regions.json`, "utf8"));
const geom = WcsGeom.create({ lonDeg: 83.633, latDeg: 22.014, binszDeg: 0.02, widthDeg: [3, 2.5] });
const crab = { lon: 83.633, lat: 22.014, frame: "icrs" as const };
const regions: Record<string, SkyRegion> = {
  circle: { kind: "circle", center: crab, radius: 0.3 },
  ellipse: { kind: "ellipse", center: { lon: 83.2, lat: 21.8, frame: "icrs" }, width: 0.8, height: 0.3, angle: 30 },
  rectangle: {
    kind: "rectangle",
    center: { lon: 84.0, lat: 22.4, frame: "icrs" },
    width: 0.6,
    height: 0.2,
    angle: -20,
  },
  annulus: { kind: "annulus", center: crab, inner: 0.5, outer: 0.8 },
  polygon: {
    kind: "polygon",
    vertices: [
      { lon: 82.8, lat: 21.2, frame: "icrs" },
      { lon: 83.5, lat: 21.3, frame: "icrs" },
      { lon: 83.1, lat: 21.9, frame: "icrs" },
    ],
  },
  galactic_circle: { kind: "circle", center: { lon: 184.557, lat: -5.784, frame: "galactic" }, radius: 0.25 },
};

describe("region masks agree with Gammapy pixel by pixel", () => {
  for (const [name, region] of Object.entries(regions)) {
    it(name, () => {
      const mask = regionMask(geom, [region]).data;
      const on = [...mask.keys()].filter((i) => mask[i]);
      expect(on).toEqual(ref.masks[name]);
    });
  }
  it("DS9 round trip of every shape", () => {
    const again = parseDs9(toDs9(Object.values(regions)));
    expect(again.map((r) => r.kind)).toEqual(Object.values(regions).map((r) => r.kind));
    expect(regionCenter(again[1]).lon).toBeCloseTo(83.2, 6);
    expect(() => parseDs9("icrs\nstar(1,2,3)")).toThrow(/BAD_REGION/);
  });
});

describe.skipIf(!DATA_DIR)("regions on real data", () => {
  it("the Crab exclusion region file gives Gammapy's exclusion mask", () => {
    const regs = parseDs9(readFileSync(dataPath("joint-crab/exclusion/Crab_exclusion.reg"), "utf8"));
    expect(regs).toHaveLength(ref.exclusion_reg.n_regions);
    const excl = regionMask(geom, regs, false).data;
    expect(Array.from(excl, Number).reduce((a, b) => a + b, 0)).toBe(ref.exclusion_reg.n_true);
  });
  it("counts in a 0.11 deg circle around the Crab for the four runs", () => {
    const store = openDataStore(dataPath("hess-dl3-dr1"));
    // RegionGeom's projection: TAN, 0.1 deg pixels, centred on the region
    const wcs = Wcs.create({ lonDeg: 83.633, latDeg: 22.014, binszDeg: 0.1, npix: [3600, 1800], proj: "TAN" });
    for (const id of [23523, 23526, 23559, 23592]) {
      const ev = store.obs(id).events;
      const mask = regionsContain([circle(83.633, 22.014, 0.11)], ev.raDeg, ev.decDeg, "icrs", wcs);
      expect(mask.reduce((a, b) => a + b, 0)).toBe(ref.on_counts[String(id)]);
    }
  });
});

describe("RegionGeom", () => {
  it("solid angles as Gammapy's RegionGeom (projected area on its TAN grid)", async () => {
    const { RegionGeom } = await import("../../src/maps/region-geom.js");
    const want: [string, number][] = [
      ["icrs;circle(83.633, 22.014, 0.11)", 1.1579504563315391e-5],
      ["galactic;ellipse(184.5,-5.8,0.3,0.1,20)", 2.870951544623651e-5],
      ["icrs;box(83.6,22.0,0.4,0.2,10)", 2.4369393584222197e-5],
      ["icrs;annulus(83.6,22.0,0.2,0.5)", 0.00020096660812365559],
    ];
    for (const [text, sr] of want) {
      const geom = new RegionGeom(parseDs9(text)[0]);
      expect(geom.solidAngle() / sr).toBeCloseTo(1, 9);
      expect(geom.dataShape).toEqual([1, 1]);
    }
    const a = new RegionGeom(circle(83.633, 22.014, 0.11));
    expect(a.equals(new RegionGeom(circle(83.633, 22.014, 0.11)))).toBe(true);
    expect(a.equals(new RegionGeom(circle(83.633, 22.014, 0.12)))).toBe(false);
  });
});
