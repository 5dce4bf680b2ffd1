/**
 * The stacked 3D reduction of ../shared/reference/crab-3d.yaml (four H.E.S.S. DR1 Crab runs, 2 deg x 2 deg at 0.02 deg,
 * 10 reco / 20 true energy bins, FoV background "scale" with the Crab exclusion mask, offset-max 2.5 deg, stacked), as a
 * `MapDataset` without models (npred = background). Needs the real data (`DATA_DIR`).
 */
import { openDataStore } from "../../src/data/node.js";
import type { MapDataset } from "../../src/datasets/index.js";
import { fovBackground, makeMapDataset, mapDatasetFromParts, stackMapDatasetParts } from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { readMapFile } from "../../src/maps/node.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { dataPath } from "./data.js";

/** Observation ids of crab-3d.yaml. */
export const CRAB_3D_OBS_IDS = [23523, 23526, 23559, 23592] as const;

/** The stacked Crab 3D dataset (name "stacked") of crab-3d.yaml, without models. */
export function reduceCrab3d(): MapDataset {
  const store = openDataStore(dataPath("hess-dl3-dr1"));
  const energy = MapAxis.fromEnergyBounds(1, 10, 10, { name: "energy" });
  const energyAxisTrue = MapAxis.fromEnergyBounds(0.5, 20, 20, { name: "energy_true" });
  const geom = WcsGeom.create({
    lonDeg: 83.633,
    latDeg: 22.014,
    frame: "icrs",
    binszDeg: 0.02,
    widthDeg: 2,
    proj: "CAR",
    axes: [energy],
  });
  const exclusion = readMapFile(dataPath("joint-crab", "exclusion", "exclusion_mask_crab.fits.gz"));
  const options = { energyAxisTrue, binszIrfDeg: 0.2, offsetMaxDeg: 2.5 };
  const parts = CRAB_3D_OBS_IDS.map(
    (id) =>
      fovBackground(makeMapDataset(geom, store.obs(id), options), { method: "scale", exclusionMask: exclusion }).parts,
  );
  const dataset = mapDatasetFromParts(stackMapDatasetParts(geom, parts, { energyAxisTrue, binszIrfDeg: 0.2 }));
  dataset.name = "stacked";
  return dataset;
}
