/**
 * `SpectrumDatasetMaker`: reduces one observation to a spectrum dataset in an ON region — counts per reco energy,
 * exposure (effective area at the region centre's offset x livetime, optionally times the PSF containment within the
 * region radius), and the energy-dispersion matrix at that offset. Point-like IRFs (RAD_MAX) take the ON radius from
 * the IRF and need a point region.
 */
import { separationDeg } from "../coords/frames.js";
import type { Observation } from "../data/observation.js";
import { SpectrumDataset } from "../datasets/spectrum-dataset.js";
import { isPointlikeMeta } from "../irf/irf.js";
import type { MapAxis } from "../maps/axis.js";
import type { RegionGeom } from "../maps/region-geom.js";
import { regionCenter } from "../maps/regions.js";
import { GammatsError } from "../util/errors.js";

/** Histogram of energies (TeV) of the selected events (mask 1) on an energy axis; out-of-range events are dropped. */
export function histogramEnergy(
  energyTeV: ArrayLike<number>,
  selected: Uint8Array | null,
  axis: MapAxis,
): Float64Array {
  const out = new Float64Array(axis.nbin);
  const idx = axis.coordToIdx(energyTeV);
  for (let i = 0; i < idx.length; i++) if ((selected === null || selected[i]) && idx[i] >= 0) out[idx[i]]++;
  return out;
}

/** Options of `makeSpectrumDataset`. */
export interface SpectrumMakerOptions {
  /** Multiply the exposure by the PSF containment within the (circular) ON radius. */
  readonly containmentCorrection?: boolean;
  /** Dataset name (default: the obs id). */
  readonly name?: string;
}

/** Reduces an observation to a spectrum dataset (no background yet). */
export function makeSpectrumDataset(
  geom: RegionGeom,
  energyAxisTrue: MapAxis,
  observation: Observation,
  options: SpectrumMakerOptions = {},
): SpectrumDataset {
  const energyAxis = geom.axes.get("energy");
  const file = `obs ${observation.obsId}`;
  const aeff = observation.aeff;
  const edisp = observation.edisp;
  if (!aeff || !edisp)
    throw new GammatsError(
      "MISSING_IRF",
      "observation lacks effective area or energy dispersion",
      { file },
      "aeff and edisp",
    );
  const p = observation.pointing;
  if (p.raDeg === undefined || p.decDeg === undefined)
    throw new GammatsError(
      "MISSING_POINTING",
      "no RA/Dec pointing",
      { file, key: "RA_PNT" },
      "a fixed RA/Dec pointing",
    );
  const c = regionCenter(geom.region);
  const offsetDeg = separationDeg(c.lon, c.lat, p.raDeg, p.decDeg);
  const events = observation.events;
  const pointlike = isPointlikeMeta(aeff.meta);
  let selected: Uint8Array;
  if (pointlike) {
    const radMax = observation.radMax;
    if (!radMax) throw new GammatsError("MISSING_IRF", "point-like IRF without RAD_MAX_2D", { file }, "RAD_MAX_2D");
    selected = events.radMaxMask(radMax, c.lon, c.lat);
  } else {
    selected = geom.contains(events.raDeg, events.decDeg, "icrs");
  }
  const counts = histogramEnergy(events.energyTeV, selected, energyAxis);
  const livetimeS = observation.livetimeS;
  const eTrue = energyAxisTrue.center;
  const aeffM2OrCm2 = aeff.evaluate({ energy_true: eTrue, offset: offsetDeg });
  const toCm2 = aeffUnitToCm2(aeff.unit);
  const edispExposure = aeffM2OrCm2.map((v) => v * toCm2 * livetimeS);
  const exposure = edispExposure.slice();
  if (options.containmentCorrection) {
    if (pointlike)
      throw new GammatsError(
        "BAD_OPTION",
        "containment correction with point-like IRFs",
        { file },
        "full-enclosure IRFs",
      );
    if (geom.region.kind !== "circle")
      throw new GammatsError("BAD_OPTION", "containment correction needs a circular ON region", { file }, "a circle");
    const psf = observation.psf;
    if (!psf) throw new GammatsError("MISSING_IRF", "containment correction needs a PSF", { file }, "a PSF HDU");
    const containment = psf.containment({ energy_true: eTrue, offset: offsetDeg, rad: geom.region.radius });
    for (let k = 0; k < exposure.length; k++) exposure[k] *= containment[k];
  }
  const kernel = edisp.toEdispKernel(offsetDeg, energyAxisTrue, energyAxis);
  const gti = observation.gti;
  return new SpectrumDataset({
    name: options.name ?? String(observation.obsId),
    geom,
    energyAxis,
    energyAxisTrue,
    counts,
    exposure,
    edispExposure,
    edisp: kernel.data,
    livetimeS,
    ontimeS: gti.timeSumS,
    meta: { obs_id: observation.obsId },
  });
}

function aeffUnitToCm2(unit: string): number {
  const u = unit.trim();
  if (u === "m2" || u === "m^2" || u === "m**2") return 1e4;
  if (u === "cm2" || u === "cm^2" || u === "cm**2") return 1;
  throw new GammatsError("BAD_UNIT", `effective area unit '${unit}'`, { key: "EFFAREA" }, "m2 or cm2");
}
