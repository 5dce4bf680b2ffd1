/**
 * The `Datasets` container and Gammapy's datasets YAML against Gammapy 1.0 (scripts/oracle/joint_fit_reference.py):
 * the joint-Crab OGIP spectra (MAGIC, VERITAS, FACT, H.E.S.S.) read from one index and fitted jointly with a
 * log-parabola and a cutoff power law, a mixed joint fit with flux points, info table, stacking, selections, models
 * shared by `datasets_names`, and the index written and read back with every dataset kind (map and on-off map too).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GTI } from "../../src/data/gti.js";
import type { Dataset } from "../../src/datasets/dataset.js";
import { Datasets } from "../../src/datasets/datasets.js";
import { setFitEnergyRange } from "../../src/datasets/fit-range.js";
import { FluxPointsDataset } from "../../src/datasets/flux-points-dataset.js";
import { MapDataset } from "../../src/datasets/map-dataset.js";
import { MapDatasetOnOff } from "../../src/datasets/map-dataset-onoff.js";
import { readDatasets, readFluxPointsDataset, readOgipFiles, writeDatasets } from "../../src/datasets/node.js";
import type { SpectrumDataset } from "../../src/datasets/spectrum-dataset.js";
import { openFits } from "../../src/fits/node.js";
import { ALL_DATASET_FORMATS } from "../../src/makers/dataset-formats.js";
import { readMapDatasetParts } from "../../src/makers/map-dataset-io.js";
import { mapDatasetFromParts } from "../../src/makers/to-dataset.js";
import { Fit } from "../../src/modeling/fit.js";
import { Models, SkyModel } from "../../src/modeling/models.js";
import { PointSpatialModel } from "../../src/modeling/spatial.js";
import { createSpectralModel, PowerLaw } from "../../src/modeling/spectral.js";
import { maxRelDiff } from "../support/compare.js";
import { DATA_DIR, hasData, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";
import { expectParameters, type ReferenceFit, startModels } from "../support/joint.js";

const FIX = join(REPO_ROOT, "test", "fixtures", "joint");
const ref = JSON.parse(readFileSync(join(FIX, "joint.json"), "utf8"));
const env = { ...process.env, GAMMAPY_DATA: DATA_DIR };
/** Per-instrument fit ranges (TeV) of the joint-Crab paper, by dataset name prefix. */
const FIT_RANGES: Record<string, [number, number]> = {
  magic: [0.08, 30],
  veritas: [0.15, 30],
  fact: [0.4, 30],
  hess: [0.5, 30],
};
const tmp = mkdtempSync(join(tmpdir(), "gammats-datasets-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function readWithRanges(index: string): Datasets {
  const ds = readDatasets(join(FIX, index), { env });
  for (const d of ds) {
    const r = FIT_RANGES[d.name.split("_")[0]];
    if (r) setFitEnergyRange(d, r[0], r[1]);
  }
  return ds;
}

function fitAndCompare(ds: Datasets, models: Models, want: ReferenceFit) {
  ds.models = models;
  const r = new Fit().run(ds.toArray());
  expect(r.success).toBe(true);
  expect(Math.abs(r.totalStat - want.total_stat)).toBeLessThan(1e-4);
  expectParameters(models, want, { value: 1e-2, error: 5e-2 });
  // each dataset's statistic at Gammapy's best fit equals Gammapy's
  for (const [p, name] of models.parameterNames()) p.value = want.parameters[name].value;
  for (const d of ds) expect(d.statSum()).toBeCloseTo(want.stat_per_dataset[d.name], 9);
  return r;
}

function toySpectrum(name: string, index: number): SpectrumDataset {
  const d = readOgipFiles(join(REPO_ROOT, "test", "fixtures", "datasets", "gammapy-ogip", "pha_obs23523.fits.gz"));
  d.name = name;
  d.counts = d.counts.map((v, i) => v + ((i * index) % 3));
  return d;
}

describe("Datasets container", () => {
  it("names are unique; datasets by index and name; models shared by datasets_names", () => {
    const a = toySpectrum("a", 1);
    const b = toySpectrum("b", 2);
    const ds = new Datasets([a, b]);
    expect(ds.names).toEqual(["a", "b"]);
    expect(ds.get("b")).toBe(b);
    expect(ds.get(0)).toBe(a);
    expect(() => ds.append(toySpectrum("a", 3))).toThrow(/duplicate dataset name 'a'/);
    expect(() => ds.get("c")).toThrow(/one of a, b/);
    const shared = new SkyModel({ name: "src", spectralModel: createSpectralModel(PowerLaw, { amplitude: 1e-11 }) });
    const onlyB = new SkyModel({
      name: "extra",
      spectralModel: createSpectralModel(PowerLaw, { amplitude: 1e-12 }),
      datasetsNames: ["b"],
    });
    ds.models = new Models([shared, onlyB]);
    expect(a.models?.names).toEqual(["src"]);
    expect(b.models?.names).toEqual(["src", "extra"]);
    // a parameter shared by two datasets is one parameter of the joint fit
    const index = shared.spectralModel.parameters.get("index");
    expect(a.models?.parameters.get("index")).toBe(index);
    expect(ds.statSum()).toBeCloseTo(a.statSum() + b.statSum(), 9);
    expect(ds.selectByName(["b"]).names).toEqual(["b"]);
  });

  it("selectTime keeps datasets whose GTIs lie in the interval (MJD, TT)", () => {
    const meta = { MJDREFI: 51910, MJDREFF: 0.00074287037037037, TIMESYS: "TT", TIMEUNIT: "s" };
    const mk = (name: string, t0: number) => {
      const d = toySpectrum(name, 1);
      d.gti = new GTI(Float64Array.of(t0), Float64Array.of(t0 + 1800), meta);
      return d;
    };
    // MET 0 is MJD 51910.00074287 TT; one day is 86400 s
    const ds = new Datasets([mk("day0", 0), mk("day1", 86400), mk("day2", 2 * 86400)]);
    expect(ds.selectTime(51910.5, 51913).names).toEqual(["day1", "day2"]);
    expect(ds.selectTime(51910, 51911.1).names).toEqual(["day0", "day1"]);
    const noGti = toySpectrum("x", 1);
    noGti.gti = undefined;
    expect(() => new Datasets([noGti]).selectTime(0, 1e6)).toThrow(/dataset 'x' has no GTI/);
  });

  it("stackReduce and infoTable need one dataset type", () => {
    const ds = new Datasets([
      toySpectrum("a", 1),
      readFluxPointsDataset(join(FIX, "fp-3fhl-crab.fits"), { name: "fp" }),
    ] as Dataset[]);
    expect(ds.isAllSameType).toBe(false);
    expect(() => ds.stackReduce()).toThrow(/different types/);
    expect(() => ds.infoTable()).toThrow(/one type/);
  });
});

describe.skipIf(!hasData("joint-crab"))(`joint-Crab spectra ${hasData("joint-crab") ? "" : NO_DATA_MESSAGE}`, () => {
  it("the datasets YAML reads the nine OGIP spectra (names, counts, fit ranges) as Gammapy", () => {
    const ds = readWithRanges("joint-crab.yaml");
    expect(ds.names).toEqual(Object.keys(ref.joint_crab.datasets));
    for (const d of ds) {
      const s = d as SpectrumDataset;
      const w = ref.joint_crab.datasets[d.name];
      expect(s.counts.reduce((a, b) => a + b, 0)).toBe(w.counts);
      expect(s.countsOff!.reduce((a, b) => a + b, 0)).toBe(w.counts_off);
      expect([...s.maskFit!].map(Boolean)).toEqual(w.mask_fit);
      expect(s.livetimeS).toBeCloseTo(w.livetime_s, 6);
    }
  });

  it("info table and stack_reduce equal Gammapy's", () => {
    const ds = readWithRanges("joint-crab.yaml");
    const rows = ds.infoTable();
    rows.forEach((r, i) => {
      const w = ref.joint_crab.info_table[i];
      expect(r.name).toBe(w.name);
      expect(r.counts).toBe(w.counts);
      // Gammapy sums float32 OFF counts and alpha: 1e-7 relative
      expect(Math.abs((r.excess as number) - w.excess) / w.excess).toBeLessThan(1e-6);
      expect(Math.abs((r.sqrt_ts as number) - w.sqrt_ts) / w.sqrt_ts).toBeLessThan(1e-6);
      expect(r.livetime as number).toBeCloseTo(w.livetime, 6);
    });
    const hess = ds.selectByName(ds.names.filter((n) => n.startsWith("hess")));
    const stacked = hess.stackReduce("hess") as SpectrumDataset;
    const w = ref.joint_crab.hess_stacked;
    expect([...stacked.counts]).toEqual(w.counts);
    expect([...stacked.countsOff!]).toEqual(w.counts_off);
    expect(maxRelDiff(stacked.alpha, w.alpha)).toBeLessThan(1e-6); // Gammapy's alpha is float32
    expect(stacked.livetimeS).toBeCloseTo(w.livetime_s, 6);
    expect(hess.infoTable(true).at(-1)?.counts).toBe(w.counts.reduce((a: number, b: number) => a + b, 0));
  });

  for (const kind of ["lp", "ecpl"] as const)
    it(`joint ${kind} fit: values 1%, errors 5%, total statistic 1e-4 (Gammapy 1.0)`, () => {
      fitAndCompare(readWithRanges("joint-crab.yaml"), startModels(kind), ref.joint_crab[kind]);
    });

  it("joint fit of three flux-point datasets (3FHL, gamma-cat, H.E.S.S. likelihood points) equals Gammapy's", () => {
    const ds = readWithRanges("flux-points.yaml");
    expect(ds.names).toEqual(ref.flux_points_joint.names);
    fitAndCompare(ds, startModels("lp"), ref.flux_points_joint.lp);
  });

  it("mixed joint fit (nine OGIP spectra + 3FHL and gamma-cat flux points) equals Gammapy's", () => {
    const ds = readWithRanges("mixed.yaml");
    expect(ds.names).toEqual(ref.mixed.names);
    expect(ds.get("3fhl")).toBeInstanceOf(FluxPointsDataset);
    fitAndCompare(ds, startModels("lp"), ref.mixed.lp);
  });
});

describe("datasets YAML with every dataset kind", () => {
  it("spectrum, flux points, map and on-off map datasets written and read back with the same statistic", () => {
    const { parts, maskFit } = readMapDatasetParts(
      openFits(join(REPO_ROOT, "test", "fixtures", "datasets", "gammapy-mapdataset.fits")),
    );
    const map = mapDatasetFromParts({ ...parts, name: "cube" });
    map.maskFit = maskFit;
    const bkg = map.background!.data as ArrayLike<number>;
    const onoff = new MapDatasetOnOff({
      dataset: mapDatasetFromParts({ ...parts, name: "ring" }),
      countsOff: Float64Array.from(bkg, (v) => Math.round(4 * v)),
      acceptance: new Float64Array(bkg.length).fill(1),
      acceptanceOff: new Float64Array(bkg.length).fill(4),
    });
    const fp = readFluxPointsDataset(join(FIX, "fp-gammacat-crab.fits"), { name: "gammacat" });
    const spectrum = toySpectrum("23523", 1);
    const all = new Datasets([spectrum, fp, map, onoff]);
    const models = (): Models => {
      const [crab] = startModels("pl");
      crab.datasetsNames = ["23523", "gammacat"];
      const c = map.geom.centerSkydir;
      const point = new SkyModel({
        name: "point",
        spectralModel: createSpectralModel(PowerLaw, { amplitude: 1e-12 }),
        spatialModel: new PointSpatialModel({ lon_0: c.lon, lat_0: c.lat }, map.geom.frame),
        datasetsNames: ["cube", "ring"],
      });
      return new Models([crab, point]);
    };
    all.models = models();
    // GAMMATS_WRITE_DIR keeps the files for scripts/oracle/gammapy_reads_joint_output.py
    const dir = join(process.env.GAMMATS_WRITE_DIR ?? tmp, "all-kinds");
    const index = writeDatasets(dir, all, { formats: ALL_DATASET_FORMATS });
    const text = readFileSync(index, "utf8");
    for (const t of ["SpectrumDatasetOnOff", "FluxPointsDataset", "MapDataset", "MapDatasetOnOff"])
      expect(text).toContain(`type: ${t}`);
    const back = readDatasets(index, { formats: ALL_DATASET_FORMATS });
    expect(back.names).toEqual(all.names);
    expect(back.get("cube")).toBeInstanceOf(MapDataset);
    expect(back.get("ring")).toBeInstanceOf(MapDatasetOnOff);
    back.models = models();
    for (const d of all) expect([d.name, back.get(d.name).statSum()]).toEqual([d.name, d.statSum()]);
    // what Gammapy 1.0 read from these files (scripts/oracle/gammapy_reads_joint_output.py)
    const gp = JSON.parse(readFileSync(join(FIX, "gammapy-reads-gammats.json"), "utf8")).datasets;
    expect(gp.map((e: { name: string; type: string }) => [e.name, e.type])).toEqual(
      all.toArray().map((d) => [d.name, d.tag]),
    );
    const sumOf = (a: ArrayLike<number | bigint>) => Array.from(a).reduce((x: number, y) => x + Number(y), 0);
    expect(gp[0].counts).toBe(sumOf(spectrum.counts));
    expect(gp[0].counts_off).toBe(sumOf(spectrum.countsOff!));
    expect(maxRelDiff(gp[1].dnde, (fp as FluxPointsDataset).dnde)).toBeLessThan(1e-15);
    expect(gp[2].counts).toBe(sumOf(map.counts.data));
    expect(gp[2].background).toBeCloseTo(sumOf(map.background!.data), 6);
    expect(gp[3].counts_off).toBe(sumOf(onoff.countsOff));
    expect(gp[3].alpha_mean).toBeCloseTo(0.25, 12);
    // only the formats of the datasets layer: map datasets are an unknown type
    expect(() => readDatasets(index)).toThrow(/unsupported dataset type MapDataset/);
  });

  it("bad indexes: one-line errors naming the file and key", () => {
    const bad = join(tmp, "bad.yaml");
    writeFileSync(bad, "datasets:\n- name: x\n  type: Nope\n  filename: x.fits\n");
    expect(() => readDatasets(bad)).toThrow(/bad\.yaml.*datasets\.0\.type/);
    writeFileSync(bad, "datasets:\n- {name: a, type: FluxPointsDataset, filename: $NOPE/fp.fits}\n");
    expect(() => readDatasets(bad, { env: { NOPE: FIX } })).toThrow(/fp\.fits/);
    writeFileSync(
      bad,
      `datasets:\n- {name: a, type: FluxPointsDataset, filename: fp-3fhl-crab.fits}\n- {name: a, type: FluxPointsDataset, filename: fp-3fhl-crab.fits}\n`,
    );
    writeFileSync(join(tmp, "fp-3fhl-crab.fits"), readFileSync(join(FIX, "fp-3fhl-crab.fits")));
    expect(() => readDatasets(bad)).toThrow(/duplicate dataset name 'a'/);
  });
});
