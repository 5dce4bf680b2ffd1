#!/usr/bin/env -S node --max-semi-space-size=1 --expose-gc
/**
 * The `gammats` command line. The shebang runs node with a small young generation (analyses allocate many short-lived
 * typed arrays; small semi-spaces keep the peak resident memory low at no measurable cost in speed) and with `gc`
 * exposed, so that the memory of reduced observations is returned before the next step.
 */
import { Command } from "commander";
import { GammatsError } from "../src/util/errors.js";

// each command's modules are loaded when it runs: a command pays only for the code (and memory) it uses

const program = new Command();
const collect = (v: string, prev: string[] = []) => [...prev, v];
program
  .name("gammats")
  .description("Gamma-ray astronomy data analysis (Gammapy-compatible) in TypeScript")
  .version("0.1.0");

program
  .command("info")
  .description("Show a data store's observations, or a FITS file's HDUs and event summary")
  .argument("<path>", "data store folder or FITS file")
  .option("--json", "machine-readable output")
  .action(async (path: string, opts: { json?: boolean }) => {
    const { info } = await import("./commands/info.js");
    process.stdout.write(`${info(path, opts)}\n`);
  });

program
  .command("bin")
  .description("Bin the events of observations into a counts cube (Gammapy map format)")
  .argument("<datastore>", "data store folder")
  .option("--obs <ids>", "comma-separated observation ids (default: all)")
  .requiredOption("--skydir <lon,lat>", "map centre in deg")
  .option("--frame <frame>", "icrs or galactic", "icrs")
  .requiredOption("--binsz <deg>", "pixel size in deg")
  .requiredOption("--width <deg>", "map width in deg")
  .option("--height <deg>", "map height in deg (default: width)")
  .option("--proj <code>", "WCS projection", "CAR")
  .requiredOption("--energy <min:max:nbins>", "energy axis in TeV, log bins")
  .requiredOption("--out <file>", "output FITS file (.gz to compress)")
  .option("--quiet", "no progress on stderr")
  .action(async (store: string, opts) => {
    const { bin } = await import("./commands/bin.js");
    const controller = new AbortController();
    process.once("SIGINT", () => controller.abort());
    const log = opts.quiet ? undefined : (line: string) => process.stderr.write(`${line}\n`);
    const r = bin(store, opts, controller.signal, log);
    if (!opts.quiet)
      process.stderr.write(`wrote ${opts.out}: ${r.counts} counts from ${r.observations} observations\n`);
  });

program
  .command("run")
  .description("Run a Gammapy AnalysisConfig YAML (1d): reduce, fit, flux points; write results into --out")
  .argument("<config>", "AnalysisConfig YAML file")
  .option("--models <file>", "models YAML (Gammapy format) to fit")
  .requiredOption("--out <dir>", "output directory")
  .option("--quiet", "no progress on stderr")
  .option("--json", "print result.json to stdout")
  .option("--workers <n>", "worker threads for the per-observation work (default: all cores)")
  .action(
    async (
      config: string,
      opts: { models?: string; out: string; quiet?: boolean; json?: boolean; workers?: string },
    ) => {
      const { runCommand } = await import("./commands/run-command.js");
      await runCommand(config, opts);
    },
  );

program
  .command("fit")
  .description("Jointly fit the datasets of a Gammapy datasets YAML (spectra, flux points, maps); write into --out")
  .argument("<datasets>", "datasets YAML (Gammapy's Datasets.write layout; file names relative to it, $VAR expanded)")
  .requiredOption("--models <file>", "models YAML (Gammapy format) to fit")
  .requiredOption("--out <dir>", "output directory")
  .option(
    "--fit-range <[name=]min:max>",
    "fit energy range in TeV, of all datasets or those named (prefix*), repeatable",
    collect,
  )
  .option("--freeze <parameter>", "freeze a parameter, e.g. crab.spectral.beta (repeatable)", collect)
  .option("--flux-points <names>", "estimate flux points of these datasets (comma-separated, prefix*, or all)")
  .option(
    "--flux-points-energy <min:max:nbins>",
    "flux point energy bins in TeV (default: 4 per decade of the fit range)",
  )
  .option("--source <name>", "source model of the flux points and the SED (default: the first model)")
  .option("--stat-type <type>", "statistic of flux-point datasets: chi2, distrib or profile")
  .option("--contour <x,y>", "also compute the 1-sigma confidence contour of two parameters")
  .option("--quiet", "no progress on stderr")
  .option("--json", "print result.json to stdout")
  .action(async (datasets: string, opts) => {
    const { fitCommand } = await import("./commands/fit-command.js");
    await fitCommand(datasets, opts);
  });

program
  .command("catalog")
  .description(
    "List a source catalog's sources (by name or sky region) and write their models YAML / exclusion regions",
  )
  .argument("<name>", "3fgl, 3fhl, 2hwc, 3hwc, hgps, gamma-cat or 1lhaaso")
  .option("--source <name>", "source name or alias (repeatable)", (v: string, prev: string[] = []) => [...prev, v])
  .option("--region <ds9>", "DS9 region, e.g. 'galactic;circle(0,0,3)' or 'icrs;box(83.6,22,4,4,0)'")
  .option("--which <variant>", "model variant: hgps best|pl|ecpl, 2hwc point|extended, 1lhaaso KM2A|WCDA")
  .option("--models-out <file>", "write the sources' models (Gammapy models YAML)")
  .option("--exclusion-out <file>", "write exclusion circles (DS9) around the sources")
  .option("--exclusion-margin <deg>", "margin added to each source's extent in the exclusion circles", "0.3")
  .option("--file <path>", "catalog file (default: its place in $GAMMAPY_DATA)")
  .option("--json", "machine-readable output")
  .action(async (name: string, opts) => {
    const { catalogCommand } = await import("./commands/catalog.js");
    process.stdout.write(`${catalogCommand(name, opts)}\n`);
  });

program
  .command("detect")
  .description("Detect point sources in a map dataset: TS map, peaks, candidates fitted jointly (Gammapy's detection)")
  .argument("<dataset>", "MapDataset FITS file (Gammapy format) or datasets YAML index")
  .option("--threshold <sqrt_ts>", "significance threshold of the peaks", "5")
  .option("--min-distance <deg>", "minimum distance between peaks", "0.25")
  .option("--kernel-width <deg>", "TS-map kernel width (default: the whole padded map)")
  .option("--energy <min:max>", "reco-energy range in TeV (default: the dataset's)")
  .option("--no-fit", "keep the candidates at their TS-map values")
  .option("--models-out <file>", "write the candidates' models (Gammapy models YAML)")
  .option("--plot <file.png>", "write the significance map with the candidates marked (PNG and SVG)")
  .option("--json", "machine-readable output")
  .action(async (dataset: string, opts) => {
    const { detectCommand } = await import("./commands/detect.js");
    process.stdout.write(`${detectCommand(dataset, opts)}\n`);
  });

program
  .command("simulate")
  .description("Write a simulated DL3 data store (Crab-like point source, wobble runs, built-in generic-IACT IRFs)")
  .requiredOption("--out <dir>", "output folder (created if needed)")
  .option("--n-obs <n>", "number of observations", "4")
  .option("--seed <n>", "random seed", "1")
  .option("--livetime <s>", "live time per observation in s", "1800")
  .option("--wobble <deg>", "wobble offset in deg", "0.5")
  .option("--quiet", "no summary on stderr")
  .action(async (opts) => {
    const { simulateCommand } = await import("./commands/simulate.js");
    simulateCommand(opts);
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof GammatsError) {
    process.stderr.write(`gammats: ${err.message}\n`);
    process.exit(1);
  }
  throw err;
}
