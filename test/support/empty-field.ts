/**
 * The 1D dataset at a position without a source (84.2, 22.6 deg, r = 0.11 deg) in the four H.E.S.S. Crab runs:
 * reflected regions avoiding the Crab (exclusion 0.3 deg), aeff-default safe mask, stacked; as
 * scripts/oracle/upper_limit_reference.py (needs the real data). Shared by the upper-limit tests.
 */
import { openDataStore } from "../../src/data/node.js";
import { type SpectrumDataset, stackSpectrumDatasets } from "../../src/datasets/index.js";
import { makeReflectedBackground, makeSafeMask, makeSpectrumDataset } from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { exclusionMask } from "../../src/maps/masks.js";
import { RegionGeom } from "../../src/maps/region-geom.js";
import { circle } from "../../src/maps/regions.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { dataPath } from "./data.js";

/** The stacked on-off dataset of the empty position. */
export function reduceEmptyCrabField(): SpectrumDataset {
  const store = openDataStore(dataPath("hess-dl3-dr1"));
  const geom = new RegionGeom(circle(84.2, 22.6, 0.11), [MapAxis.fromEnergyBounds(0.5, 30, 20)]);
  const energyAxisTrue = MapAxis.fromEnergyBounds(0.1, 50, 40, { name: "energy_true" });
  const exclusion = exclusionMask(
    WcsGeom.create({ lonDeg: 83.633, latDeg: 22.014, frame: "icrs", binszDeg: 0.02, widthDeg: 6 }),
    [circle(83.633, 22.014, 0.3)],
  );
  const runs = [23523, 23526, 23559, 23592].map((id) => {
    const obs = store.obs(id);
    const ds = makeSpectrumDataset(geom, energyAxisTrue, obs, { containmentCorrection: true });
    const { dataset } = makeReflectedBackground(ds, obs, { exclusionMask: exclusion });
    dataset.maskSafe = makeSafeMask(dataset, obs, { methods: ["aeff-default"] });
    return dataset;
  });
  return stackSpectrumDatasets(runs);
}
