/** A small synthetic map dataset for simulation tests (Gaussian PSF kernels, log-normal energy dispersion). */
import type { Frame } from "../../src/coords/frames.js";
import { transformArrays } from "../../src/coords/frames.js";
import { MapDataset, type PsfKernelCube } from "../../src/datasets/map-dataset.js";
import { MapAxis } from "../../src/maps/axis.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { FoVBackgroundModel, Models, SkyModel } from "../../src/modeling/models.js";
import { PointSpatialModel } from "../../src/modeling/spatial.js";
import { AnalyticSpectralModel, createSpectralModel, PowerLaw } from "../../src/modeling/spectral.js";
import { PowerLawNorm } from "../../src/modeling/spectral-models.js";

/** Centre of the synthetic dataset (ICRS, deg). */
export const RA = 83.63;
export const DEC = 22.01;
/** True source parameters of the synthetic dataset. */
export const TRUTH = { index: 2.5, amplitude: 4e-11, lon: RA + 0.1, lat: DEC - 0.05, norm: 1 };

/** Gaussian PSF kernels (sigma 0.1 deg at 1 TeV, falling as E^-0.25) on the geometry's pixels. */
export function gaussPsf(geom: WcsGeom): PsfKernelCube {
  const axis = geom.axes.axes[0];
  const binsz = Math.abs(geom.pixelScales[0]);
  const sigmas = [...axis.center].map((e) => 0.1 * e ** -0.25);
  const half = Math.ceil((4 * Math.max(...sigmas)) / binsz);
  const n = 2 * half + 1;
  const data = new Float64Array(axis.nbin * n * n);
  sigmas.forEach((s, t) => {
    let sum = 0;
    for (let y = 0; y < n; y++)
      for (let x = 0; x < n; x++) {
        const r2 = ((x - half) ** 2 + (y - half) ** 2) * binsz * binsz;
        const v = Math.exp(-r2 / (2 * s * s));
        data[(t * n + y) * n + x] = v;
        sum += v;
      }
    for (let k = t * n * n; k < (t + 1) * n * n; k++) data[k] /= sum;
  });
  return { data, shape: [axis.nbin, n, n] };
}

/** Log-normal dispersion (sigma 0.15 in ln E, no bias), integrated over reco bins numerically. */
export function edispMatrix(trueAxis: MapAxis, recoAxis: MapAxis): Float64Array {
  const out = new Float64Array(trueAxis.nbin * recoAxis.nbin);
  const s = 0.15;
  const edges = recoAxis.edges;
  for (let t = 0; t < trueAxis.nbin; t++) {
    const mu = Math.log(trueAxis.center[t]);
    for (let j = 0; j < recoAxis.nbin; j++) {
      const a = Math.log(edges[j]);
      const b = Math.log(edges[j + 1]);
      const steps = 200;
      let acc = 0;
      for (let k = 0; k < steps; k++) {
        const x = a + ((k + 0.5) * (b - a)) / steps;
        acc += Math.exp(-((x - mu) ** 2) / (2 * s * s));
      }
      out[t * recoAxis.nbin + j] = (acc * (b - a)) / steps / (s * Math.sqrt(2 * Math.PI));
    }
  }
  return out;
}

/** A point source with a power law at the truth (or `start`) and the dataset's FoV background model. */
export function makeModels(datasetName: string, start = TRUTH): Models {
  const source = new SkyModel({
    name: "src",
    spectralModel: createSpectralModel(PowerLaw, { index: start.index, amplitude: start.amplitude, reference: 1 }),
    spatialModel: new PointSpatialModel({ lon_0: start.lon, lat_0: start.lat }, "icrs"),
  });
  const bkg = new FoVBackgroundModel(datasetName, new AnalyticSpectralModel(PowerLawNorm));
  bkg.spectralModel.parameters.get("norm").value = start.norm;
  return new Models([source, bkg]);
}

/**
 * A synthetic map dataset: 2x2 deg, 0.05 deg pixels, 5 reco / 8 true energy bins, exposure falling with offset,
 * flat background, Gaussian PSF and log-normal dispersion; models from `makeModels`.
 */
export function makeDataset(name = "sim", frame: Frame = "icrs"): MapDataset {
  const energy = MapAxis.fromEnergyBounds(1, 10, 5, { name: "energy" });
  const energyTrue = MapAxis.fromEnergyBounds(0.5, 20, 8, { name: "energy_true" });
  const c = frame === "icrs" ? { lon: [RA], lat: [DEC] } : transformArrays([RA], [DEC], "icrs", frame);
  const geom = WcsGeom.create({
    lonDeg: c.lon[0],
    latDeg: c.lat[0],
    frame,
    binszDeg: 0.05,
    widthDeg: 2,
    axes: [energy],
  });
  const expGeom = geom.withAxes([energyTrue]);
  const offset = geom.separation(c.lon[0], c.lat[0]);
  const npix = geom.imageSize;
  const exposure = new Float64Array(expGeom.size);
  for (let t = 0; t < energyTrue.nbin; t++) {
    const et = Math.min(energyTrue.center[t], 5) ** 0.5;
    for (let i = 0; i < npix; i++) exposure[t * npix + i] = 3e8 * et * (1 - 0.3 * offset[i] ** 2); // m2 s
  }
  const background = new Float64Array(geom.size);
  for (let e = 0; e < energy.nbin; e++) background.fill(0.3 * 0.5 ** e, e * npix, (e + 1) * npix);
  const kernel = gaussPsf(expGeom);
  const matrix = edispMatrix(energyTrue, energy);
  const d = new MapDataset({
    name,
    counts: new WcsNDMap(geom, new Float64Array(geom.size)),
    exposure: new WcsNDMap(expGeom, exposure, "m2 s"),
    background: new WcsNDMap(geom, background),
    psf: { psfKernelAt: () => kernel },
    edisp: { edispKernelAt: () => ({ energyAxisTrue: energyTrue, energyAxis: energy, data: matrix }) },
    livetimeS: 1800,
    ontimeS: 1900,
  });
  d.models = makeModels(name);
  return d;
}
