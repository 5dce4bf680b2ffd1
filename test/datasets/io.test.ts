/**
 * Dataset IO: OGIP file sets and GADF dataset files as Gammapy 1.0 writes and reads them, the datasets YAML index,
 * format keywords and checksums, and typed errors for corrupt files.
 * Fixtures from scripts/oracle/datasets_io_reference.py: files Gammapy wrote (gammapy-ogip/, gammapy-gadf/) with
 * the arrays Gammapy reads from them (gammapy-files.json), and what Gammapy read from files gammats wrote
 * (gammapy-reads-gammats.json; regenerate with GAMMATS_WRITE_DIR=<dir> npx vitest run test/datasets/io.test.ts, then
 * `/usr/bin/python3 scripts/oracle/datasets_io_reference.py <dir>`).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { GTI } from "../../src/data/gti.js";
import { readGadfDataset, readOgip, SpectrumDataset, writeGadfDataset, writeOgip } from "../../src/datasets/index.js";
import { readDatasets, readGadfFile, readOgipFiles, writeDatasets, writeOgipFiles } from "../../src/datasets/node.js";
import { FitsFile } from "../../src/fits/file.js";
import { MapAxis } from "../../src/maps/axis.js";
import { RegionGeom } from "../../src/maps/region-geom.js";
import { circle } from "../../src/maps/regions.js";
import { GammatsError } from "../../src/util/errors.js";
import { collectWarnings } from "../../src/util/warnings.js";
import { maxRelDiff } from "../support/compare.js";
import { reduceCrab1d } from "../support/crab1d.js";
import { DATA_DIR, dataPath, hasData, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const FIX = `${REPO_ROOT}/test/fixtures/datasets`;

/** Values as float32, as the RMF stores the matrix. */
const f32 = (a: ArrayLike<number>) => Float64Array.from(a, (v) => Math.fround(v));

/** Asserts that two datasets carry the same arrays (the dispersion within float32 when `edispF32`). */
function expectSameDataset(got: SpectrumDataset, want: SpectrumDataset, edispF32: boolean): void {
  expect(got.name).toBe(want.name);
  expect(Array.from(got.counts)).toEqual(Array.from(want.counts));
  expect(Array.from(got.countsOff ?? [])).toEqual(Array.from(want.countsOff ?? []));
  expect(maxRelDiff(got.alpha, want.alpha)).toBeLessThan(1e-12);
  expect(maxRelDiff(got.exposure, want.exposure)).toBeLessThan(1e-12);
  expect(maxRelDiff(got.edisp, edispF32 ? f32(want.edisp) : want.edisp)).toBeLessThan(1e-12);
  expect(Array.from(got.maskSafe)).toEqual(Array.from(want.maskSafe));
  expect(got.livetimeS).toBeCloseTo(want.livetimeS, 9);
  if (Number.isFinite(want.ontimeS)) expect(got.ontimeS).toBeCloseTo(want.ontimeS, 9);
  expect(maxRelDiff(got.energyAxis.edges, want.energyAxis.edges)).toBeLessThan(1e-12);
  expect(maxRelDiff(got.energyAxisTrue.edges, want.energyAxisTrue.edges)).toBeLessThan(1e-12);
  const [r, w] = [got.requireGeom().region, want.requireGeom().region];
  if (r.kind !== "circle" || w.kind !== "circle") throw new Error("circle regions expected");
  expect(r.center.lon).toBeCloseTo(w.center.lon, 9);
  expect(r.center.lat).toBeCloseTo(w.center.lat, 9);
  expect(r.radius).toBeCloseTo(w.radius, 9);
}

/** A small synthetic on-off dataset (no data needed). */
function syntheticDataset(): SpectrumDataset {
  const energyAxis = MapAxis.fromEnergyBounds(0.5, 30, 6, { name: "energy" });
  const energyAxisTrue = MapAxis.fromEnergyBounds(0.3, 50, 8, { name: "energy_true" });
  const edisp = new Float64Array(8 * 6);
  for (let k = 0; k < 8; k++) {
    for (let j = 0; j < 6; j++) edisp[k * 6 + j] = Math.abs(k - 1 - j) <= 1 ? 0.3 + 0.01 * j : 0;
  }
  return new SpectrumDataset({
    name: "synthetic",
    geom: new RegionGeom(circle(83.633, 22.014, 0.11), [energyAxis]),
    energyAxis,
    energyAxisTrue,
    counts: Float64Array.of(3, 10, 7, 4, 1, 0),
    countsOff: Float64Array.of(20, 41, 30, 12, 3, 1),
    acceptance: new Float64Array(6).fill(1),
    acceptanceOff: Float64Array.of(12, 12, 11.5, 12, 12, 12),
    exposure: Float64Array.from({ length: 8 }, (_, k) => 1e8 * (k + 1)),
    edisp,
    livetimeS: 1500,
    ontimeS: 1600,
    maskSafe: Uint8Array.of(0, 1, 1, 1, 1, 0),
  });
}

function expectError(fn: () => unknown, code: string, where: RegExp): GammatsError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(GammatsError);
    const e = err as GammatsError;
    expect(e.code).toBe(code);
    expect(e.message).toMatch(where);
    return e;
  }
  throw new Error(`expected a ${code} error`);
}

describe("OGIP and GADF dataset files (synthetic dataset)", () => {
  const ds = syntheticDataset();

  it("round trip through OGIP bytes", () => {
    const { names, files } = writeOgip(ds);
    expect(names).toEqual({
      pha: "pha_obssynthetic.fits",
      bkg: "pha_obssynthetic_bkg.fits",
      arf: "pha_obssynthetic_arf.fits",
      rmf: "pha_obssynthetic_rmf.fits",
    });
    expectSameDataset(readOgip(files, { checksum: "error" }), ds, true);
  });

  it("round trip through GADF bytes", () => {
    const back = readGadfDataset(writeGadfDataset(ds), { checksum: "error" });
    expectSameDataset(back, ds, false);
    expect(maxRelDiff(back.edispExposure, ds.edispExposure)).toBeLessThan(1e-12);
  });

  it("every file names its format and version and carries checksums", () => {
    const { files } = writeOgip(ds);
    const all: Array<[string, Uint8Array]> = [
      ["ogip-pha", files.pha],
      ["ogip-bkg", files.bkg!],
      ["ogip-arf", files.arf],
      ["ogip-rmf", files.rmf!],
      ["gadf-dataset", writeGadfDataset(ds)],
    ];
    for (const [format, bytes] of all) {
      const fits = FitsFile.open(bytes);
      const h = fits.hdus[0].header;
      expect(h.getString("GTFORMAT")).toBe(format);
      expect(h.getString("GTFMTVER")).toBe("1.0");
      expect(h.getString("CREATOR")).toMatch(/^gammats \d+\.\d+\.\d+/);
      expect(h.getString("HDUCLASS")).toBe(format.startsWith("ogip") ? "OGIP" : "GADF");
      expect(h.getString("HDUDOC")).toMatch(/^https:/);
      const sums = fits.verifyChecksums();
      expect(sums.length).toBe(fits.hdus.length);
      for (const s of sums) expect(s.checksumOk && s.datasumOk).toBe(true);
    }
  });

  it("checksum policy: a changed data byte is ignored, warned about, or an error", () => {
    const { files } = writeOgip(ds);
    const pha = files.pha.slice();
    const fits = FitsFile.open(pha);
    const spectrum = fits.hdu("SPECTRUM");
    // the COUNTS of channel 0 (bytes 2..5 of row 0): 3 -> 4
    pha[spectrum.dataOffset + 5] ^= 0x07;
    const changed = { ...files, pha };
    expect(readOgip(changed).counts[0]).not.toBe(3);
    const { sink, warnings } = collectWarnings();
    readOgip(changed, { checksum: "warn", warn: sink, names: { pha: "x.pha" } });
    expect(warnings.some((w) => w.code === "BAD_CHECKSUM")).toBe(true);
    expectError(() => readOgip(changed, { checksum: "error", names: { pha: "x.pha" } }), "BAD_CHECKSUM", /x\.pha/);
  });

  it("truncated and corrupt files give typed errors naming file, HDU and column", () => {
    const { files } = writeOgip(ds);
    expectError(
      () => readOgip({ ...files, rmf: files.rmf!.subarray(0, files.rmf!.length - 4000) }, { names: { rmf: "r.fits" } }),
      "TRUNCATED",
      /r\.fits/,
    );
    expectError(
      () => readOgip({ ...files, arf: new Uint8Array(100) }, { names: { arf: "a.fits" } }),
      "NOT_FITS",
      /a\.fits/,
    );
    // the BKG file from another binning
    const other = writeOgip(new SpectrumDataset({ ...syntheticDataset(), ...slice5() })).files;
    expectError(() => readOgip({ ...files, bkg: other.bkg }, { names: { bkg: "b.fits" } }), "BAD_DATASET", /b\.fits/);
    // an RMF group beyond the channels
    const rmf = files.rmf!.slice();
    const matrix = FitsFile.open(rmf).table("MATRIX");
    const heap = matrix.dataOffset + matrix.heapOffset;
    const view = new DataView(rmf.buffer);
    view.setInt16(heap, 99); // F_CHAN of row 0, group 0 (the first heap entry)
    expectError(() => readOgip({ ...files, rmf }, { names: { rmf: "m.fits" } }), "BAD_DATASET", /m\.fits.*F_CHAN/);
    // GADF without a needed HDU / column
    const gadf = writeGadfDataset(ds);
    const cut = gadf.subarray(0, 2880 * 8 + 1000);
    const e = expectError(() => readGadfDataset(cut, { fileName: "g.fits" }), "TRUNCATED", /g\.fits/);
    // cut at an HDU boundary: the missing HDU is named
    expectError(
      () => readGadfDataset(gadf.subarray(0, 2880 * 8), { fileName: "g.fits" }),
      "NOT_FOUND",
      /g\.fits.*EXPOSURE/,
    );
    expect(e.path.file).toBe("g.fits");
  });

  function slice5() {
    const s = syntheticDataset().sliceByIdx(0, 5);
    return {
      energyAxis: s.energyAxis,
      geom: s.geom,
      counts: s.counts,
      countsOff: s.countsOff,
      edisp: s.edisp,
      acceptance: s.acceptance,
      acceptanceOff: s.acceptanceOff,
      maskSafe: s.maskSafe,
    };
  }

  it("GTI intervals given to the writers are stored and give the ontime", () => {
    const gti = new GTI(Float64Array.of(1000, 3000), Float64Array.of(1800, 3900), { MJDREFI: 51910, TIMESYS: "TT" });
    for (const bytes of [writeOgip(ds, undefined, { gti }).files.pha, writeGadfDataset(ds, { gti })]) {
      const t = FitsFile.open(bytes).table("GTI");
      expect(Array.from(t.float64("START").data)).toEqual([1000, 3000]);
      expect(t.header.getInt("MJDREFI")).toBe(51910);
    }
    expect(readOgip(writeOgip(ds, undefined, { gti }).files).ontimeS).toBe(1700);
    expect(readGadfDataset(writeGadfDataset(ds, { gti })).ontimeS).toBe(1700);
  });

  it("a dataset without OFF counts has no BKG file and no BACKFILE", () => {
    const cash = new SpectrumDataset({ ...ds, countsOff: undefined, acceptanceOff: undefined });
    const { files } = writeOgip(cash);
    expect(files.bkg).toBeUndefined();
    expect(FitsFile.open(files.pha).table("SPECTRUM").header.has("BACKFILE")).toBe(false);
    expect(readOgip(files).countsOff).toBeUndefined();
  });

  it("gzip-compressed files when the name ends in .gz", () => {
    const dir = mkdtempSync(join(tmpdir(), "gammats-gz-"));
    try {
      const paths = writeOgipFiles(join(dir, "x.fits.gz"), ds);
      expect(paths.arf).toBe(join(dir, "x_arf.fits.gz"));
      for (const p of [paths.pha, paths.arf, paths.bkg, paths.rmf])
        expect(readFileSync(p).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
      expectSameDataset(readOgipFiles(paths.pha, { checksum: "error" }), ds, true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("datasets index: write, read, and bad indexes", () => {
    const dir = mkdtempSync(join(tmpdir(), "gammats-ds-"));
    try {
      for (const format of ["ogip", "gadf"] as const) {
        const index = writeDatasets(join(dir, format), [ds], { format });
        const text = readFileSync(index, "utf8");
        expect(text).toContain("type: SpectrumDatasetOnOff");
        expect(text).toContain(format === "ogip" ? "filename: pha_obssynthetic.fits" : "filename: synthetic.fits");
        const [back] = readDatasets(index, { checksum: "error" }).toArray() as SpectrumDataset[];
        expectSameDataset(back, ds, format === "ogip");
      }
      const bad = join(dir, "bad.yaml");
      writeFileSync(bad, "datasets: 3\n");
      expectError(() => readDatasets(bad), "BAD_INDEX", /bad\.yaml/);
      writeFileSync(bad, "datasets:\n- name: x\n  type: MapDataset\n  filename: x.fits\n");
      expectError(() => readDatasets(bad), "BAD_INDEX", /datasets\.0\.type/);
      writeFileSync(bad, "datasets:\n- name: x\n  type: SpectrumDatasetOnOff\n  filename: missing.fits\n");
      expectError(() => readDatasets(bad), "NOT_FOUND", /missing\.fits/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("files Gammapy 1.0 wrote (run 23523)", () => {
  const ref = JSON.parse(readFileSync(`${FIX}/gammapy-files.json`, "utf8"));

  function expectAsGammapy(ds: SpectrumDataset, want: Record<string, number[] | number | string | null>) {
    expect(ds.name).toBe(want.name);
    expect(Array.from(ds.counts)).toEqual(want.counts);
    expect(Array.from(ds.countsOff!)).toEqual(want.counts_off);
    expect(maxRelDiff(ds.alpha, want.alpha as number[])).toBeLessThan(1e-12);
    expect(maxRelDiff(ds.acceptanceOff!, want.acceptance_off as number[])).toBeLessThan(1e-12);
    expect(maxRelDiff(ds.exposure, want.exposure_cm2s as number[])).toBeLessThan(1e-12);
    expect(maxRelDiff(ds.edisp, want.edisp_matrix as number[])).toBeLessThan(1e-12);
    expect(Array.from(ds.maskSafe)).toEqual(want.mask_safe);
    expect(maxRelDiff(ds.energyAxis.edges, want.energy_edges_tev as number[])).toBeLessThan(1e-12);
    expect(maxRelDiff(ds.energyAxisTrue.edges, want.energy_true_edges_tev as number[])).toBeLessThan(1e-12);
    expect(ds.ontimeS).toBeCloseTo(want.ontime_s as number, 9);
    const r = ds.requireGeom().region;
    if (r.kind !== "circle") throw new Error("circle expected");
    const [ra, dec, radius] = want.region as number[];
    expect(r.center.lon).toBeCloseTo(ra, 9);
    expect(r.center.lat).toBeCloseTo(dec, 9);
    expect(r.radius).toBeCloseTo(radius, 9);
  }

  it("OGIP files (through the datasets index) read with Gammapy's arrays", () => {
    const [ds] = readDatasets(`${FIX}/gammapy-ogip/_datasets.yaml`, {
      checksum: "error",
    }).toArray() as SpectrumDataset[];
    expectAsGammapy(ds, ref.ogip);
    expect(ds.livetimeS).toBeCloseTo(ref.ogip.livetime_s, 9);
    // the same through the PHA path directly
    expectAsGammapy(readOgipFiles(`${FIX}/gammapy-ogip/pha_obs23523.fits.gz`), ref.ogip);
  });

  it("GADF file reads with Gammapy's arrays (livetime, absent from the file, falls back to the ontime)", () => {
    const ds = readGadfFile(`${FIX}/gammapy-gadf/23523.fits.gz`, { checksum: "error" });
    expectAsGammapy(ds, ref.gadf);
    expect(ds.livetimeS).toBe(ds.ontimeS);
  });
});

describe.skipIf(!hasData("joint-crab"))(
  `older OGIP files without a REGION HDU ${hasData("joint-crab") ? "" : NO_DATA_MESSAGE}`,
  () => {
    it("joint-crab H.E.S.S. run 23523 reads as Gammapy 1.0 reads it (no region, or the one given)", () => {
      const want = JSON.parse(readFileSync(`${FIX}/gammapy-files.json`, "utf8")).joint_crab_23523;
      const pha = dataPath("joint-crab", "spectra", "hess", "pha_obs23523.fits");
      const noRegion = readOgipFiles(pha);
      expect(noRegion.geom).toBeUndefined();
      expectError(() => noRegion.requireGeom(), "BAD_ARGUMENT", /23523.*no ON region/);
      expect(Array.from(noRegion.counts)).toEqual(want.counts);
      const ds = readOgipFiles(pha, { region: circle(83.633, 22.014, 0.11) });
      expect(ds.requireGeom().region).toEqual(circle(83.633, 22.014, 0.11));
      expect(ds.name).toBe(want.name);
      expect(Array.from(ds.counts)).toEqual(want.counts);
      expect(Array.from(ds.countsOff!)).toEqual(want.counts_off);
      expect(maxRelDiff(ds.alpha, want.alpha)).toBeLessThan(1e-12);
      expect(maxRelDiff(ds.exposure, want.exposure_cm2s)).toBeLessThan(1e-12);
      expect(maxRelDiff(ds.edisp, want.edisp_matrix)).toBeLessThan(1e-12);
      expect(Array.from(ds.maskSafe)).toEqual(want.mask_safe);
      expect(ds.livetimeS).toBeCloseTo(want.livetime_s, 9);
      expect(maxRelDiff(ds.energyAxisTrue.edges, want.energy_true_edges_tev)).toBeLessThan(1e-12);
    });
  },
);

describe.skipIf(!DATA_DIR)(`the four H.E.S.S. Crab runs ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  const datasets: SpectrumDataset[] = [];
  let dir = "";
  beforeAll(async () => {
    for (const r of await reduceCrab1d()) {
      r.dataset.name = String(r.dataset.meta.obs_id ?? r.dataset.name);
      datasets.push(r.dataset);
    }
    dir = process.env.GAMMATS_WRITE_DIR ?? mkdtempSync(join(tmpdir(), "gammats-crab-"));
  }, 120_000);
  afterAll(() => {
    if (dir && !process.env.GAMMATS_WRITE_DIR) rmSync(dir, { recursive: true, force: true });
  });

  it("round trip in both formats (files, datasets index, checksums verified)", () => {
    for (const format of ["ogip", "gadf"] as const) {
      const index = writeDatasets(join(dir, format), datasets, { format });
      const back = readDatasets(index, { checksum: "error" }).toArray() as SpectrumDataset[];
      expect(back.length).toBe(4);
      back.forEach((b, i) => {
        expectSameDataset(b, datasets[i], format === "ogip");
      });
    }
  });

  it("Gammapy 1.0 read the files gammats wrote with the same arrays", () => {
    const ref = JSON.parse(readFileSync(`${FIX}/gammapy-reads-gammats.json`, "utf8"));
    for (const format of ["ogip", "gadf"] as const) {
      expect(ref[format].length).toBe(4);
      ref[format].forEach((g: Record<string, number[] | number | string>, i: number) => {
        const d = datasets[i];
        expect(g.name).toBe(d.name);
        expect(g.counts).toEqual(Array.from(d.counts));
        expect(g.counts_off).toEqual(Array.from(d.countsOff!));
        expect(maxRelDiff(g.alpha as number[], d.alpha)).toBeLessThan(1e-12);
        expect(maxRelDiff(g.exposure_cm2s as number[], d.exposure)).toBeLessThan(1e-12);
        const edisp = format === "ogip" ? f32(d.edisp) : d.edisp;
        // probabilities: relative to 1e-6 for tiny entries, and one float32 ulp (OGIP stores float32): last-bit
        // differences of the cumulative integral may round to the neighbouring float32
        expect(maxRelDiff(g.edisp_matrix as number[], edisp, 1e-6)).toBeLessThan(2e-7);
        expect(g.mask_safe).toEqual(Array.from(d.maskSafe));
        expect(g.ontime_s).toBeCloseTo(d.ontimeS, 9);
        if (format === "ogip") expect(g.livetime_s).toBeCloseTo(d.livetimeS, 9);
      });
    }
  });
});
