/**
 * Source detection in a map dataset, the steps of Gammapy's detection tutorial taken to a fit: a TS map of a point
 * source (`estimateTSMap`), its local peaks above a significance threshold (`findPeaks`), one point-source candidate
 * per peak (the TS map's spectral shape, its amplitude scaled by the peak's norm, the spectral index frozen), and a
 * joint fit of all candidates with the dataset's other models. Each candidate's TS is the statistic increase when its
 * amplitude is set to zero (other parameters at the best fit).
 */
import type { MapDataset } from "../datasets/map-dataset.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { Fit, type FitResult } from "../modeling/fit.js";
import { Models, SkyModel } from "../modeling/models.js";
import { Parameter } from "../modeling/parameter.js";
import { PointSpatialModel } from "../modeling/spatial.js";
import { AnalyticSpectralModel, createSpectralModel, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { ArgumentError } from "../util/errors.js";
import { findPeaks, type Peak } from "./find-peaks.js";
import { estimateTSMap, type TSMapOptions, type TSMaps } from "./ts-map.js";

/** Options of `detectSources`. */
export interface DetectOptions {
  /** sqrt(TS) threshold of the peaks (default 5). */
  readonly threshold?: number;
  /** Minimum distance between peaks (deg; default 0.25 as in the tutorial). */
  readonly minDistanceDeg?: number;
  /** TS-map options (kernel width, energy groups, ...); the spectral model is the candidates' shape. */
  readonly tsMap?: TSMapOptions;
  /** Fit the candidates (default true); otherwise they keep their starting values. */
  readonly fit?: boolean;
  /** Name prefix of the candidates (default `candidate-`): `candidate-1` is the brightest peak. */
  readonly namePrefix?: string;
  /** Parameters of the candidates' spectral model left free besides the amplitude (default none). */
  readonly freeSpectralParameters?: readonly string[];
}

/** One detected source. Angles in deg (ICRS), amplitude in cm-2 s-1 TeV-1 (the spectral model's). */
export interface DetectedSource {
  readonly name: string;
  /** The TS-map peak the candidate started from. */
  readonly peak: Peak;
  readonly ra: number;
  readonly raErr: number;
  readonly dec: number;
  readonly decErr: number;
  readonly amplitude: number;
  readonly amplitudeErr: number;
  /** Statistic increase when the source's amplitude is set to 0. */
  readonly ts: number;
}

/** Result of `detectSources`. */
export interface DetectionResult {
  readonly tsMaps: TSMaps;
  readonly peaks: readonly Peak[];
  /** The candidates' sky models (fitted unless `fit: false`). */
  readonly models: Models;
  readonly sources: readonly DetectedSource[];
  /** The fit result (undefined without fit or without candidates). */
  readonly fitResult?: FitResult;
}

function defaultSpectralModel(): SpectralModel {
  return createSpectralModel(PowerLaw, { index: 2, amplitude: 1e-12, reference: 1 });
}

/** A copy of an analytic spectral model with its amplitude-like norm parameter scaled by `norm`. */
function scaledCopy(model: SpectralModel, norm: number, free: ReadonlySet<string>): SpectralModel {
  if (!(model instanceof AnalyticSpectralModel))
    throw new ArgumentError("the detection spectral model must be analytic", "tsMap.spectralModel");
  const params = [...model.parameters].map((p) => {
    const q = new Parameter(p.toSpec());
    if (p.isNorm) q.value = p.value * norm;
    else q.frozen = p.frozen || !free.has(p.name);
    return q;
  });
  return new AnalyticSpectralModel(model.definition, params);
}

/**
 * Detects point sources in a map dataset: TS map, peaks above `threshold`, candidates, joint fit (see the module
 * docs). The dataset's models are extended by the candidates during the fit and restored afterwards.
 */
export function detectSources(dataset: MapDataset, options: DetectOptions = {}): DetectionResult {
  const spectral = options.tsMap?.spectralModel ?? defaultSpectralModel();
  const tsMaps = estimateTSMap(dataset, { ...options.tsMap, spectralModel: spectral });
  const [nx, ny] = tsMaps.geom.npix;
  const image = new WcsNDMap(tsMaps.geom.toImage(), tsMaps.maps.sqrt_ts.subarray(0, nx * ny));
  const peaks = findPeaks(image, { threshold: options.threshold ?? 5, minDistanceDeg: options.minDistanceDeg ?? 0.25 });
  const prefix = options.namePrefix ?? "candidate-";
  const free = new Set(options.freeSpectralParameters ?? []);
  const candidates = peaks.map(
    (p, k) =>
      new SkyModel({
        name: `${prefix}${k + 1}`,
        spectralModel: scaledCopy(spectral, tsMaps.maps.norm[p.y * nx + p.x], free),
        spatialModel: new PointSpatialModel({ lon_0: p.ra, lat_0: p.dec }, "icrs"),
      }),
  );
  const models = new Models(candidates);
  if (candidates.length === 0) return { tsMaps, peaks, models, sources: [] };

  const previous = dataset.models;
  let fitResult: FitResult | undefined;
  const ts: number[] = [];
  try {
    dataset.models = new Models([...(previous ?? []), ...candidates]);
    if (options.fit ?? true) fitResult = new Fit().run([dataset]);
    const best = dataset.statSum();
    for (const m of candidates) {
      const amplitude = [...m.spectralModel.parameters].find((p) => p.isNorm)!;
      const value = amplitude.value;
      amplitude.value = 0;
      ts.push(dataset.statSum() - best);
      amplitude.value = value;
    }
  } finally {
    dataset.models = previous;
  }
  const sources = candidates.map((m, k) => {
    const s = m.spatialModel!.parameters;
    const a = [...m.spectralModel.parameters].find((p) => p.isNorm)!;
    return {
      name: m.name,
      peak: peaks[k],
      ra: s.get("lon_0").value,
      raErr: s.get("lon_0").error,
      dec: s.get("lat_0").value,
      decErr: s.get("lat_0").error,
      amplitude: a.value,
      amplitudeErr: a.error,
      ts: ts[k],
    };
  });
  return { tsMaps, peaks, models, sources, fitResult };
}
