/**
 * Event sampling from a map dataset (Gammapy's `MapDatasetEventSampler`): for each source model, events drawn with
 * the predicted counts the dataset computes for it; background events from the dataset's `npredBackground()` cube.
 *
 * Sources follow the `MapDataset` evaluator step by step: on the same exposure cutout around the source (PSF-kernel
 * width + 2 (evaluation radius + 0.1 deg), odd), a true-energy bin is drawn with weight the spectral integral over the
 * bin, a true pixel from the spatial model integrated over pixels, a PSF offset (whole pixels) from the PSF kernel of
 * that true-energy bin at the source position, and the event is kept with probability exposure(reco pixel) / maximum
 * exposure of the bin (Poisson thinning: the evaluator multiplies the PSF-convolved image by the exposure) and dropped
 * when the PSF moves it off the cutout (as the cutout convolution does). The reco-energy bin is drawn from the
 * dispersion-matrix row of the true-energy bin (dropped with the probability of leaving the reco axis). The number
 * of proposals is Poisson, so the number of events of a source is Poisson with mean its total npred, and events
 * binned on the dataset geometry reproduce `npredSignal(model)` bin by bin in expectation. Gammapy instead applies the
 * exposure at the true position and samples the PSF radially from its PSFMap; the expected counts differ from its own
 * npred by the exposure gradient across the PSF, which this construction avoids.
 *
 * Within the drawn bins, positions are uniform in pixel coordinates and energies log-uniform, as Gammapy's
 * `InverseCDFSampler` jitter (`Map.sample_coord`). Times are uniform in the good-time interval, or for a source with a
 * temporal model drawn from it (Gammapy's `sample_time`: the norm on 1 s cells of the interval, uniform within a cell),
 * and that source's number of events is scaled by the model's mean norm over the interval (its npred when the
 * dataset's GTI is the sampler's). Background events have true values equal to the reco ones (as Gammapy), MC_ID 0;
 * the source models
 * that apply to the dataset get MC_ID 1, 2, ... in model order. Model k uses stream k of the seed (background stream
 * 0), so each component's events depend only on the seed and that component. Events are kept in fixed-size chunks
 * while sampling, so memory is the output columns plus one chunk.
 */
import { offsetByDeg, transformArrays } from "../coords/frames.js";
import { metToMjd, recordKeywords, timeRefFromHeader } from "../coords/time.js";
import { GTI } from "../data/gti.js";
import { CUTOUT_MARGIN_DEG, type MapDataset, PSF_CONTAINMENT } from "../datasets/map-dataset.js";
import { temporalNorm } from "../datasets/temporal-norm.js";
import type { CardInput, HduSpec, TableHduSpec } from "../fits/writer.js";
import type { EDispKernelMap } from "../irf/edisp-map.js";
import type { PSFMap } from "../irf/psf-map.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import { FoVBackgroundModel, type SkyModel } from "../modeling/models.js";
import { ArgumentError } from "../util/errors.js";
import { Rng } from "../util/random.js";
import { cumulative, drawCell } from "./cdf.js";
import type { SimulatedEvents } from "./events.js";
import { gadfCards, irfHdus } from "./irf-hdus.js";
import type { SimulationIrfs } from "./irfs.js";
import { eventsHdu, gtiHdu, SIM_MJDREFF, SIM_MJDREFI } from "./store.js";

/** Options of {@link MapDatasetEventSampler}. */
export interface MapEventSamplerOptions {
  /** Good-time interval [start, stop] (mission elapsed time, s); default [0, ontime] (or [0, livetime]). */
  readonly gtiS?: readonly [number, number];
  /** Events per work chunk (default 65536). */
  readonly chunkSize?: number;
}

/** Sampled events of a map dataset: columns over N events (background first, then the sources by MC_ID). */
export interface MapSampledEvents {
  /** 1..N. */
  readonly eventId: Int32Array;
  /** Mission elapsed time (s), uniform in the GTI (not sorted). */
  readonly timeS: Float64Array;
  /** Reconstructed ICRS direction (deg) and energy (TeV). */
  readonly raDeg: Float64Array;
  readonly decDeg: Float64Array;
  readonly energyTeV: Float64Array;
  /** True ICRS direction (deg) and energy (TeV); equal to the reconstructed ones for background events. */
  readonly raTrueDeg: Float64Array;
  readonly decTrueDeg: Float64Array;
  readonly energyTrueTeV: Float64Array;
  /** Model index: 0 background, k >= 1 the k-th source model applying to the dataset. */
  readonly mcId: Int32Array;
  /** Model name per MC_ID (index 0: the background model's name, or `<dataset>-bkg`). */
  readonly modelNames: readonly string[];
  /** Expected numbers of events per MC_ID (the totals of `npredBackground()` and `npredSignal(name)`). */
  readonly expected: Float64Array;
  /** Sampled numbers of events per MC_ID. */
  readonly counts: Int32Array;
  /** The GTI [start, stop] (s) the times were drawn in. */
  readonly gtiS: readonly [number, number];
}

/** Growable event columns, filled in chunks. */
class EventColumns {
  private readonly chunk: number;
  private readonly done: Float64Array[][] = [];
  private cur: Float64Array[];
  private fill = 0;
  private total = 0;
  /** Column order: x (pixel), y (pixel), xTrue, yTrue, energy, energyTrue, time, mcId. */
  static readonly N_COLUMNS = 8;

  constructor(chunk: number) {
    this.chunk = chunk;
    this.cur = this.fresh();
  }

  private fresh(): Float64Array[] {
    return Array.from({ length: EventColumns.N_COLUMNS }, () => new Float64Array(this.chunk));
  }

  /** Column buffers of the current chunk and the index to write, after making room. */
  slot(): number {
    if (this.fill === this.chunk) {
      this.done.push(this.cur);
      this.cur = this.fresh();
      this.fill = 0;
    }
    this.total++;
    return this.fill++;
  }

  get columns(): Float64Array[] {
    return this.cur;
  }

  get length(): number {
    return this.total;
  }

  /** Concatenated column k. */
  column(k: number): Float64Array {
    const out = new Float64Array(this.total);
    let o = 0;
    for (const c of this.done) {
      out.set(c[k], o);
      o += this.chunk;
    }
    out.set(this.cur[k].subarray(0, this.fill), o);
    return out;
  }
}

/** Log-uniform value in [lo, hi). */
function logUniform(lo: number, hi: number, u: number): number {
  return lo * (hi / lo) ** u;
}

/** ICRS position (deg) of a model's spatial centre. */
function modelPosition(model: SkyModel): [number, number] {
  const spatial = model.spatialModel!;
  const lon = spatial.parameters.get("lon_0").value;
  const lat = spatial.parameters.get("lat_0").value;
  if (spatial.frame === "icrs") return [lon, lat];
  const t = transformArrays([lon], [lat], spatial.frame, "icrs");
  return [t.lon[0], t.lat[0]];
}

/** Pixel coordinates of `geom` to ICRS (deg), in place into (x -> ra, y -> dec). */
function pixToIcrs(geom: WcsGeom, x: Float64Array, y: Float64Array): void {
  const w = geom.wcs.pixToWorld(x, y);
  const t = geom.frame === "icrs" ? w : transformArrays(w.lon, w.lat, geom.frame, "icrs");
  x.set(t.lon);
  y.set(t.lat);
}

/** Exposure unit factor to cm2 s (as `MapDataset`). */
function exposureFactor(unit: string): number {
  const u = unit.replace(/\s+/g, " ").trim();
  if (u === "m2 s") return 1e4;
  if (u === "cm2 s" || u === "") return 1;
  throw new ArgumentError(`exposure unit '${unit}'`, "exposure", "m2 s or cm2 s");
}

/**
 * Samples event lists from a `MapDataset` and its models (see the module docstring). Deterministic for a seed.
 * `run` gives background and source events; `sampleBackground` and `sampleSources` the parts.
 */
export class MapDatasetEventSampler {
  readonly seed: number;
  readonly options: MapEventSamplerOptions;

  /** A sampler with an integer seed (see `Rng`). */
  constructor(seed: number, options: MapEventSamplerOptions = {}) {
    if (!Number.isSafeInteger(seed)) throw new ArgumentError(`seed ${seed}`, "seed", "a safe integer");
    const chunk = options.chunkSize ?? 65536;
    if (!Number.isInteger(chunk) || chunk < 1) throw new ArgumentError(`chunkSize ${chunk}`, "chunkSize", ">= 1");
    this.seed = seed;
    this.options = options;
  }

  /** The GTI used for a dataset: the option, else [0, ontime], else [0, livetime]. */
  gtiFor(dataset: MapDataset): [number, number] {
    if (this.options.gtiS) {
      const [a, b] = this.options.gtiS;
      if (!(b > a)) throw new ArgumentError(`GTI [${a}, ${b}]`, "gtiS", "stop > start");
      return [a, b];
    }
    const t = Number.isFinite(dataset.ontimeS) && dataset.ontimeS > 0 ? dataset.ontimeS : dataset.livetimeS;
    if (!(t > 0)) throw new ArgumentError("dataset without ontime or livetime: give gtiS", "gtiS");
    return [0, t];
  }

  /** The source models of a dataset in MC_ID order (index 0 = MC_ID 1). */
  sourceModels(dataset: MapDataset): SkyModel[] {
    if (!dataset.models) return [];
    return [...dataset.models].filter((m) => !(m instanceof FoVBackgroundModel) && m.appliesTo(dataset.name));
  }

  /**
   * Background and source events of a dataset (Gammapy's `run`), background first. The exposure must be on the
   * counts' spatial geometry (as in Gammapy's map datasets).
   */
  run(dataset: MapDataset): MapSampledEvents {
    if (!dataset.exposure.geom.toImage().equals(dataset.geom.toImage()))
      throw new ArgumentError("exposure and counts on different images", "exposure", "the counts' spatial geometry");
    const chunk = this.options.chunkSize ?? 65536;
    const cols = new EventColumns(chunk);
    const gti = this.gtiFor(dataset);
    const models = this.sourceModels(dataset);
    const expected = new Float64Array(models.length + 1);
    const counts = new Int32Array(models.length + 1);
    [expected[0], counts[0]] = this.fillBackground(dataset, cols, gti);
    models.forEach((m, k) => {
      [expected[k + 1], counts[k + 1]] = this.fillSource(dataset, m, k + 1, cols, gti);
    });
    const bkgModel = dataset.models
      ? [...dataset.models].find((m) => m instanceof FoVBackgroundModel && m.appliesTo(dataset.name))
      : undefined;
    const modelNames = [bkgModel?.name ?? `${dataset.name}-bkg`, ...models.map((m) => m.name)];
    return this.finish(dataset.geom, cols, modelNames, expected, counts, gti);
  }

  /** Background events only (MC_ID 0). */
  sampleBackground(dataset: MapDataset): MapSampledEvents {
    const all = this.run(dataset);
    return selectMcIds(all, (id) => id === 0);
  }

  /** Source events only (MC_ID >= 1). */
  sampleSources(dataset: MapDataset): MapSampledEvents {
    const all = this.run(dataset);
    return selectMcIds(all, (id) => id > 0);
  }

  private finish(
    geom: WcsGeom,
    cols: EventColumns,
    modelNames: string[],
    expected: Float64Array,
    counts: Int32Array,
    gti: [number, number],
  ): MapSampledEvents {
    const n = cols.length;
    const raDeg = cols.column(0);
    const decDeg = cols.column(1);
    const raTrueDeg = cols.column(2);
    const decTrueDeg = cols.column(3);
    pixToIcrs(geom, raDeg, decDeg);
    pixToIcrs(geom, raTrueDeg, decTrueDeg);
    const eventId = new Int32Array(n);
    for (let i = 0; i < n; i++) eventId[i] = i + 1;
    return {
      eventId,
      timeS: cols.column(6),
      raDeg,
      decDeg,
      energyTeV: cols.column(4),
      raTrueDeg,
      decTrueDeg,
      energyTrueTeV: cols.column(5),
      mcId: Int32Array.from(cols.column(7)),
      modelNames,
      expected,
      counts,
      gtiS: gti,
    };
  }

  /** Background events from `npredBackground()`: Poisson total, cells by weight, uniform within cells. */
  private fillBackground(dataset: MapDataset, cols: EventColumns, gti: [number, number]): [number, number] {
    const rng = new Rng(this.seed, 0);
    const bkg = dataset.npredBackground();
    const { cdf, total } = cumulative(bkg);
    const n = total > 0 ? rng.poisson(total) : 0;
    const [nx, ny] = dataset.geom.npix;
    const npix = nx * ny;
    const edges = dataset.energyAxis.edges;
    const span = gti[1] - gti[0];
    for (let i = 0; i < n; i++) {
      const cell = drawCell(cdf, rng.uniformOpen());
      const e = Math.floor(cell / npix);
      const p = cell - e * npix;
      const y = Math.floor(p / nx);
      const x = p - y * nx;
      const s = cols.slot();
      const c = cols.columns;
      c[0][s] = c[2][s] = x - 0.5 + rng.uniformOpen();
      c[1][s] = c[3][s] = y - 0.5 + rng.uniformOpen();
      c[4][s] = c[5][s] = logUniform(edges[e], edges[e + 1], rng.uniformOpen());
      c[6][s] = gti[0] + span * rng.uniform();
      c[7][s] = 0;
    }
    return [total, n];
  }

  /** Events of one source model (see the module docstring); returns [expected, sampled]. */
  private fillSource(
    dataset: MapDataset,
    model: SkyModel,
    mcId: number,
    cols: EventColumns,
    gti: [number, number],
  ): [number, number] {
    const rng = new Rng(this.seed, mcId);
    const spatial = model.spatialModel;
    if (!spatial) throw new ArgumentError(`model '${model.name}' has no spatial model`, model.name, "a spatial model");
    const [ra, dec] = modelPosition(model);
    const expGeom = dataset.exposure.geom;
    const psf = dataset.psf?.psfKernelAt(ra, dec, expGeom, PSF_CONTAINMENT);
    const kernelWidth = psf
      ? Math.max(psf.shape[1] * Math.abs(expGeom.pixelScales[1]), psf.shape[2] * Math.abs(expGeom.pixelScales[0]))
      : 0;
    const radius = spatial.evaluationRadiusDeg ?? 0;
    const width = kernelWidth + 2 * (radius + CUTOUT_MARGIN_DEG);
    const pos =
      expGeom.frame === "icrs" ? { lon: [ra], lat: [dec] } : transformArrays([ra], [dec], "icrs", expGeom.frame);
    let cutout: WcsGeom;
    try {
      cutout = expGeom.cutout(pos.lon[0], pos.lat[0], width, true);
    } catch (e) {
      if (e instanceof ArgumentError) return [0, 0]; // off the map: no events, as no npred
      throw e;
    }
    const x0 = Math.round(expGeom.wcs.params.crpix[0] - cutout.wcs.params.crpix[0]);
    const y0 = Math.round(expGeom.wcs.params.crpix[1] - cutout.wcs.params.crpix[1]);
    const [nxc, nyc] = cutout.npix;
    const npc = nxc * nyc;
    const [nx, ny] = expGeom.npix;
    const tAxis = expGeom.axes.axes[0];
    const nT = tAxis.nbin;
    const eAxis = dataset.energyAxis;
    const nE = eAxis.nbin;
    const edisp = dataset.edisp?.edispKernelAt(ra, dec);
    if (!edisp && nT !== nE) throw new ArgumentError("no energy dispersion and different true/reco axes", "edisp");
    const factor = exposureFactor(dataset.exposure.unit);
    // exposure on the cutout (cm2 s) and its maximum per true-energy bin
    const exposure = new Float64Array(nT * npc);
    const expMax = new Float64Array(nT);
    for (let t = 0; t < nT; t++)
      for (let y = 0; y < nyc; y++)
        for (let x = 0; x < nxc; x++) {
          const v = Number(dataset.exposure.data[(t * ny + y + y0) * nx + x + x0]) * factor;
          const k = (t * nyc + y) * nxc + x;
          exposure[k] = v;
          if (v > expMax[t]) expMax[t] = v;
        }
    const image = cumulative(spatial.integrateGeom(cutout.toImage()));
    const flux = model.spectralModel.integral(tAxis.edgesMin, tAxis.edgesMax);
    const [, ky, kx] = psf ? psf.shape : [0, 1, 1];
    const kn = ky * kx;
    const kernels: Float64Array[] = [];
    const weights = new Float64Array(nT);
    for (let t = 0; t < nT; t++) {
      const k = psf ? cumulative(psf.data.subarray(t * kn, (t + 1) * kn)) : { cdf: Float64Array.of(0, 1), total: 1 };
      kernels.push(k.cdf);
      weights[t] = flux[t] > 0 ? flux[t] * expMax[t] * k.total * image.total : 0;
    }
    const energyCdf = cumulative(weights);
    const rowCdfs = new Float64Array(nT * (nE + 1));
    if (edisp)
      for (let t = 0; t < nT; t++) {
        let acc = 0;
        for (let j = 0; j < nE; j++) {
          const v = edisp.data[t * nE + j];
          if (v > 0) acc += v;
          rowCdfs[t * (nE + 1) + j + 1] = acc;
        }
      }
    const tEdges = tAxis.edges;
    const eEdges = eAxis.edges;
    const span = gti[1] - gti[0];
    const cy = ky >> 1;
    const cx = kx >> 1;
    const times = model.temporalModel ? temporalTimes(model, gti, dataset.name) : undefined;
    const mean = energyCdf.total * (times?.norm ?? 1);
    const nProposals = mean > 0 ? rng.poisson(mean) : 0;
    let n = 0;
    for (let i = 0; i < nProposals; i++) {
      const t = drawCell(energyCdf.cdf, rng.uniformOpen());
      const p = drawCell(image.cdf, rng.uniformOpen());
      const k = drawCell(kernels[t], rng.uniformOpen());
      const py = Math.floor(p / nxc);
      const px = p - py * nxc;
      const kyy = Math.floor(k / kx);
      const qy = py + kyy - cy;
      const qx = px + (k - kyy * kx) - cx;
      // convolution "same" on the cutout: flux moved off the cutout is lost
      if (qx < 0 || qx >= nxc || qy < 0 || qy >= nyc) continue;
      if (rng.uniform() * expMax[t] >= exposure[(t * nyc + qy) * nxc + qx]) continue;
      let e = t;
      if (edisp) {
        // row CDF not normalised: its end is the probability of landing on the reco axis
        const u = rng.uniform();
        const row = rowCdfs.subarray(t * (nE + 1), (t + 1) * (nE + 1));
        if (u >= row[nE]) continue; // reconstructed outside the energy axis
        e = drawCell(row, u);
      }
      const s = cols.slot();
      const c = cols.columns;
      c[0][s] = qx + x0 - 0.5 + rng.uniformOpen();
      c[1][s] = qy + y0 - 0.5 + rng.uniformOpen();
      c[2][s] = px + x0 - 0.5 + rng.uniformOpen();
      c[3][s] = py + y0 - 0.5 + rng.uniformOpen();
      c[5][s] = logUniform(tEdges[t], tEdges[t + 1], rng.uniformOpen());
      c[4][s] = edisp ? logUniform(eEdges[e], eEdges[e + 1], rng.uniformOpen()) : c[5][s];
      c[6][s] = times ? times.draw(rng) : gti[0] + span * rng.uniform();
      c[7][s] = mcId;
      n++;
    }
    let expected = 0;
    for (const v of dataset.npredSignal(model.name)) expected += v;
    return [expected, n];
  }
}

/** Length of the cells on which event times are drawn from a temporal model (s), as Gammapy's `t_delta`. */
const TIME_CELL_S = 1;

/**
 * A source's temporal model over a sampler GTI [start, stop] (MET s of the simulation's time reference, TT): its mean
 * norm there, and a draw of event times (MET s) from the norm on 1 s cells (at most 10^6 cells).
 */
function temporalTimes(model: SkyModel, gti: [number, number], datasetName: string) {
  const meta = { MJDREFI: SIM_MJDREFI, MJDREFF: SIM_MJDREFF, TIMESYS: "TT", TIMEUNIT: "s" };
  const interval = new GTI(Float64Array.of(gti[0]), Float64Array.of(gti[1]), meta);
  const norm = temporalNorm(model, interval, datasetName);
  const span = gti[1] - gti[0];
  const nCells = Math.max(1, Math.min(1_000_000, Math.ceil(span / TIME_CELL_S)));
  const cell = span / nCells;
  const centres = Float64Array.from({ length: nCells }, (_, i) => gti[0] + (i + 0.5) * cell);
  const ref = timeRefFromHeader(recordKeywords(meta));
  const values = model.temporalModel!.evaluate(metToMjd(ref, centres, "utc"));
  const { cdf } = cumulative(values);
  return {
    norm,
    draw: (rng: Rng) => gti[0] + (drawCell(cdf, rng.uniformOpen()) + rng.uniform()) * cell,
  };
}

/** The events whose MC_ID passes `keep` (ids renumbered 1..n). */
function selectMcIds(all: MapSampledEvents, keep: (id: number) => boolean): MapSampledEvents {
  const idx: number[] = [];
  for (let i = 0; i < all.mcId.length; i++) if (keep(all.mcId[i])) idx.push(i);
  const pick = (a: Float64Array) => Float64Array.from(idx, (i) => a[i]);
  return {
    ...all,
    eventId: Int32Array.from(idx, (_, j) => j + 1),
    timeS: pick(all.timeS),
    raDeg: pick(all.raDeg),
    decDeg: pick(all.decDeg),
    energyTeV: pick(all.energyTeV),
    raTrueDeg: pick(all.raTrueDeg),
    decTrueDeg: pick(all.decTrueDeg),
    energyTrueTeV: pick(all.energyTrueTeV),
    mcId: Int32Array.from(idx, (i) => all.mcId[i]),
  };
}

/**
 * Sampled events binned on a geometry with one reco-energy axis (counts per bin, flat like a map on `geom`), e.g. to
 * fill a dataset's counts from events; events outside are ignored. As Gammapy's `fill_events`.
 */
export function binMapEvents(events: MapSampledEvents, geom: WcsGeom): Float64Array {
  const out = new Float64Array(geom.size);
  const idx = geom.coordToIndex(events.raDeg, events.decDeg, [events.energyTeV], "icrs");
  for (let i = 0; i < idx.length; i++) if (idx[i] >= 0) out[idx[i]]++;
  return out;
}

/** What to write with sampled events (see {@link mapEventsHdus}). */
export interface MapEventsFileOptions {
  /** OBS_ID of the EVENTS and IRF HDUs. */
  readonly obsId: number;
  /** ICRS pointing (deg). */
  readonly pointingRaDeg: number;
  readonly pointingDecDeg: number;
  /** Live time (s) and dead-time factor (default 1). */
  readonly livetimeS: number;
  readonly deadc?: number;
  /** The observation's IRFs, written as AEFF/EDISP/PSF/BKG HDUs after EVENTS and GTI when given. */
  readonly irfs?: SimulationIrfs;
  /** Extra EVENTS header cards. */
  readonly cards?: readonly CardInput[];
}

/**
 * GADF HDUs of sampled events: EVENTS (EVENT_ID, TIME, RA, DEC, ENERGY via the store's `eventsHdu`, plus MC_ID, with
 * Gammapy's MIDxxxxx/MMNxxxxx model cards and NMCIDS), GTI, and the IRF HDUs of `options.irfs`. Times are in the
 * simulated time reference (`SIM_MJDREFI`, `SIM_MJDREFF`, TT).
 */
export function mapEventsHdus(events: MapSampledEvents, options: MapEventsFileOptions): HduSpec[] {
  const [tstart, tstop] = events.gtiS;
  const deadc = options.deadc ?? 1;
  const n = events.eventId.length;
  const isSource = Uint8Array.from(events.mcId, (id) => (id > 0 ? 1 : 0));
  const nSource = isSource.reduce((s, v) => s + v, 0);
  let expectedSource = 0;
  for (let k = 1; k < events.expected.length; k++) expectedSource += events.expected[k];
  const asSimulated: SimulatedEvents = {
    eventId: events.eventId,
    timeS: events.timeS,
    raDeg: events.raDeg,
    decDeg: events.decDeg,
    energyTeV: events.energyTeV,
    isSource,
    energyTrueTeV: events.energyTrueTeV,
    expectedSource,
    expectedBackground: events.expected[0],
    nSource,
    nBackground: n - nSource,
  };
  const cards: CardInput[] = [
    ...gadfCards("EVENTS"),
    { key: "OBS_ID", value: options.obsId },
    { key: "RA_PNT", value: options.pointingRaDeg, comment: "[deg] pointing RA" },
    { key: "DEC_PNT", value: options.pointingDecDeg, comment: "[deg] pointing Dec" },
    { key: "RADESYS", value: "ICRS" },
    { key: "EQUINOX", value: 2000 },
    { key: "TSTART", value: tstart, comment: "[s]" },
    { key: "TSTOP", value: tstop, comment: "[s]" },
    { key: "ONTIME", value: tstop - tstart, comment: "[s]" },
    { key: "LIVETIME", value: options.livetimeS, comment: "[s]" },
    { key: "DEADC", value: deadc },
    { key: "MJDREFI", value: SIM_MJDREFI },
    { key: "MJDREFF", value: SIM_MJDREFF },
    { key: "TIMESYS", value: "TT" },
    { key: "TIMEUNIT", value: "s" },
    { key: "TIMEREF", value: "LOCAL" },
    { key: "EUNIT", value: "TeV" },
    { key: "CREATOR", value: "gammats MapDatasetEventSampler" },
    { key: "NMCIDS", value: events.modelNames.length },
    ...events.modelNames.flatMap((name, id): CardInput[] => [
      { key: `MID${String(id).padStart(5, "0")}`, value: id },
      { key: `MMN${String(id).padStart(5, "0")}`, value: name },
    ]),
    ...(options.cards ?? []),
  ];
  const base = eventsHdu(asSimulated, cards);
  const hdu: TableHduSpec = { ...base, columns: [...base.columns, { name: "MC_ID", data: events.mcId }] };
  const out: HduSpec[] = [hdu, gtiHdu(tstart, tstop)];
  if (options.irfs) out.push(...irfHdus(options.irfs, [{ key: "OBS_ID", value: options.obsId }]));
  return out;
}

/** Events per block of PSF-map interpolations in {@link samplePsfMapCoord}. */
const PSF_SAMPLE_BLOCK = 2048;

/**
 * Reconstructed positions of events by the PSF of a PSF map (Gammapy's `PSFMap.sample_coord`): for each event, the
 * radial density PSF(rad) x rad x d(rad) at the rad-axis bin centres, interpolated (linear in pixel coordinates, as
 * `interp_by_coord`) at the event's true position (ICRS, deg) and true energy (TeV); an offset drawn by inverse CDF
 * (linear within the rad bin, Gammapy's `InverseCDFSampler.sample_axis`); a position angle uniform in [0, 360) deg
 * (Gammapy's numpy call draws in [1, 360)); the position moved by that offset. Positions and energies beyond the
 * map's pixel centres and energy nodes take the nearest edge values (Gammapy extrapolates linearly); events with no
 * PSF there (zero density) keep their true position. Returns ICRS positions (deg), one per event.
 */
export function samplePsfMapCoord(
  psfMap: PSFMap,
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  energyTrueTeV: ArrayLike<number>,
  rng: Rng,
): { raDeg: Float64Array; decDeg: Float64Array } {
  const n = raDeg.length;
  if (decDeg.length !== n || energyTrueTeV.length !== n)
    throw new ArgumentError("position and energy arrays of different lengths", "energyTrueTeV");
  const map = psfMap.psfMap;
  const geom = map.geom;
  const [nx, ny] = geom.npix;
  const eNodes = geom.axes.get("energy_true").center;
  const eMin = eNodes[0];
  const eMax = eNodes[eNodes.length - 1];
  const radAxis = geom.axes.get("rad");
  const nr = radAxis.nbin;
  const rc = radAxis.center;
  const rw = radAxis.binWidth;
  const outRa = new Float64Array(n);
  const outDec = new Float64Array(n);
  const cdf = new Float64Array(nr + 1);
  for (let start = 0; start < n; start += PSF_SAMPLE_BLOCK) {
    const m = Math.min(PSF_SAMPLE_BLOCK, n - start);
    const lon = new Float64Array(m * nr);
    const lat = new Float64Array(m * nr);
    const rad = new Float64Array(m * nr);
    const energy = new Float64Array(m * nr);
    // positions and energies clamped to the grid of pixel centres / energy nodes (nearest-edge values outside)
    const { x, y } = geom.skyToPix(
      Float64Array.from({ length: m }, (_, i) => raDeg[start + i]),
      Float64Array.from({ length: m }, (_, i) => decDeg[start + i]),
      "icrs",
    );
    for (let i = 0; i < m; i++) {
      x[i] = Math.min(Math.max(x[i], 0), nx - 1);
      y[i] = Math.min(Math.max(y[i], 0), ny - 1);
    }
    const world = geom.wcs.pixToWorld(x, y);
    for (let i = 0; i < m; i++) {
      lon.fill(world.lon[i], i * nr, (i + 1) * nr);
      lat.fill(world.lat[i], i * nr, (i + 1) * nr);
      energy.fill(Math.min(Math.max(energyTrueTeV[start + i], eMin), eMax), i * nr, (i + 1) * nr);
      rad.set(rc, i * nr);
    }
    const pdf = map.interpByCoord(lon, lat, [rad, energy], geom.frame, 0);
    for (let i = 0; i < m; i++) {
      let acc = 0;
      for (let r = 0; r < nr; r++) {
        const v = pdf[i * nr + r] * rc[r] * rw[r];
        if (v > 0) acc += v;
        cdf[r + 1] = acc;
      }
      const u = rng.uniform();
      const pa = 360 * rng.uniform();
      const k = start + i;
      if (!(acc > 0)) {
        outRa[k] = raDeg[k];
        outDec[k] = decDeg[k];
        continue;
      }
      // np.interp(u, cdf / cdf[-1], pixel edges): the pixel coordinate linear within the bin
      const target = u * acc;
      const r = drawCell(cdf, target);
      const pix = r - 0.5 + (target - cdf[r]) / (cdf[r + 1] - cdf[r]);
      const sep = radAxis.pixToCoord([pix])[0];
      [outRa[k], outDec[k]] = offsetByDeg(raDeg[k], decDeg[k], pa, sep);
    }
  }
  return { raDeg: outRa, decDeg: outDec };
}

/**
 * Reconstructed energies of events by an energy-dispersion kernel map (the kernel-map counterpart of Gammapy's
 * `EDispMap.sample_coord`): for each event, the kernel at its true position (ICRS, deg; nearest pixel as
 * `getEdispKernel`), the row of the true-energy bin holding its true energy (TeV), a reco bin drawn with the row's
 * probabilities and an energy log-uniform in that bin. NaN where the true energy is off the kernel's true axis or
 * the event is reconstructed off the reco axis (probability 1 - row sum).
 */
export function sampleEdispKernelMapCoord(
  edispMap: EDispKernelMap,
  raDeg: ArrayLike<number>,
  decDeg: ArrayLike<number>,
  energyTrueTeV: ArrayLike<number>,
  rng: Rng,
): Float64Array {
  const n = raDeg.length;
  if (decDeg.length !== n || energyTrueTeV.length !== n)
    throw new ArgumentError("position and energy arrays of different lengths", "energyTrueTeV");
  const out = new Float64Array(n);
  const axes = edispMap.edispMap.geom.axes;
  const tIdx = axes.get("energy_true").coordToIdx(energyTrueTeV);
  const eEdges = axes.get("energy").edges;
  const nE = eEdges.length - 1;
  const row = new Float64Array(nE + 1);
  for (let i = 0; i < n; i++) {
    const t = tIdx[i];
    const u = rng.uniform();
    const v = rng.uniformOpen();
    if (t < 0) {
      out[i] = Number.NaN;
      continue;
    }
    const k = edispMap.getEdispKernel(raDeg[i], decDeg[i]);
    let acc = 0;
    for (let j = 0; j < nE; j++) {
      const p = k.data[t * nE + j];
      if (p > 0) acc += p;
      row[j + 1] = acc;
    }
    if (u >= acc) {
      out[i] = Number.NaN;
      continue;
    }
    const e = drawCell(row, u);
    out[i] = logUniform(eEdges[e], eEdges[e + 1], v);
  }
  return out;
}
