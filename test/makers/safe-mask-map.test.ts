/**
 * 3D safe masks (aeff-default, aeff-max, edisp-bias, offset-max, bkg-peak) against Gammapy 1.0's SafeMaskMaker on six
 * H.E.S.S. DR1 runs, pixel by pixel (SHA-256 of the mask cube; fixture: scripts/oracle/safe_mask_3d_reference.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openDataStore } from "../../src/data/node.js";
import { makeMapDataset } from "../../src/makers/map.js";
import type { SafeMaskMethod } from "../../src/makers/safe-mask.js";
import { makeMapSafeMask } from "../../src/makers/safe-mask-map.js";
import { MapAxis } from "../../src/maps/axis.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { shortHash } from "../fits/digest.js";
import { DATA_DIR, dataPath, NO_DATA_MESSAGE } from "../support/data.js";

interface Variant {
  methods: SafeMaskMethod[];
  params: {
    aeff_percent?: number;
    bias_percent?: number;
    fixed_offset?: number;
    position?: "target";
    offset_max?: number;
  };
  sha256: string;
  per_energy: number[];
}
interface Run {
  obs_id: number;
  target: [number, number];
  cutout: { npix: [number, number]; crpix: [number, number] };
  variants: Variant[];
}
const fixture = JSON.parse(readFileSync(new URL("../fixtures/safe-mask/hess-3d.json", import.meta.url), "utf8")) as {
  runs: Run[];
};

describe.skipIf(!DATA_DIR)("3D safe masks equal Gammapy's SafeMaskMaker", () => {
  if (!DATA_DIR) console.warn(NO_DATA_MESSAGE);
  const store = DATA_DIR ? openDataStore(dataPath("hess-dl3-dr1")) : undefined;
  const energy = MapAxis.fromEnergyBounds(0.1, 100, 24, { name: "energy" });
  const energyAxisTrue = MapAxis.fromEnergyBounds(0.05, 200, 48, { name: "energy_true" });
  for (const run of fixture.runs) {
    it(`run ${run.obs_id}: every method, alone and combined`, () => {
      const obs = store!.obs(run.obs_id);
      const geom = WcsGeom.create({
        lonDeg: run.target[0],
        latDeg: run.target[1],
        frame: "icrs",
        binszDeg: 0.05,
        widthDeg: 6,
        proj: "CAR",
        axes: [energy],
      });
      const parts = makeMapDataset(geom, obs, {
        energyAxisTrue,
        binszIrfDeg: 0.2,
        cutoutWidthDeg: 5,
        selection: ["exposure", "background", "edisp"],
      });
      expect(parts.counts.geom.npix).toEqual(run.cutout.npix);
      for (const v of run.variants) {
        const p = v.params;
        const mask = makeMapSafeMask(parts, obs, {
          methods: v.methods,
          aeffPercent: p.aeff_percent,
          biasPercent: p.bias_percent,
          fixedOffsetDeg: p.fixed_offset,
          offsetMaxDeg: p.offset_max,
          position: p.position === "target" ? { lon: run.target[0], lat: run.target[1], frame: "icrs" } : undefined,
        });
        const data = mask.data as Uint8Array;
        const n = parts.counts.geom.imageSize;
        const perEnergy = Array.from({ length: data.length / n }, (_, e) =>
          data.subarray(e * n, (e + 1) * n).reduce((a, b) => a + b, 0),
        );
        const label = `${v.methods.join("+")} ${JSON.stringify(p)}`;
        expect(perEnergy, label).toEqual(v.per_energy);
        expect(shortHash(data), label).toBe(v.sha256);
      }
    });
  }
});
