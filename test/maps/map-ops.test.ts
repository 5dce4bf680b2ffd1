/**
 * Map operations against Gammapy 1.0 on the Fermi-LAT Galactic-centre counts cube (fixture:
 * scripts/oracle/maps_ops_reference.py): smoothing with Gaussian, disk and box kernels, interpolation onto another
 * geometry (nearest and linear), padding and resampling of the energy axis.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { transformTo } from "../../src/coords/frames.js";
import { MapAxis } from "../../src/maps/axis.js";
import { readMapFile } from "../../src/maps/node.js";
import { interpToGeom } from "../../src/maps/reproject.js";
import { type SmoothKernel, smoothMap } from "../../src/maps/smooth.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import type { WcsNDMap } from "../../src/maps/wcs-map.js";
import { DATA_DIR, dataPath, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/map-ops.json`, "utf8"));

describe.skipIf(!DATA_DIR)("map operations agree with Gammapy", () => {
  let cube: WcsNDMap;
  let image: WcsNDMap;
  it("reads the cube and sums it over energy", () => {
    cube = readMapFile(dataPath("fermi-3fhl-gc/fermi-3fhl-gc-counts-cube.fits.gz"));
    image = cube.sumOverAxes();
    expect(image.sum()).toBe(32684);
  });
  for (const kernel of ["gauss", "disk", "box"] as SmoothKernel[]) {
    it(`smooth with ${kernel}`, () => {
      const r = ref[`smooth_${kernel}`];
      const s = smoothMap(image, r.width_deg, kernel);
      ref.pick.forEach((p: number, k: number) => {
        expect(s.data[p]).toBeCloseTo(r.values[k], 9);
      });
      expect(s.sum()).toBeCloseTo(r.sum, 6);
    });
  }
  for (const method of ["nearest", "linear"] as const) {
    it(`interpolate onto a TAN geometry in another frame (${method})`, () => {
      const c = transformTo({ lon: 0.5, lat: 0.2, frame: "galactic" }, "icrs");
      const target = WcsGeom.create({
        lonDeg: c.lon,
        latDeg: c.lat,
        frame: "icrs",
        binszDeg: 0.13,
        widthDeg: [5, 3],
        proj: "TAN",
      });
      const r = interpToGeom(image, target, method);
      const want: (number | null)[] = ref[`interp_${method}`];
      expect(r.data.length).toBe(want.length);
      want.forEach((w, i) => {
        if (w === null) expect(Number.isNaN(r.data[i] as number)).toBe(true);
        else expect(r.data[i]).toBeCloseTo(w, 8);
      });
    });
  }
  it("pad and resample the energy axis", () => {
    const p = image.pad(3);
    expect(p.shape).toEqual(ref.pad.shape);
    expect(p.sum()).toBe(ref.pad.sum);
    expect([...p.geom.wcs.params.crpix]).toEqual(ref.pad.crpix);
    const axis = MapAxis.fromEnergyEdges(ref.resample.edges, { unit: ref.resample.unit });
    expect(Array.from(cube.resampleAxis(axis).sumOverSpatial())).toEqual(ref.resample.sums);
  });
});
