/**
 * MapDatasetEventSampler on a small synthetic map dataset (Gaussian PSF kernels, log-normal energy dispersion, an
 * exposure falling with offset, a flat background, a point source with a power law): determinism, Poisson numbers of
 * events around the total npred, events binned back on the geometry reproducing npred (chi2 per dof ~ 1), a fit of a
 * dataset filled with sampled events recovering the inputs within 3 sigma, and the EVENTS HDU written and read back;
 * with real data, the same npred checks on the stacked H.E.S.S. Crab 3D dataset (PSF and EDisp kernel maps).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EventList } from "../../src/data/event-list.js";
import { MapDataset } from "../../src/datasets/map-dataset.js";
import { FitsFile } from "../../src/fits/file.js";
import { readTable } from "../../src/fits/table-io.js";
import { writeFits } from "../../src/fits/writer.js";
import { makeEdispKernelMap, makePsfMap, RAD_AXIS_DEFAULT } from "../../src/irf/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { Fit } from "../../src/modeling/fit.js";
import { readModelsYaml } from "../../src/modeling/index.js";
import { FoVBackgroundModel, Models } from "../../src/modeling/models.js";
import { AnalyticSpectralModel } from "../../src/modeling/spectral.js";
import { PowerLawNorm } from "../../src/modeling/spectral-models.js";
import { makeGenericIrfs } from "../../src/simulate/irfs.js";
import {
  binMapEvents,
  MapDatasetEventSampler,
  mapEventsHdus,
  sampleEdispKernelMapCoord,
  samplePsfMapCoord,
} from "../../src/simulate/map-sampler.js";
import { Rng } from "../../src/util/random.js";
import { reduceCrab3d } from "../support/crab3d.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";
import { DEC, makeDataset, makeModels, RA, TRUTH } from "../support/sim-map.js";

const sum = (a: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
};

describe("MapDatasetEventSampler", () => {
  const dataset = makeDataset();
  const npred = dataset.npred();
  const npredSrc = dataset.npredSignal("src");
  const total = sum(npred);

  it("is deterministic for a seed, whatever the chunk size; events carry MC_ID, true values and GTI times", () => {
    const a = new MapDatasetEventSampler(5).run(dataset);
    const b = new MapDatasetEventSampler(5, { chunkSize: 7 }).run(dataset);
    const c = new MapDatasetEventSampler(6).run(dataset);
    expect(b).toEqual(a);
    expect(c.raDeg).not.toEqual(a.raDeg);
    expect(a.modelNames).toEqual(["sim-bkg", "src"]);
    expect(a.counts[0] + a.counts[1]).toBe(a.eventId.length);
    expect(a.expected[0]).toBeCloseTo(sum(dataset.npredBackground()), 9);
    expect(a.expected[1]).toBeCloseTo(sum(npredSrc), 9);
    expect(a.gtiS).toEqual([0, 1900]);
    const trueEdges = dataset.exposure.geom.axes.axes[0].bounds;
    for (let i = 0; i < a.eventId.length; i++) {
      expect(a.timeS[i] >= 0 && a.timeS[i] < 1900).toBe(true);
      expect(a.mcId[i]).toBe(i < a.counts[0] ? 0 : 1);
      if (a.mcId[i] === 0) expect(a.energyTrueTeV[i]).toBe(a.energyTeV[i]);
      else expect(a.energyTrueTeV[i] >= trueEdges[0] && a.energyTrueTeV[i] < trueEdges[1]).toBe(true);
    }
    // source events scatter around the source by the PSF (true positions within a pixel of it)
    let maxTrueSep = 0;
    for (let i = a.counts[0]; i < a.eventId.length; i++)
      maxTrueSep = Math.max(maxTrueSep, Math.hypot(a.raTrueDeg[i] - TRUTH.lon, a.decTrueDeg[i] - TRUTH.lat));
    expect(maxTrueSep).toBeLessThan(0.11);
    const bkgOnly = new MapDatasetEventSampler(5).sampleBackground(dataset);
    expect(bkgOnly.raDeg).toEqual(a.raDeg.subarray(0, a.counts[0]));
    const srcOnly = new MapDatasetEventSampler(5).sampleSources(dataset);
    expect(srcOnly.energyTeV).toEqual(a.energyTeV.subarray(a.counts[0]));
  });

  it("numbers of events are Poisson around the total npred; binned events reproduce npred (chi2/dof ~ 1)", () => {
    const nSeeds = 60;
    const counts: number[] = [];
    const binned = new Float64Array(npred.length);
    const binnedSrc = new Float64Array(npred.length);
    const geom = dataset.geom;
    for (let s = 0; s < nSeeds; s++) {
      const ev = new MapDatasetEventSampler(1000 + s).run(dataset);
      counts.push(ev.eventId.length);
      const b = binMapEvents(ev, geom);
      expect(sum(b)).toBe(ev.eventId.length); // all events inside the geometry
      for (let i = 0; i < b.length; i++) binned[i] += b[i];
      const src = binMapEvents(
        {
          ...ev,
          raDeg: ev.raDeg.subarray(ev.counts[0]),
          decDeg: ev.decDeg.subarray(ev.counts[0]),
          energyTeV: ev.energyTeV.subarray(ev.counts[0]),
        },
        geom,
      );
      for (let i = 0; i < src.length; i++) binnedSrc[i] += src[i];
    }
    const mean = sum(counts) / nSeeds;
    const variance = counts.reduce((a, n) => a + (n - mean) ** 2, 0) / (nSeeds - 1);
    expect(Math.abs(mean - total)).toBeLessThan(4 * Math.sqrt(total / nSeeds));
    expect(Math.abs(variance / total - 1)).toBeLessThan(5 * Math.sqrt(2 / (nSeeds - 1)));
    const chi2 = (obs: Float64Array, mu: Float64Array) => {
      let c = 0;
      let dof = 0;
      for (let i = 0; i < mu.length; i++) {
        const m = mu[i] * nSeeds;
        if (m < 5) continue;
        c += (obs[i] - m) ** 2 / m;
        dof++;
      }
      return { c, dof };
    };
    const all = chi2(binned, npred);
    expect(all.dof).toBeGreaterThan(1000);
    expect(Math.abs(all.c / all.dof - 1)).toBeLessThan(5 * Math.sqrt(2 / all.dof));
    const src = chi2(binnedSrc, npredSrc);
    expect(src.dof).toBeGreaterThan(50);
    expect(Math.abs(src.c / src.dof - 1)).toBeLessThan(5 * Math.sqrt(2 / src.dof));
    // the source's events per reco-energy bin (EDisp applied) against npred per bin
    const npix = geom.imageSize;
    for (let e = 0; e < 5; e++) {
      const mu = sum(npredSrc.subarray(e * npix, (e + 1) * npix)) * nSeeds;
      const n = sum(binnedSrc.subarray(e * npix, (e + 1) * npix));
      expect(Math.abs(n - mu)).toBeLessThan(4 * Math.sqrt(mu) + 1);
    }
  });

  it("fitting a dataset filled with sampled events recovers the inputs within 3 sigma", () => {
    const sim = makeDataset("fit");
    // 8x the exposure and background for tighter constraints
    const exp = sim.exposure.data as Float64Array;
    for (let i = 0; i < exp.length; i++) exp[i] *= 8;
    const bkg = sim.background!.data as Float64Array;
    for (let i = 0; i < bkg.length; i++) bkg[i] *= 8;
    const ev = new MapDatasetEventSampler(42).run(sim);
    const fitSet = new MapDataset({
      name: "fit",
      counts: new WcsNDMap(sim.geom, binMapEvents(ev, sim.geom)),
      exposure: sim.exposure,
      background: sim.background,
      psf: sim.psf,
      edisp: sim.edisp,
      livetimeS: sim.livetimeS,
    });
    fitSet.models = makeModels("fit", {
      index: 2.2,
      amplitude: 3e-11,
      lon: TRUTH.lon - 0.03,
      lat: TRUTH.lat + 0.02,
      norm: 0.9,
    });
    const r = new Fit().run([fitSet]);
    expect(r.success).toBe(true);
    const m = fitSet.models;
    const check = (name: string, truth: number) => {
      const p = m.parameter(name);
      expect(p.error).toBeGreaterThan(0);
      expect(Math.abs(p.value - truth) / p.error, name).toBeLessThan(3);
    };
    check("src.spectral.index", TRUTH.index);
    check("src.spectral.amplitude", TRUTH.amplitude);
    check("src.spatial.lon_0", TRUTH.lon);
    check("src.spatial.lat_0", TRUTH.lat);
    check("fit-bkg.spectral.norm", TRUTH.norm);
  }, 20_000);

  it("writes a GADF EVENTS HDU (with MC_ID and model cards), GTI and the IRFs", () => {
    const ev = new MapDatasetEventSampler(9, { gtiS: [1000, 2800] }).run(dataset);
    const hdus = mapEventsHdus(ev, {
      obsId: 7,
      pointingRaDeg: RA,
      pointingDecDeg: DEC + 0.5,
      livetimeS: 1710,
      deadc: 0.95,
      irfs: makeGenericIrfs(),
    });
    const file = FitsFile.open(writeFits(hdus));
    const table = readTable(file.table("EVENTS"));
    const list = new EventList(table);
    expect(list.length).toBe(ev.eventId.length);
    expect(list.raDeg).toEqual(ev.raDeg);
    expect(list.livetimeS).toBe(1710);
    expect(list.pointing).toBeDefined();
    expect(table.column("MC_ID").data).toEqual(ev.mcId);
    expect(Float64Array.from(table.column("ENERGY").data as ArrayLike<number>)).toEqual(ev.energyTeV);
    expect(Float64Array.from(table.column("TIME").data as ArrayLike<number>)).toEqual(ev.timeS);
    const h = file.table("EVENTS").header;
    expect(h.get("MMN00001")).toBe("src");
    expect(h.get("MMN00000")).toBe("sim-bkg");
    expect(h.get("NMCIDS")).toBe(2);
    expect(h.get("OBS_ID")).toBe(7);
    expect(file.table("GTI")).toBeDefined();
    expect(file.hdus.length).toBe(7); // primary, EVENTS, GTI, AEFF, EDISP, PSF, BKG
    expect(ev.timeS.every((t) => t >= 1000 && t < 2800)).toBe(true);
  });

  it("galactic-frame datasets: events in ICRS, binned back onto the geometry as npred per energy", () => {
    const gal = makeDataset("gal", "galactic");
    const mu = gal.npred();
    const npix = gal.geom.imageSize;
    const binned = new Float64Array(mu.length);
    const nSeeds = 10;
    for (let s = 0; s < nSeeds; s++) {
      const ev = new MapDatasetEventSampler(s).run(gal);
      const b = binMapEvents(ev, gal.geom);
      expect(sum(b)).toBe(ev.eventId.length);
      for (let i = 0; i < b.length; i++) binned[i] += b[i];
      // source events near the source (ICRS)
      for (let i = ev.counts[0]; i < ev.eventId.length; i++)
        expect(Math.hypot(ev.raTrueDeg[i] - TRUTH.lon, ev.decTrueDeg[i] - TRUTH.lat)).toBeLessThan(0.11);
    }
    for (let e = 0; e < 5; e++) {
      const m = sum(mu.subarray(e * npix, (e + 1) * npix)) * nSeeds;
      const n = sum(binned.subarray(e * npix, (e + 1) * npix));
      expect(Math.abs(n - m)).toBeLessThan(4 * Math.sqrt(m));
    }
  });

  it("rejects bad options", () => {
    expect(() => new MapDatasetEventSampler(1.5)).toThrow();
    expect(() => new MapDatasetEventSampler(1, { chunkSize: 0 })).toThrow();
    expect(() => new MapDatasetEventSampler(1, { gtiS: [5, 5] }).run(dataset)).toThrow();
    const mismatched = new MapDataset({
      name: "x",
      counts: dataset.counts.cutout(RA, DEC, 1),
      exposure: dataset.exposure,
      livetimeS: 1,
    });
    expect(() => new MapDatasetEventSampler(1).run(mismatched)).toThrow(/different images/);
  });
});

describe("IRF-map coordinate samplers (Gammapy's PSFMap.sample_coord, EDisp kernel rows)", () => {
  const irfs = makeGenericIrfs();
  const pointing = { raDeg: RA, decDeg: DEC + 0.5 };
  const energyTrue = MapAxis.fromEnergyBounds(0.5, 20, 8, { name: "energy_true" });
  const energy = MapAxis.fromEnergyBounds(1, 10, 5, { name: "energy" });
  const image = { lonDeg: RA, latDeg: DEC, frame: "icrs" as const, binszDeg: 0.5, widthDeg: 3 };

  it("PSF map: offsets follow the PSF containment at the event's energy; position angles uniform", () => {
    const psfMap = makePsfMap(irfs.psf, pointing, WcsGeom.create({ ...image, axes: [RAD_AXIS_DEFAULT, energyTrue] }));
    const n = 20000;
    const ra = new Float64Array(n).fill(RA + 0.2);
    const dec = new Float64Array(n).fill(DEC);
    const eTrue = new Float64Array(n).fill(1.3);
    const a = samplePsfMapCoord(psfMap, ra, dec, eTrue, new Rng(3));
    expect(samplePsfMapCoord(psfMap, ra, dec, eTrue, new Rng(3))).toEqual(a);
    const sep = a.raDeg.map(
      (r, i) =>
        Math.acos(
          Math.sin((dec[i] * Math.PI) / 180) * Math.sin((a.decDeg[i] * Math.PI) / 180) +
            Math.cos((dec[i] * Math.PI) / 180) *
              Math.cos((a.decDeg[i] * Math.PI) / 180) *
              Math.cos(((r - ra[i]) * Math.PI) / 180),
        ) *
        (180 / Math.PI),
    );
    for (const q of [0.5, 0.68, 0.95]) {
      const r = psfMap.containmentRadius(q, [1.3], RA + 0.2, DEC)[0];
      const frac = sep.filter((s) => s <= r).length / n;
      expect(Math.abs(frac - q), `containment ${q}`).toBeLessThan(0.015);
    }
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const pa = Math.atan2((a.raDeg[i] - ra[i]) * Math.cos((DEC * Math.PI) / 180), a.decDeg[i] - dec[i]);
      sx += Math.cos(pa);
      sy += Math.sin(pa);
    }
    expect(Math.abs(sx / n)).toBeLessThan(4 / Math.sqrt(2 * n));
    expect(Math.abs(sy / n)).toBeLessThan(4 / Math.sqrt(2 * n));
  });

  it("EDisp kernel map: reco bins drawn with the kernel row's probabilities, log-uniform within; NaN when lost", () => {
    const edispMap = makeEdispKernelMap(irfs.edisp, pointing, WcsGeom.create({ ...image, axes: [energy, energyTrue] }));
    const n = 20000;
    const ra = new Float64Array(n).fill(RA);
    const dec = new Float64Array(n).fill(DEC);
    const t = 3;
    const eTrue = new Float64Array(n).fill(energyTrue.center[t]);
    const reco = sampleEdispKernelMapCoord(edispMap, ra, dec, eTrue, new Rng(4));
    const row = edispMap.getEdispKernel(RA, DEC).data.subarray(t * 5, (t + 1) * 5);
    const hist = new Float64Array(5);
    let lost = 0;
    for (const e of reco) {
      if (Number.isNaN(e)) lost++;
      else hist[energy.coordToIdx([e])[0]]++;
    }
    let chi2 = 0;
    let dof = 0;
    for (let j = 0; j < 5; j++) {
      const mu = row[j] * n;
      if (mu < 5) continue;
      chi2 += (hist[j] - mu) ** 2 / mu;
      dof++;
    }
    const pLost = 1 - sum(row);
    chi2 += pLost * n > 5 ? (lost - pLost * n) ** 2 / (pLost * n) : 0;
    expect(dof).toBeGreaterThan(2);
    expect(chi2).toBeLessThan(dof + 5 * Math.sqrt(2 * dof) + 5);
    const outside = sampleEdispKernelMapCoord(edispMap, [RA], [DEC], [100], new Rng(1));
    expect(outside[0]).toBeNaN();
  });
});

/** The stacked Crab 3D dataset with the models of examples/crab-3d-models.yaml and its FoV background model. */
function crabStacked(): MapDataset {
  const d = reduceCrab3d();
  const models = readModelsYaml(readFileSync(join(REPO_ROOT, "examples", "crab-3d-models.yaml"), "utf8"));
  d.models = new Models([...models, new FoVBackgroundModel(d.name, new AnalyticSpectralModel(PowerLawNorm))]);
  return d;
}

describe.skipIf(!DATA_DIR)(`MapDatasetEventSampler on the Crab 3D dataset ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  let stacked: MapDataset;
  beforeAll(() => {
    stacked = crabStacked();
  }, 60_000);

  it("events binned over seeds reproduce npred per energy and in 5x5-pixel blocks near the source", () => {
    const geom = stacked.geom;
    const [nx, ny] = geom.npix;
    const npix = nx * ny;
    const nE = stacked.energyAxis.nbin;
    const npred = stacked.npred();
    const nSeeds = 20;
    const binned = new Float64Array(npred.length);
    let nSrc = 0;
    let expSrc = 0;
    for (let s = 0; s < nSeeds; s++) {
      const ev = new MapDatasetEventSampler(s).run(stacked);
      const b = binMapEvents(ev, geom);
      expect(sum(b)).toBe(ev.eventId.length);
      for (let i = 0; i < b.length; i++) binned[i] += b[i];
      nSrc += ev.counts[1];
      expSrc += ev.expected[1];
    }
    expect(Math.abs(nSrc - expSrc) / Math.sqrt(expSrc)).toBeLessThan(4);
    // per reco-energy bin
    for (let e = 0; e < nE; e++) {
      const mu = sum(npred.subarray(e * npix, (e + 1) * npix)) * nSeeds;
      const n = sum(binned.subarray(e * npix, (e + 1) * npix));
      expect(Math.abs(n - mu), `energy bin ${e}`).toBeLessThan(4 * Math.sqrt(mu) + 1);
    }
    // 5x5-pixel blocks of the central 0.6 deg, summed over energy: chi2 per dof ~ 1
    const half = 15;
    const cx = nx / 2 - half;
    const cy = ny / 2 - half;
    let chi2 = 0;
    let dof = 0;
    for (let by = 0; by < (2 * half) / 5; by++)
      for (let bx = 0; bx < (2 * half) / 5; bx++) {
        let mu = 0;
        let n = 0;
        for (let e = 0; e < nE; e++)
          for (let y = 0; y < 5; y++)
            for (let x = 0; x < 5; x++) {
              const i = e * npix + (cy + by * 5 + y) * nx + cx + bx * 5 + x;
              mu += npred[i] * nSeeds;
              n += binned[i];
            }
        chi2 += (n - mu) ** 2 / mu;
        dof++;
      }
    expect(Math.abs(chi2 / dof - 1)).toBeLessThan(5 * Math.sqrt(2 / dof));
  });
});
