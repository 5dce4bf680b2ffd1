/**
 * The browser app's analysis (no DOM, so it also runs and is tested in Node): DL3 files given as bytes (e.g. dropped
 * into the page) become a data store; a counts image around the target, and the 1D spectral analysis of the target
 * (reflected regions, safe masks, stacked WStat power-law fit, flux points) with its SED figure.
 */

import { Analysis } from "../src/analysis/analysis.js";
import { AnalysisConfig } from "../src/analysis/config.js";
import { DataStore } from "../src/data/data-store.js";
import { memoryFileProvider } from "../src/data/files.js";
import { infoDict } from "../src/datasets/info.js";
import type { SpectrumDataset } from "../src/datasets/spectrum-dataset.js";
import { WcsGeom } from "../src/maps/wcs-geom.js";
import { WcsNDMap } from "../src/maps/wcs-map.js";
import { createSpectralModel, Models, PowerLaw, SkyModel } from "../src/modeling/index.js";
import { sedPlotSvg, skyImageSvg } from "../src/plot/index.js";
import { spectrumPlotData } from "../src/plot/spectrum-data.js";

/** What the page asks for: the target (ICRS, deg) and the ON radius (deg). */
export interface AppRequest {
  readonly raDeg: number;
  readonly decDeg: number;
  readonly onRadiusDeg?: number;
}

/** What the page shows. */
export interface AppResult {
  readonly observations: number[];
  readonly summary: string;
  readonly countsSvg: string;
  readonly sedSvg: string;
  readonly index: { value: number; error: number };
  readonly amplitude: { value: number; error: number };
}

/** Runs the app's analysis on DL3 files (name -> bytes; .fits or .fits.gz with EVENTS, GTI and IRFs). */
export async function analyseFiles(files: ReadonlyMap<string, Uint8Array>, request: AppRequest): Promise<AppResult> {
  const provider = memoryFileProvider(files);
  const store = DataStore.fromEventsFiles(provider, [...files.keys()]);
  const config = AnalysisConfig.fromObject({
    observations: { obs_ids: store.obsIds },
    datasets: {
      type: "1d",
      geom: {
        axes: {
          energy: { min: "0.5 TeV", max: "30 TeV", nbins: 20 },
          energy_true: { min: "0.1 TeV", max: "50 TeV", nbins: 40 },
        },
      },
      on_region: { frame: "icrs", lon: request.raDeg, lat: request.decDeg, radius: request.onRadiusDeg ?? 0.11 },
      safe_mask: { methods: ["aeff-default", "aeff-max"], parameters: { aeff_percent: 10 } },
      background: { method: "reflected" },
    },
    fit: { fit_range: { min: "1 TeV", max: "20 TeV" } },
    flux_points: { energy: { min: "1 TeV", max: "20 TeV", nbins: 6 }, source: "source" },
  });
  const analysis = new Analysis(config, { dataStore: store });
  const observations = analysis.getObservations();
  // counts image (0.02 deg pixels, 3 x 3 deg) of all events around the target
  const geom = WcsGeom.create({
    lonDeg: request.raDeg,
    latDeg: request.decDeg,
    frame: "icrs",
    binszDeg: 0.02,
    widthDeg: 3,
  });
  const counts = WcsNDMap.fromGeom(geom);
  for (const obs of observations) counts.fillByCoord(obs.events.raDeg, obs.events.decDeg, [], undefined, "icrs");
  const [nx, ny] = geom.npix;
  const countsSvg = skyImageSvg({
    title: "Counts",
    values: Float64Array.from(counts.data as ArrayLike<number>),
    nx,
    ny,
    pixToWorld: (x, y) => {
      const w = geom.wcs.pixToWorld([x], [y]);
      return { lon: w.lon[0], lat: w.lat[0] };
    },
    lonLabel: "Right Ascension (deg)",
    latLabel: "Declination (deg)",
    colorbarLabel: "Counts",
  });
  await analysis.getDatasets();
  const model = createSpectralModel(PowerLaw, { index: 2.5, amplitude: 1e-11 });
  analysis.setModels(new Models([new SkyModel({ name: "source", spectralModel: model })]));
  const fit = await analysis.runFit();
  const fp = await analysis.getFluxPoints();
  const info = infoDict(analysis.datasets[0] as SpectrumDataset);
  const index = model.parameters.get("index");
  const amplitude = model.parameters.get("amplitude");
  const summary = [
    `${observations.length} observations: ${store.obsIds.join(", ")}`,
    `counts ${info.counts}, counts_off ${info.counts_off}, alpha ${info.alpha?.toFixed(4)}, excess ${info.excess.toFixed(1)}, sqrt_ts ${info.sqrt_ts.toFixed(2)}, livetime ${info.livetime.toFixed(0)} s`,
    `power law: index ${index.value.toFixed(3)} ± ${index.error.toFixed(3)}, amplitude (${(amplitude.value * 1e11).toFixed(2)} ± ${(amplitude.error * 1e11).toFixed(2)})e-11 cm-2 s-1 TeV-1 at 1 TeV (fit ${fit.success ? "converged" : "failed"})`,
  ].join("\n");
  const sedSvg = sedPlotSvg(spectrumPlotData(fp, model, fit.parameters, fit.covariance, "source: PowerLaw"));
  return {
    observations: store.obsIds,
    summary,
    countsSvg,
    sedSvg,
    index: { value: index.value, error: index.error },
    amplitude: { value: amplitude.value, error: amplitude.error },
  };
}
