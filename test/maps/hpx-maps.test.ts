/**
 * HEALPix geometries and maps against Gammapy 1.0 (fixture: scripts/oracle/hpx_maps_reference.py): region pixels,
 * event-style filling, and reading / writing Gammapy's HPX layout.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { FitsFile, writeFits } from "../../src/fits/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { HpxGeom } from "../../src/maps/hpx-geom.js";
import { HpxNDMap } from "../../src/maps/hpx-map.js";
import { hpxMapToHdus, readHpxMap, readMap } from "../../src/maps/io.js";
import { REPO_ROOT } from "../support/data.js";

const dir = `${REPO_ROOT}/test/fixtures/maps`;
const ref = JSON.parse(readFileSync(`${dir}/hpx-maps.json`, "utf8"));
const open = (f: string) => FitsFile.open(new Uint8Array(readFileSync(`${dir}/${f}`)));

describe("HEALPix geometries and maps", () => {
  it("partial-sky pixels of DISK regions as Gammapy", () => {
    for (const r of ref.regions) {
      const g = HpxGeom.create({ nside: r.nside, nest: r.nest, region: r.region });
      expect(Array.from(g.globalPixels())).toEqual(r.pixels);
    }
  });
  it("fills coordinates into pixels and energy bins as Gammapy's fill_by_coord", () => {
    const f = ref.fill;
    const geom = HpxGeom.create({
      nside: 32,
      nest: true,
      frame: "galactic",
      region: f.region,
      axes: [MapAxis.fromEnergyBounds(1, 10, 2)],
    });
    const map = HpxNDMap.fromGeom(geom);
    map.fillByCoord(f.lon, f.lat, [f.energy]);
    expect(map.shape).toEqual(f.shape);
    expect(map.sum()).toBe(f.sum);
    const nz = [...map.data.keys()].filter((i) => map.data[i] !== 0);
    expect(nz).toEqual(f.nonzero_index);
    expect(nz.map((i) => map.data[i])).toEqual(f.nonzero_value);
  });
  it("reads Gammapy's HEALPix files (all-sky with BANDS, partial with PIX)", () => {
    const all = readMap(open("gp_hpx_all.fits")) as HpxNDMap;
    expect(all).toBeInstanceOf(HpxNDMap);
    expect(all.geom.nside).toBe(4);
    expect(all.geom.frame).toBe("galactic");
    expect(all.geom.nest).toBe(true);
    expect(all.shape).toEqual([2, 192]);
    expect(Array.from(all.data, Number)).toEqual(Array.from({ length: 384 }, (_, i) => i));
    const part = readHpxMap(open("gp_hpx_part.fits"));
    expect(Array.from(part.geom.globalPixels())).toEqual(ref.regions[0].pixels);
    expect(part.geom.region).toBe("DISK(83.6,22.0,5)");
    expect(part.sum()).toBe(6);
  });
  it("writes the HPX layout back with identical data and geometry", () => {
    for (const f of ["gp_hpx_all.fits", "gp_hpx_part.fits"]) {
      const map = readHpxMap(open(f));
      const back = readHpxMap(FitsFile.open(writeFits(hpxMapToHdus(map)), { checksum: "error" }));
      expect(back.geom.equals(map.geom)).toBe(true);
      expect(Array.from(back.data, Number)).toEqual(Array.from(map.data, Number));
    }
  });
});
