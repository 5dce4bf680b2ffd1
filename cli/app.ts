/**
 * The `gammats` command line as a function: `gammats(argv, io)` parses the arguments, runs the command and returns
 * the exit code (see errors.ts, `EXIT`). cli/main.ts calls it with the process's arguments; tests call it in-process.
 * Each command validates everything it can before starting (inputs, output path, memory), then runs its work as a
 * task (a worker thread that Ctrl-C can stop at any time) and writes its outputs all-or-nothing.
 */
import { Command, CommanderError } from "commander";
import { EXIT, UsageError } from "./errors.js";
import { defaultMemoryBudget, parseSize } from "./memory.js";
import { type CliIo, execute, processIo, type Session, type SessionFlags } from "./session.js";
import { siblingModule } from "./task.js";

/** A task in a module of the cli folder. */
function task(module: string, name: string, args: unknown) {
  return { module: siblingModule(import.meta.url, module), name, args };
}

/** Runs the command line `argv` (without node and script); returns the exit code. */
export async function gammats(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let code: number = EXIT.OK;
  const program = new Command();
  const flags = (opts: { quiet?: boolean }): SessionFlags => ({
    debug: program.opts().debug === true,
    quiet: opts.quiet === true,
  });
  const run = (opts: { quiet?: boolean }, body: (s: Session) => Promise<void>) =>
    execute(io, flags(opts), body).then((c) => {
      code = c;
    });
  const workerCount = (text: string | undefined) => {
    if (text === undefined) return undefined;
    const n = Number(text);
    if (!Number.isSafeInteger(n) || n < 1) throw new UsageError(`--workers must be an integer >= 1, got '${text}'`);
    return n;
  };
  const budget = (text: string | undefined) => (text ? parseSize(text, "--max-memory") : defaultMemoryBudget());
  program
    .name("gammats")
    .description("Gamma-ray astronomy data analysis (Gammapy-compatible) in TypeScript")
    .version("0.1.0")
    .option("--debug", "print the stack trace of errors")
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout(t), writeErr: (t) => io.stderr(t), outputError: () => {} });

  program
    .command("info")
    .description("Show a data store's observations, or a FITS file's HDUs and event summary")
    .argument("<path>", "data store folder or FITS file")
    .option("--json", "machine-readable output")
    .action((path: string, opts: { json?: boolean }) =>
      run({}, async (s) => {
        s.out(`${await s.runTask<string>(task("./commands/inline-tasks.js", "infoTask", { path, options: opts }))}\n`);
      }),
    );

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
    .requiredOption("--out <file>", "output FITS file (.gz to compress), replaced atomically")
    .option("--max-memory <size>", "memory budget, e.g. 4G (default: half of the machine's)")
    .option("--quiet", "no progress on stderr")
    .action((store: string, opts) =>
      run(opts, async (s) => {
        const r = await s.runFileTask<{ counts: number; observations: number }>(
          [opts.out],
          task("./commands/bin.js", "binTask", { store, options: opts, maxMemoryBytes: budget(opts.maxMemory) }),
        );
        s.log(`wrote ${opts.out}: ${r.counts} counts from ${r.observations} observations`);
      }),
    );

  program
    .command("run")
    .description("Run a Gammapy AnalysisConfig YAML (1d or 3d): reduce, fit, flux points; write results into --out")
    .argument("<config>", "AnalysisConfig YAML file")
    .option("--models <file>", "models YAML (Gammapy format) to fit")
    .requiredOption("--out <dir>", "output folder, replaced as a whole when the run succeeds")
    .option("--overwrite", "replace --out even if it is a non-empty folder that gammats did not write")
    .option("--max-memory <size>", "memory budget, e.g. 4G (default: half of the machine's)")
    .option("--workers <n>", "worker threads for the per-observation work (default: all cores)")
    .option("--quiet", "no progress on stderr")
    .option("--json", "print result.json to stdout")
    .action((config: string, opts) =>
      run(opts, async (s) => {
        const { formatRunSummary, resultJson } = await import("./commands/run-command.js");
        const result = await s.runFolderTask<import("./commands/run.js").RunResult>(
          opts.out,
          { overwrite: opts.overwrite },
          (staging) =>
            task("./commands/run.js", "runAnalysisTask", {
              configPath: config,
              modelsPath: opts.models,
              outDir: staging,
              out: opts.out,
              overwrite: opts.overwrite,
              maxMemoryBytes: budget(opts.maxMemory),
              workers: workerCount(opts.workers),
            }),
        );
        s.out(opts.json ? resultJson(result) : formatRunSummary(result, opts.out));
      }),
    );

  const collect = (v: string, prev: string[] = []) => [...prev, v];
  program
    .command("fit")
    .description("Jointly fit the datasets of a Gammapy datasets YAML (spectra, flux points, maps); write into --out")
    .argument("<datasets>", "datasets YAML (Gammapy's Datasets.write layout; file names relative to it, $VAR expanded)")
    .requiredOption("--models <file>", "models YAML (Gammapy format) to fit")
    .requiredOption("--out <dir>", "output folder, replaced as a whole when the fit succeeds")
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
    .option("--overwrite", "replace --out even if it is a non-empty folder that gammats did not write")
    .option("--quiet", "no progress on stderr")
    .option("--json", "print result.json to stdout")
    .action((datasets: string, opts) =>
      run(opts, async (s) => {
        const { checkFitFlags, formatFitSummary } = await import("./commands/fit-command.js");
        const { resultJson } = await import("./commands/run-command.js");
        checkFitFlags(opts);
        const result = await s.runFolderTask<import("./commands/fit.js").FitCommandResult>(
          opts.out,
          { overwrite: opts.overwrite },
          (staging) => task("./commands/fit-command.js", "fitTask", { datasets, flags: opts, staging }),
        );
        s.out(opts.json ? resultJson(result) : formatFitSummary(result, opts.out));
      }),
    );

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
    .action((name: string, opts) =>
      run({}, async (s) => {
        const outputs = [opts.modelsOut, opts.exclusionOut].filter((f): f is string => !!f);
        const spec = task("./commands/inline-tasks.js", "catalogTask", { name, options: opts });
        s.out(`${await s.runFileTask<string>(outputs, spec)}\n`);
      }),
    );

  program
    .command("detect")
    .description(
      "Detect point sources in a map dataset: TS map, peaks, candidates fitted jointly (Gammapy's detection)",
    )
    .argument("<dataset>", "MapDataset FITS file (Gammapy format) or datasets YAML index")
    .option("--threshold <sqrt_ts>", "significance threshold of the peaks", "5")
    .option("--min-distance <deg>", "minimum distance between peaks", "0.25")
    .option("--kernel-width <deg>", "TS-map kernel width (default: the whole padded map)")
    .option("--energy <min:max>", "reco-energy range in TeV (default: the dataset's)")
    .option("--no-fit", "keep the candidates at their TS-map values")
    .option("--models-out <file>", "write the candidates' models (Gammapy models YAML)")
    .option("--plot <file.png>", "write the significance map with the candidates marked (PNG and SVG)")
    .option("--json", "machine-readable output")
    .action((dataset: string, opts) =>
      run({}, async (s) => {
        const plot = opts.plot ? opts.plot.replace(/\.(png|svg)$/i, "") : undefined;
        const outputs = [opts.modelsOut, plot && `${plot}.png`, plot && `${plot}.svg`].filter((f): f is string => !!f);
        const spec = task("./commands/inline-tasks.js", "detectTask", { dataset, options: opts });
        s.out(`${await s.runFileTask<string>(outputs, spec)}\n`);
      }),
    );

  program
    .command("simulate")
    .description("Write a simulated DL3 data store (Crab-like point source, wobble runs, built-in generic-IACT IRFs)")
    .requiredOption("--out <dir>", "output folder, replaced as a whole when the simulation succeeds")
    .option("--n-obs <n>", "number of observations", "4")
    .option("--seed <n>", "random seed", "1")
    .option("--livetime <s>", "live time per observation in s", "1800")
    .option("--wobble <deg>", "wobble offset in deg", "0.5")
    .option("--overwrite", "replace --out even if it is a non-empty folder that gammats did not write")
    .option("--max-output <size>", "output budget, e.g. 2G (default: 2G, and the free disk space)")
    .option("--quiet", "no summary on stderr")
    .action((opts) =>
      run(opts, async (s) => {
        const { formatSimulateSummary } = await import("./commands/simulate.js");
        const summary = await s.runFolderTask<import("../src/simulate/node.js").SimulatedStoreSummary>(
          opts.out,
          { overwrite: opts.overwrite },
          (staging) => task("./commands/simulate.js", "simulateTask", { options: opts, staging }),
        );
        s.log(formatSimulateSummary(summary, opts.out));
      }),
    );

  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (err) {
    if (!(err instanceof CommanderError)) throw err;
    if (err.exitCode === 0) return EXIT.OK;
    if (err.code === "commander.help") return EXIT.USAGE;
    io.stderr(`gammats: ${err.message.replace(/^error: /, "")} (see gammats --help) [USAGE]\n`);
    return EXIT.USAGE;
  }
  return code;
}
