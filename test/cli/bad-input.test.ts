/**
 * The bad-input corpus of the command line (issue 9): every case is a command a hostile but ordinary user would type.
 * Each must exit non-zero within 5 s with one line naming the problem and its error code, without a stack trace,
 * and leave the output folder as it was. Runs in-process (`gammats(argv)`, the same code as the process; the process
 * boundary and signals are tested in process.test.ts) on a small simulated data store, so it needs no real data.
 */

import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { simulateCommand, simulatedCrab3dConfigYaml, simulatedCrabConfigYaml } from "../../cli/commands/simulate.js";
import { EXIT } from "../../cli/errors.js";
import { writeFitsFile } from "../../src/fits/node.js";
import { hduIndexHdu } from "../../src/simulate/store.js";
import { cliInProcess, expectFailure, leftovers, setPath, snapshot } from "../support/cli.js";
import { REPO_ROOT } from "../support/data.js";

const MODELS_1D = join(REPO_ROOT, "examples", "crab-1d-models.yaml");
const MODELS_3D = join(REPO_ROOT, "examples", "crab-3d-models.yaml");

let base: string;
let store: string;
/** A complete previous output that every failing run must leave untouched. */
let prev: string;

let counter = 0;
/** Writes a YAML file made from `text` with `changes` (dotted path -> value; undefined deletes). */
function yamlFile(text: string, changes: Record<string, unknown> = {}): string {
  const doc = parseYaml(text) as Record<string, unknown>;
  for (const [k, v] of Object.entries(changes)) setPath(doc, k, v);
  const path = join(base, `case-${++counter}.yaml`);
  writeFileSync(path, stringifyYaml(doc));
  return path;
}

const config1d = (changes: Record<string, unknown> = {}) => yamlFile(simulatedCrabConfigYaml(store, [1, 2]), changes);
const config3d = (changes: Record<string, unknown> = {}) => yamlFile(simulatedCrab3dConfigYaml(store, [1, 2]), changes);
const models = (file: string, changes: Record<string, unknown>) => yamlFile(readFileSync(file, "utf8"), changes);

/** `gammats run`: must fail as given, leave the previous output as it was and nothing next to it. */
async function runFails(args: string[], exit: number, code: string, pattern?: RegExp): Promise<void> {
  const before = snapshot(prev);
  // one thread: a pool's threads would load the sources through tsx again (seconds on a busy machine)
  const r = await cliInProcess(["run", ...args.map((a) => (a === "PREV" ? prev : a)), "--quiet", "--workers", "1"]);
  expectFailure(r, exit, code, pattern);
  expect(snapshot(prev)).toBe(before);
  expect(leftovers(base)).toEqual([]);
}

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), "gammats-bad-input-"));
  store = join(base, "store");
  simulateCommand({ out: store, nObs: "2", livetime: "300", seed: "3", quiet: true });
  prev = join(base, "prev");
  const r = await cliInProcess(["run", config1d(), "--models", MODELS_1D, "--out", prev, "--quiet", "--workers", "1"]);
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => rmSync(base, { recursive: true, force: true }));

describe("gammats run: output folder", () => {
  it("--out an existing file, a path under a file, '' or /proc/x: one-line errors, nothing touched", async () => {
    const file = join(base, "a-file");
    writeFileSync(file, "x");
    await runFails([config1d(), "--models", MODELS_1D, "--out", file], EXIT.FILESYSTEM, "BAD_OUTPUT", /is a file/);
    await runFails([config1d(), "--out", join(file, "sub")], EXIT.FILESYSTEM, "NOT_A_DIRECTORY");
    await runFails([config1d(), "--out", ""], EXIT.FILESYSTEM, "BAD_OUTPUT", /empty/);
    await runFails([config1d(), "--out", "/proc/gammats-x"], EXIT.FILESYSTEM, "NOT_FOUND", /\/proc/);
    await runFails([config1d(), "--out", join(base, "no-such", "out")], EXIT.FILESYSTEM, "NOT_FOUND", /does not exist/);
  });

  it("a non-empty folder gammats did not write is refused without --overwrite; one holding the inputs always", async () => {
    const foreign = join(base, "foreign");
    mkdirSync(foreign);
    writeFileSync(join(foreign, "notes.txt"), "mine");
    await runFails([config1d(), "--out", foreign], EXIT.FILESYSTEM, "OUT_NOT_EMPTY", /--overwrite/);
    await runFails([config1d(), "--out", base, "--overwrite"], EXIT.FILESYSTEM, "BAD_OUTPUT", /contains the input/);
  });
});

describe("gammats run: input files", () => {
  it("missing, folder, FIFO and symlink-loop configs; missing models, data store, exclusion mask", async () => {
    await runFails([join(base, "nope.yaml"), "--out", "PREV"], EXIT.FILESYSTEM, "NOT_FOUND", /nope\.yaml/);
    await runFails([store, "--out", "PREV"], EXIT.FILESYSTEM, "NOT_A_FILE", /is a folder/);
    const fifo = join(base, "fifo.yaml");
    execFileSync("mkfifo", [fifo]);
    await runFails([fifo, "--out", "PREV"], EXIT.FILESYSTEM, "NOT_A_FILE", /FIFO/);
    rmSync(fifo);
    symlinkSync(join(base, "loop-b"), join(base, "loop-a"));
    symlinkSync(join(base, "loop-a"), join(base, "loop-b"));
    await runFails([join(base, "loop-a"), "--out", "PREV"], EXIT.FILESYSTEM, "SYMLINK_LOOP");
    rmSync(join(base, "loop-a"));
    rmSync(join(base, "loop-b"));
    // the models file is checked before the reduction (it used to fail after it)
    const r0 = performance.now();
    await runFails(
      [config1d(), "--models", join(base, "nope-models.yaml"), "--out", "PREV"],
      EXIT.FILESYSTEM,
      "NOT_FOUND",
      /--models/,
    );
    expect(performance.now() - r0).toBeLessThan(1000);
    const aFile = join(base, "store-file");
    writeFileSync(aFile, "x");
    await runFails(
      [config1d({ "observations.datastore": aFile }), "--out", "PREV"],
      EXIT.FILESYSTEM,
      "NOT_A_DIRECTORY",
    );
    await runFails(
      [config1d({ "observations.datastore": join(base, "none") }), "--out", "PREV"],
      EXIT.FILESYSTEM,
      "NOT_FOUND",
    );
    await runFails(
      [config1d({ "datasets.background.exclusion": join(base, "none.fits") }), "--out", "PREV"],
      EXIT.FILESYSTEM,
      "NOT_FOUND",
      /exclusion/,
    );
  });

  it("unparsable YAML in the config or models", async () => {
    const bad = join(base, "bad.yaml");
    writeFileSync(bad, "datasets: [unclosed\n");
    await runFails([bad, "--out", "PREV"], EXIT.BAD_INPUT, "BAD_YAML");
    await runFails([config1d(), "--models", bad, "--out", "PREV"], EXIT.BAD_INPUT, "BAD_YAML");
  });
});

describe("gammats run: config values (checked before any data is read)", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["nbins 2.5", { "datasets.geom.axes.energy.nbins": 2.5 }, "BAD_CONFIG", /nbins: 2\.5 is not an integer/],
    ["nbins 0", { "datasets.geom.axes.energy.nbins": 0 }, "BAD_CONFIG", /below 1/],
    ["inverted energy axis", { "datasets.geom.axes.energy_true.min": "60 TeV" }, "BAD_CONFIG", /energy_true: max/],
    ["negative energy", { "datasets.geom.axes.energy.min": "-1 TeV" }, "BAD_CONFIG", /not positive/],
    ["energy in deg", { "datasets.geom.axes.energy.min": "1 deg" }, "BAD_CONFIG", /cannot convert/],
    ["unparsable quantity", { "fit.fit_range.min": "abc TeV" }, "BAD_CONFIG", /fit_range\.min/],
    ["inverted fit range", { "fit.fit_range": { min: "20 TeV", max: "1 TeV" } }, "BAD_CONFIG", /fit_range: max/],
    ["fit range outside the axis", { "fit.fit_range": { min: "50 TeV", max: "100 TeV" } }, "BAD_CONFIG", /no bin/],
    ["inverted flux points", { "flux_points.energy": { min: "20 TeV", max: "1 TeV", nbins: 4 } }, "BAD_CONFIG", /max/],
    [
      "flux points outside the axis",
      { "flux_points.energy": { min: "40 TeV", max: "90 TeV", nbins: 2 } },
      "BAD_CONFIG",
      /no bin/,
    ],
    ["ON region at lat 100", { "datasets.on_region.lat": "100 deg" }, "BAD_CONFIG", /on_region\.lat.*above 90/],
    ["negative radius", { "datasets.on_region.radius": "-0.1 deg" }, "BAD_CONFIG", /not positive/],
    ["ON region without lat", { "datasets.on_region.lat": null }, "BAD_CONFIG", /lat missing/],
    ["obs id not an integer", { "observations.obs_ids": [1.5] }, "BAD_CONFIG", /1\.5 is not an observation id/],
    ["obs id a string", { "observations.obs_ids": ["x"] }, "BAD_CONFIG", /'x' is not an observation id/],
    [
      "inverted obs_time",
      { "observations.obs_time": { start: "2021-01-02", stop: "2021-01-01" } },
      "BAD_CONFIG",
      /not after/,
    ],
    [
      "unparsable obs_time",
      { "observations.obs_time": { start: "yesterday", stop: "2021-01-01" } },
      "BAD_CONFIG",
      /cannot parse time/,
    ],
    [
      "obs_cone without radius",
      { "observations.obs_cone": { frame: "icrs", lon: "83 deg", lat: "22 deg" } },
      "BAD_CONFIG",
      /radius missing/,
    ],
    ["obs_ids and obs_file", { "observations.obs_file": "ids.txt" }, "BAD_CONFIG", /both obs_ids and obs_file/],
    ["unknown key", { "datasets.geom.axes.energy.nbinz": 3 }, "UNKNOWN_KEY", /nbinz/],
    ["unknown safe-mask method", { "datasets.safe_mask.methods": ["aeff-best"] }, "BAD_CONFIG", /aeff-best/],
    [
      "a parameter gammats ignores",
      { "datasets.safe_mask.parameters": { bias_percent: 10 } },
      "UNSUPPORTED",
      /bias_percent/,
    ],
    ["dataset type 2d", { "datasets.type": "2d" }, "BAD_CONFIG", /'2d'/],
    ["ring background in 1d", { "datasets.background.method": "ring" }, "UNSUPPORTED", /reflected/],
    ["10^7 energy bins", { "datasets.geom.axes.energy.nbins": 10_000_000 }, "TOO_LARGE", /more than the budget/],
  ];
  it.each(cases)("%s", async (_name, changes, code, pattern) => {
    const exit = code === "TOO_LARGE" ? EXIT.RESOURCES : EXIT.BAD_INPUT;
    await runFails([config1d(changes), "--models", MODELS_1D, "--out", "PREV"], exit, code, pattern);
  });

  const cases3d: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["map centre at lat 100", { "datasets.geom.wcs.skydir.lat": "100 deg" }, "BAD_CONFIG", /above 90/],
    ["0.00002 deg pixels", { "datasets.geom.wcs.binsize": "0.00002 deg" }, "TOO_LARGE", /100000 x 100000 pixel/],
    [
      "10^5 x 10^5 pixels",
      { "datasets.geom.wcs.width": { width: "100 deg", height: "100 deg" }, "datasets.geom.wcs.binsize": "0.001 deg" },
      "TOO_LARGE",
      /budget/,
    ],
    ["width 1000 deg", { "datasets.geom.wcs.width.width": "1000 deg" }, "BAD_CONFIG", /above 360/],
    [
      "reflected background in 3d",
      { "datasets.background.method": "reflected" },
      "UNSUPPORTED",
      /fov_background or ring/,
    ],
  ];
  it.each(cases3d)("3d: %s", async (_name, changes, code, pattern) => {
    const exit = code === "TOO_LARGE" ? EXIT.RESOURCES : EXIT.BAD_INPUT;
    await runFails([config3d(changes), "--models", MODELS_3D, "--out", "PREV"], exit, code, pattern);
  });

  it("a memory budget too small for the config", async () => {
    await runFails([config1d(), "--out", "PREV", "--max-memory", "10M"], EXIT.RESOURCES, "TOO_LARGE", /10\.0 MiB/);
  });
});

describe("gammats run: models (checked before any data is read)", () => {
  const p = "components.0.spectral.parameters";
  const cases: Array<[string, string, Record<string, unknown>, string, RegExp]> = [
    [
      "a start value outside its bounds",
      "1d",
      { [`${p}.0`]: { name: "index", value: 5, min: 1, max: 4 } },
      "BAD_MODELS",
      /outside its bounds/,
    ],
    [
      "bounds inverted",
      "1d",
      { [`${p}.0`]: { name: "index", value: 2, min: 3, max: 1 } },
      "BAD_MODELS",
      /min 3 is above max 1/,
    ],
    [
      "a non-finite value",
      "1d",
      { [`${p}.0`]: { name: "index", value: Number.POSITIVE_INFINITY } },
      "BAD_MODELS",
      /not finite/,
    ],
    ["an unknown model type", "1d", { "components.0.spectral.type": "PowerLaw3" }, "BAD_MODELS", /PowerLaw3/],
    [
      "all parameters frozen",
      "1d",
      {
        [`${p}.0`]: { name: "index", value: 2.6, frozen: true },
        [`${p}.1`]: { name: "amplitude", value: 5e-11, unit: "cm-2 s-1 TeV-1", frozen: true },
      },
      "BAD_MODELS",
      /no free parameter/,
    ],
    [
      "free spatial parameters in a 1d model",
      "1d",
      {
        "components.0.spatial": {
          type: "PointSpatialModel",
          frame: "icrs",
          parameters: [
            { name: "lon_0", value: 83.63, unit: "deg" },
            { name: "lat_0", value: 22.01, unit: "deg" },
          ],
        },
      },
      "BAD_MODELS",
      /lon_0: is free/,
    ],
    [
      "a Gaussian in a 1d model",
      "1d",
      {
        "components.0.spatial": {
          type: "GaussianSpatialModel",
          frame: "icrs",
          parameters: [
            { name: "lon_0", value: 83.63, unit: "deg", frozen: true },
            { name: "lat_0", value: 22.01, unit: "deg", frozen: true },
            { name: "sigma", value: 0.2, unit: "deg", frozen: true },
          ],
        },
      },
      "UNSUPPORTED",
      /ignored/,
    ],
    [
      "lat_0 = 120",
      "3d",
      { "components.0.spatial.parameters.1": { name: "lat_0", value: 120, unit: "deg", min: Number.NaN } },
      "BAD_MODELS",
      /lat_0.*120/,
    ],
    [
      "a background model in 1d",
      "1d",
      { "components.1": { type: "FoVBackgroundModel", datasets_names: ["stacked"] } },
      "BAD_MODELS",
      /FoVBackgroundModel/,
    ],
    [
      "datasets_names the analysis does not make",
      "1d",
      { "components.0.datasets_names": ["run-7"] },
      "BAD_MODELS",
      /run-7/,
    ],
  ];
  it.each(cases)("%s", async (_name, kind, changes, code, pattern) => {
    const m = models(kind === "1d" ? MODELS_1D : MODELS_3D, changes);
    await runFails(
      [kind === "1d" ? config1d() : config3d(), "--models", m, "--out", "PREV"],
      EXIT.BAD_INPUT,
      code,
      pattern,
    );
  });

  it("a flux-point source that is not a model", async () => {
    await runFails(
      [config1d({ "flux_points.source": "vela" }), "--models", MODELS_1D, "--out", "PREV"],
      EXIT.BAD_INPUT,
      "BAD_CONFIG",
      /'vela'.*crab/,
    );
  });

  it("a huge start value (infinite statistic) fails at the start of the fit instead of 'success'", async () => {
    const m = models(MODELS_1D, { [`${p}.1`]: { name: "amplitude", value: 1e300, unit: "cm-2 s-1 TeV-1" } });
    await runFails(
      [config1d(), "--models", m, "--out", "PREV"],
      EXIT.BAD_INPUT,
      "NON_FINITE_STAT",
      /amplitude = 1e\+300/,
    );
  });
});

describe("gammats run: observation selection (Gammapy's semantics, see README)", () => {
  let lacking: string;
  beforeAll(() => {
    // a copy of the store whose index lacks the PSF of observation 2
    lacking = join(base, "store-no-psf");
    cpSync(store, lacking, { recursive: true });
    const hdu = hduIndexHdu(
      [1, 2].map((id) => ({ obsId: id, fileName: `obs_${String(id).padStart(6, "0")}.fits.gz` })),
    );
    const keep = (hdu.columns[0].data as Int32Array).length;
    const rows = Array.from({ length: keep }, (_, i) => i).filter(
      (i) => !((hdu.columns[0].data as Int32Array)[i] === 2 && (hdu.columns[1].data as string[])[i] === "psf"),
    );
    const columns = hdu.columns.map((c) => ({
      ...c,
      data:
        c.data instanceof Int32Array
          ? Int32Array.from(rows, (i) => (c.data as Int32Array)[i])
          : rows.map((i) => (c.data as string[])[i]),
    }));
    writeFitsFile(join(lacking, "hdu-index.fits.gz"), [{ ...hdu, columns }]);
  });

  it("a listed observation without a required IRF is an error naming it (not silently dropped)", async () => {
    await runFails(
      [config1d({ "observations.datastore": lacking }), "--models", MODELS_1D, "--out", "PREV"],
      EXIT.BAD_INPUT,
      "MISSING_HDU",
      /2 \(psf\)/,
    );
  });

  it("an unknown observation id is an error listing the store's ids", async () => {
    await runFails(
      [config1d({ "observations.obs_ids": [1, 999] }), "--out", "PREV"],
      EXIT.BAD_INPUT,
      "UNKNOWN_OBSERVATION",
      /999 not in the data store/,
    );
  });

  it("a target outside the runs' field of view names the runs and offsets", async () => {
    const far = { "datasets.on_region.lon": "120 deg", "flux_points.energy": null };
    await runFails(
      [config1d(far), "--models", MODELS_1D, "--out", "PREV"],
      EXIT.BAD_INPUT,
      "OUT_OF_FOV",
      /1 at 3\d\.\d\d deg/,
    );
    await runFails(
      [config1d({ ...far, "observations.obs_ids": [] }), "--out", "PREV"],
      EXIT.BAD_INPUT,
      "NO_OBSERVATIONS",
      /field of view/,
    );
  });

  it("obs_ids absent means all observations: one lacking a required IRF is skipped with a warning naming it", async () => {
    const out = join(base, "all-obs");
    const r = await cliInProcess([
      "run",
      config1d({ "observations.datastore": lacking, "observations.obs_ids": undefined }),
      "--models",
      MODELS_1D,
      "--out",
      out,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/gammats: warning: skipped observations: 1 without required IRFs: 2 \(psf\)/);
    const result = JSON.parse(readFileSync(join(out, "result.json"), "utf8"));
    expect(result.warnings).toEqual([expect.stringMatching(/2 \(psf\)/)]);
    expect(result.info.livetime).toBeCloseTo(300, 6);
  }, 60_000);
});

describe("gammats run: failures half-way and previous outputs", () => {
  it("a run that fails during the reduction (truncated DL3 file) leaves the previous output as it was", async () => {
    const broken = join(base, "store-broken");
    cpSync(store, broken, { recursive: true });
    const f = join(broken, "obs_000002.fits.gz");
    writeFileSync(f, readFileSync(f).subarray(0, 5000));
    await runFails(
      [config1d({ "observations.datastore": broken }), "--models", MODELS_1D, "--out", "PREV"],
      EXIT.BAD_INPUT,
      "BAD_GZIP",
    );
    expect(leftovers(base)).toEqual([]);
  }, 60_000);

  it("a 1d run into a 3d run's folder replaces it whole: no file of the first run is left", async () => {
    const out = join(base, "was-3d");
    mkdirSync(out);
    for (const f of ["result.json", "excess_map.fits", "light_curve.fits", "counts.png"])
      writeFileSync(join(out, f), "{}");
    const r = await cliInProcess(["run", config1d(), "--models", MODELS_1D, "--out", out, "--quiet", "--workers", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(snapshot(out)).not.toMatch(/excess_map|light_curve|counts\.png/);
    expect(leftovers(base)).toEqual([]);
  }, 60_000);
});

describe("other commands", () => {
  it("info: missing path, FIFO, symlink loop, a file that is not FITS", async () => {
    expectFailure(await cliInProcess(["info", join(base, "nope")]), EXIT.FILESYSTEM, "NOT_FOUND");
    const fifo = join(base, "fifo");
    execFileSync("mkfifo", [fifo]);
    expectFailure(await cliInProcess(["info", fifo]), EXIT.FILESYSTEM, "NOT_A_FILE", /FIFO/);
    symlinkSync(join(base, "l2"), join(base, "l1"));
    symlinkSync(join(base, "l1"), join(base, "l2"));
    expectFailure(await cliInProcess(["info", join(base, "l1")]), EXIT.FILESYSTEM, "SYMLINK_LOOP");
    const text = join(base, "text.fits");
    writeFileSync(text, "hello");
    expectFailure(await cliInProcess(["info", text]), EXIT.BAD_INPUT, "NOT_FITS");
  });

  it("bin: --out a folder, --skydir without latitude or at lat 100, 0.00002 deg pixels, a file as data store", async () => {
    const args = ["--binsz", "0.1", "--width", "2", "--energy", "1:10:5"];
    const out = join(base, "c.fits");
    expectFailure(
      await cliInProcess(["bin", store, "--skydir", "83.6,22", ...args, "--out", base]),
      EXIT.FILESYSTEM,
      "BAD_OUTPUT",
      /folder/,
    );
    expectFailure(
      await cliInProcess(["bin", store, "--skydir", "83.63", ...args, "--out", out]),
      EXIT.USAGE,
      "USAGE",
      /LON,LAT/,
    );
    expectFailure(
      await cliInProcess(["bin", store, "--skydir", "83.6,100", ...args, "--out", out]),
      EXIT.USAGE,
      "USAGE",
      /outside \[-90, 90\]/,
    );
    const tiny = ["--binsz", "0.00002", "--width", "2", "--energy", "1:10:5"];
    expectFailure(
      await cliInProcess(["bin", store, "--skydir", "83.6,22", ...tiny, "--out", out]),
      EXIT.RESOURCES,
      "TOO_LARGE",
    );
    expectFailure(
      await cliInProcess(["bin", join(store, "result.json"), "--skydir", "83.6,22", ...args, "--out", out]),
      EXIT.FILESYSTEM,
      "NOT_A_DIRECTORY",
    );
    expectFailure(
      await cliInProcess(["bin", store, "--obs", "1,77", "--skydir", "83.6,22", ...args, "--out", out]),
      EXIT.BAD_INPUT,
      "UNKNOWN_OBSERVATION",
      /77/,
    );
    expectFailure(
      await cliInProcess(["bin", store, "--skydir", "83.6,22", ...args, "--energy", "10:1:5", "--out", out]),
      EXIT.USAGE,
      "USAGE",
    );
    expect(snapshot(out)).toBe("absent");
  });

  it("simulate: --out a file, a million observations, a fractional count", async () => {
    const file = join(base, "sim-file");
    writeFileSync(file, "x");
    expectFailure(await cliInProcess(["simulate", "--out", file]), EXIT.FILESYSTEM, "BAD_OUTPUT");
    expectFailure(
      await cliInProcess(["simulate", "--out", join(base, "sim"), "--n-obs", "1000000"]),
      EXIT.RESOURCES,
      "TOO_LARGE",
      /GiB/,
    );
    expectFailure(await cliInProcess(["simulate", "--out", join(base, "sim"), "--n-obs", "2.5"]), EXIT.USAGE, "USAGE");
    expect(snapshot(join(base, "sim"))).toBe("absent");
  });

  it("usage: unknown command or option, missing option, bad size", async () => {
    expectFailure(await cliInProcess(["frobnicate"]), EXIT.USAGE, "USAGE", /unknown command/);
    expectFailure(await cliInProcess(["run", "c.yaml", "--out", "o", "--bogus"]), EXIT.USAGE, "USAGE", /--bogus/);
    expectFailure(await cliInProcess(["run", "c.yaml"]), EXIT.USAGE, "USAGE", /--out/);
    expectFailure(
      await cliInProcess(["run", config1d(), "--out", prev, "--max-memory", "lots"]),
      EXIT.USAGE,
      "USAGE",
      /lots/,
    );
  });
});
