/**
 * Sampling the event list of one observation from the simulation IRFs: a point source with any spectral model (true
 * energies from flux × effective area, reconstructed energies from the migration density, directions from the PSF)
 * plus the residual background of the BKG_2D model, with Poisson-fluctuated numbers of events, times uniform in the
 * good-time interval (sorted) and source and background events mixed at random. Events are generated in chunks into
 * the final column arrays, so a million events need only the output columns plus small work buffers.
 */
import { offsetByDeg, separationDeg } from "../coords/frames.js";
import { MapAxis } from "../maps/axis.js";
import type { SpectralModel } from "../modeling/spectral.js";
import { ArgumentError } from "../util/errors.js";
import { Rng } from "../util/random.js";
import { cumulative, drawCell } from "./cdf.js";
import type { SimulationIrfs } from "./irfs.js";

const RAD_PER_DEG = Math.PI / 180;
const MEV_PER_TEV = 1e6;
const CM2_PER_M2 = 1e4;

/** A point source to simulate. */
export interface SimulatedSource {
  /** ICRS position (deg). */
  readonly raDeg: number;
  readonly decDeg: number;
  /** Differential flux dN/dE (cm-2 s-1 TeV-1) versus true energy (TeV). */
  readonly model: SpectralModel;
}

/** What to simulate for one observation. */
export interface ObservationSimulation {
  /** ICRS pointing (deg). */
  readonly pointingRaDeg: number;
  readonly pointingDecDeg: number;
  /** Live time (s): sets the expected numbers of events. */
  readonly livetimeS: number;
  /** Good-time interval [start, stop] in mission elapsed time (s): event times are uniform inside it. */
  readonly gtiS: readonly [number, number];
  /** The IRFs (tabulated); events follow these tables exactly as an analysis interpolates them. */
  readonly irfs: SimulationIrfs;
  /** Point source; omit for a background-only observation. */
  readonly source?: SimulatedSource;
  /** True-energy range of the source (TeV); default the effective area's true-energy axis. */
  readonly energyTrueRangeTeV?: readonly [number, number];
  /** Largest background offset (deg); default the end of the background offset axis. */
  readonly maxOffsetDeg?: number;
}

/** The sampled event list: columns over N events, in time order. */
export interface SimulatedEvents {
  /** 1..N. */
  readonly eventId: Int32Array;
  /** Mission elapsed time (s), sorted. */
  readonly timeS: Float64Array;
  /** Reconstructed ICRS direction (deg). */
  readonly raDeg: Float64Array;
  readonly decDeg: Float64Array;
  /** Reconstructed energy (TeV). */
  readonly energyTeV: Float64Array;
  /** 1 for source events, 0 for background (not written to files; for tests and diagnostics). */
  readonly isSource: Uint8Array;
  /** True energy (TeV) of source events, NaN for background (not written to files). */
  readonly energyTrueTeV: Float64Array;
  /** Expected and sampled numbers of source and background events. */
  readonly expectedSource: number;
  readonly expectedBackground: number;
  readonly nSource: number;
  readonly nBackground: number;
}

/** Options of `simulateEvents`. */
export interface SimulateEventsOptions {
  /** Events per work chunk (default 65536). */
  readonly chunkSize?: number;
}

/** Log-spaced edges between two energies with about `perDecade` cells per decade. */
function logEdges(minTeV: number, maxTeV: number, perDecade: number): Float64Array {
  return MapAxis.fromEnergyBounds(minTeV, maxTeV, perDecade, { perDecade: true }).edges;
}

/** Source true-energy distribution: per fine log cell, integral flux × effective area at the source offset. */
function sourceEnergyCdf(sim: ObservationSimulation, source: SimulatedSource, offsetDeg: number) {
  const axis = sim.irfs.aeff.energyAxisTrue;
  const [eMin, eMax] = sim.energyTrueRangeTeV ?? axis.bounds;
  const edges = logEdges(eMin, eMax, 200);
  const n = edges.length - 1;
  const lo = edges.subarray(0, n);
  const hi = edges.subarray(1);
  const flux = source.model.integral(lo, hi);
  const center = new Float64Array(n);
  for (let i = 0; i < n; i++) center[i] = Math.sqrt(lo[i] * hi[i]);
  const aeff = sim.irfs.aeff.evaluate({ energy_true: center, offset: offsetDeg });
  const aeffCm2 = aeff.map((a) => a * CM2_PER_M2);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = flux[i] * aeffCm2[i];
  return { edges, ...cumulative(w) };
}

/**
 * Migration distributions at the source offset: for each true-energy node of the EDISP table, the CDF over a fine
 * migra grid (the table's migra bins split in 4, density evaluated at the fine centers).
 */
function migraCdfs(sim: ObservationSimulation, offsetDeg: number) {
  const edisp = sim.irfs.edisp;
  const eNodes = edisp.axes.get("energy_true").center;
  const fine = edisp.axes.get("migra").upsample(4);
  const fineEdges = fine.edges;
  const fineCenters = fine.center;
  const nM = fineCenters.length;
  const nE = eNodes.length;
  const cdfs = new Float64Array(nE * (nM + 1));
  const eArg = new Float64Array(nM);
  const w = new Float64Array(nM);
  const width = fine.binWidth;
  for (let i = 0; i < nE; i++) {
    eArg.fill(eNodes[i]);
    const pdf = edisp.evaluate({ energy_true: eArg, migra: fineCenters, offset: offsetDeg });
    for (let m = 0; m < nM; m++) w[m] = pdf[m] * width[m];
    cdfs.set(cumulative(w).cdf, i * (nM + 1));
  }
  return { eNodes, logNodes: eNodes.map(Math.log), fineEdges, nM, cdfs };
}

/** Expected numbers of source and background events of an observation (exact sums over the sampling grids). */
export function expectedCounts(sim: ObservationSimulation): { source: number; background: number } {
  const source = sim.source
    ? sourceEnergyCdf(
        sim,
        sim.source,
        separationDeg(sim.pointingRaDeg, sim.pointingDecDeg, sim.source.raDeg, sim.source.decDeg),
      ).total * sim.livetimeS
    : 0;
  return { source, background: backgroundCdf(sim).total * sim.livetimeS };
}

/**
 * Background distribution over fine cells of (log reco energy, offset): rate at the cell center × energy width
 * (MeV) × annulus solid angle (sr), offsets from 0 to the maximum offset in 0.02 deg steps.
 */
function backgroundCdf(sim: ObservationSimulation) {
  const bkg = sim.irfs.bkg;
  const [eMin, eMax] = bkg.axes.get("energy").bounds;
  const maxOff = sim.maxOffsetDeg ?? bkg.axes.get("offset").bounds[1];
  const eEdges = logEdges(eMin, eMax, 50);
  const nE = eEdges.length - 1;
  const nO = Math.max(1, Math.ceil(maxOff / 0.02));
  const oEdges = new Float64Array(nO + 1);
  for (let j = 0; j <= nO; j++) oEdges[j] = (maxOff * j) / nO;
  const eArg = new Float64Array(nE * nO);
  const oArg = new Float64Array(nE * nO);
  for (let i = 0; i < nE; i++) {
    for (let j = 0; j < nO; j++) {
      eArg[i * nO + j] = Math.sqrt(eEdges[i] * eEdges[i + 1]);
      oArg[i * nO + j] = 0.5 * (oEdges[j] + oEdges[j + 1]);
    }
  }
  const rate = bkg.evaluate({ energy: eArg, offset: oArg });
  const w = new Float64Array(nE * nO);
  for (let i = 0; i < nE; i++) {
    const dE = (eEdges[i + 1] - eEdges[i]) * MEV_PER_TEV;
    for (let j = 0; j < nO; j++) {
      const dOmega = 2 * Math.PI * (Math.cos(oEdges[j] * RAD_PER_DEG) - Math.cos(oEdges[j + 1] * RAD_PER_DEG));
      w[i * nO + j] = rate[i * nO + j] * dE * dOmega;
    }
  }
  return { eEdges, oEdges, nO, ...cumulative(w) };
}

/**
 * Sorted uniform times in [t0, t1] for n events (normalised cumulative sums of n + 1 exponential spacings).
 */
function sortedUniformTimes(rng: Rng, n: number, t0: number, t1: number, out: Float64Array): void {
  let acc = 0;
  for (let i = 0; i < n; i++) {
    acc += rng.exponential();
    out[i] = acc;
  }
  const total = acc + rng.exponential();
  const span = t1 - t0;
  for (let i = 0; i < n; i++) out[i] = t0 + (span * out[i]) / total;
}

/**
 * Samples the event list of one observation (see the module docstring). The random stream is consumed in a fixed
 * order, so a seed gives the same events whatever the chunk size.
 */
export function simulateEvents(
  sim: ObservationSimulation,
  rng: Rng,
  options: SimulateEventsOptions = {},
): SimulatedEvents {
  if (!(sim.livetimeS > 0)) throw new ArgumentError(`livetime ${sim.livetimeS} s`, "livetimeS", "> 0");
  const [t0, t1] = sim.gtiS;
  if (!(t1 > t0)) throw new ArgumentError(`GTI [${t0}, ${t1}]`, "gtiS", "stop > start");
  const chunk = options.chunkSize ?? 65536;
  const src = sim.source;
  const srcOffset = src ? separationDeg(sim.pointingRaDeg, sim.pointingDecDeg, src.raDeg, src.decDeg) : 0;
  const srcE = src ? sourceEnergyCdf(sim, src, srcOffset) : undefined;
  const bkgCdf = backgroundCdf(sim);
  const expectedSource = srcE ? srcE.total * sim.livetimeS : 0;
  const expectedBackground = bkgCdf.total * sim.livetimeS;
  const nSource = rng.poisson(expectedSource);
  const nBackground = rng.poisson(expectedBackground);
  const n = nSource + nBackground;

  const eventId = new Int32Array(n);
  const timeS = new Float64Array(n);
  const raDeg = new Float64Array(n);
  const decDeg = new Float64Array(n);
  const energyTeV = new Float64Array(n);
  const energyTrueTeV = new Float64Array(n).fill(Number.NaN);
  const isSource = new Uint8Array(n);
  for (let i = 0; i < n; i++) eventId[i] = i + 1;
  sortedUniformTimes(rng, n, t0, t1, timeS);
  // which time slots hold source events: a uniformly random subset of size nSource (selection sampling)
  let need = nSource;
  for (let i = 0; i < n && need > 0; i++) {
    if (rng.uniform() * (n - i) < need) {
      isSource[i] = 1;
      need--;
    }
  }

  if (src && srcE) {
    // true energies come from their own stream, so that the events do not depend on the chunk size
    const energyRng = new Rng(rng.nextUint32() * 2097152 + (rng.nextUint32() >>> 11));
    const mig = migraCdfs(sim, srcOffset);
    const psf = sim.irfs.psf;
    const eBuf = new Float64Array(chunk);
    const oBuf = new Float64Array(chunk).fill(srcOffset);
    const nNodes = mig.eNodes.length;
    let slot = 0;
    for (let done = 0; done < nSource; done += chunk) {
      const m = Math.min(chunk, nSource - done);
      const e = eBuf.subarray(0, m);
      for (let k = 0; k < m; k++) {
        const c = drawCell(srcE.cdf, energyRng.uniform());
        const l0 = Math.log(srcE.edges[c]);
        const l1 = Math.log(srcE.edges[c + 1]);
        e[k] = Math.exp(l0 + energyRng.uniform() * (l1 - l0));
      }
      const p = psf.evaluateParameters(e, oBuf.subarray(0, m));
      for (let k = 0; k < m; k++) {
        // migra: mixture of the two bracketing true-energy nodes, weighted as linear interpolation in log E
        const le = Math.log(e[k]);
        let node = 0;
        if (le >= mig.logNodes[nNodes - 1]) node = nNodes - 1;
        else if (le > mig.logNodes[0]) {
          let j = drawCell(mig.logNodes, le);
          const frac = (le - mig.logNodes[j]) / (mig.logNodes[j + 1] - mig.logNodes[j]);
          if (rng.uniform() < frac) j++;
          node = j;
        }
        const cdf = mig.cdfs.subarray(node * (mig.nM + 1), (node + 1) * (mig.nM + 1));
        const mc = drawCell(cdf, rng.uniform());
        const migra = mig.fineEdges[mc] + rng.uniform() * (mig.fineEdges[mc + 1] - mig.fineEdges[mc]);
        // PSF: pick a Gaussian component by its normalisation, then a Rayleigh radius and a uniform position angle
        const sig1 = p.sigma_1[k];
        const n1 = p.scale[k] * sig1 * sig1;
        const n2 = p.scale[k] * p.ampl_2[k] * p.sigma_2[k] * p.sigma_2[k];
        const n3 = p.scale[k] * p.ampl_3[k] * p.sigma_3[k] * p.sigma_3[k];
        const uc = rng.uniform() * (n1 + n2 + n3);
        const sigma = uc < n1 ? sig1 : uc < n1 + n2 ? p.sigma_2[k] : p.sigma_3[k];
        const r = sigma * Math.sqrt(-2 * Math.log(rng.uniformOpen()));
        const pa = 360 * rng.uniform();
        while (!isSource[slot]) slot++;
        const [ra, dec] = offsetByDeg(src.raDeg, src.decDeg, pa, r);
        raDeg[slot] = ra;
        decDeg[slot] = dec;
        energyTeV[slot] = e[k] * migra;
        energyTrueTeV[slot] = e[k];
        slot++;
      }
    }
  }

  // background: cell in (log E, offset), log-uniform energy and area-uniform offset inside it, uniform angle
  let slot = 0;
  const { eEdges, oEdges, nO, cdf } = bkgCdf;
  for (let k = 0; k < nBackground; k++) {
    const c = drawCell(cdf, rng.uniform());
    const i = Math.floor(c / nO);
    const j = c - i * nO;
    const l0 = Math.log(eEdges[i]);
    const l1 = Math.log(eEdges[i + 1]);
    const energy = Math.exp(l0 + rng.uniform() * (l1 - l0));
    const o0 = oEdges[j] * oEdges[j];
    const o1 = oEdges[j + 1] * oEdges[j + 1];
    const off = Math.sqrt(o0 + rng.uniform() * (o1 - o0));
    const pa = 360 * rng.uniform();
    while (isSource[slot]) slot++;
    const [ra, dec] = offsetByDeg(sim.pointingRaDeg, sim.pointingDecDeg, pa, off);
    raDeg[slot] = ra;
    decDeg[slot] = dec;
    energyTeV[slot] = energy;
    slot++;
  }
  return {
    eventId,
    timeS,
    raDeg,
    decDeg,
    energyTeV,
    isSource,
    energyTrueTeV,
    expectedSource,
    expectedBackground,
    nSource,
    nBackground,
  };
}
