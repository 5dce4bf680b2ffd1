/**
 * `npm run demo`: the default demonstration, the 1D and 3D analyses through `gammats run`, written into
 * demo-output/1d and demo-output/3d. With the public gammapy-data copy ($GAMMATS_DATA, $GAMMAPY_DATA or
 * ../shared/data) it analyses the four H.E.S.S. DL3 DR1 Crab runs of examples/crab-1d.yaml (reflected regions,
 * stacked WStat fit, flux points) and examples/crab-3d.yaml (FoV background, excess map, point-source fit, flux points,
 * light curve) and prints Gammapy 1.0's numbers for comparison. Without the data, it first simulates four 30-min
 * observations of a Crab-like source with gammats' built-in IRFs (`gammats simulate`) and compares the fits with the
 * true parameters (`npm run demo -- --simulate` does that even when the data are present).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gammats } from "../cli/app.js";
import {
  simulateCommand,
  simulatedCrab3dConfigYaml,
  simulatedCrabConfigYaml,
  writeSimulatedExclusionMask,
} from "../cli/commands/simulate.js";
import { findDataDir } from "../src/analysis/node.js";

/** `gammats run CONFIG --models MODELS --out OUT`, as the command line does it; exits on failure. */
async function runCommand(config: string, opts: { models: string; out: string }): Promise<void> {
  const code = await gammats(["run", config, "--models", opts.models, "--out", opts.out, "--overwrite"]);
  if (code !== 0) process.exit(code);
}

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "demo-output");
const models = join(root, "examples", "crab-1d-models.yaml");
const data = findDataDir();

const simulate = process.argv.includes("--simulate");
if (!simulate && data && existsSync(join(data, "hess-dl3-dr1", "hdu-index.fits.gz"))) {
  process.stderr.write(`gammats demo: 1D Crab analysis of examples/crab-1d.yaml on ${data}\n`);
  await runCommand(join(root, "examples", "crab-1d.yaml"), { models, out: join(out, "1d") });
  process.stdout.write(
    "Gammapy 1.0 on the same config: index 2.676 ± 0.103, amplitude (4.68 ± 0.47)e-11 cm-2 s-1 TeV-1, counts 427, counts_off 604\n\n",
  );
  process.stderr.write("gammats demo: 3D Crab analysis of examples/crab-3d.yaml\n");
  await runCommand(join(root, "examples", "crab-3d.yaml"), {
    models: join(root, "examples", "crab-3d-models.yaml"),
    out: join(out, "3d"),
  });
  process.stdout.write(
    "Gammapy 1.0 on the same config: index 2.588 ± 0.096, amplitude (4.60 ± 0.37)e-11, lon_0 83.6191 ± 0.0031, lat_0 22.0236 ± 0.0028, peak sqrt_ts 35.02\n",
  );
} else {
  process.stderr.write(
    [
      simulate
        ? "gammats demo --simulate:"
        : "gammats demo: gammapy-data not found (set GAMMATS_DATA or GAMMAPY_DATA to analyse the real H.E.S.S. data);",
      "simulating four observations of a Crab-like source with the built-in IRFs.",
      "",
    ].join("\n"),
  );
  mkdirSync(out, { recursive: true });
  const summary = simulateCommand({ out: join(out, "simulated-store"), overwrite: true });
  const ids = summary.observations.map((o) => o.obsId);
  const config1d = join(out, "simulated-crab-1d.yaml");
  writeFileSync(config1d, simulatedCrabConfigYaml(summary.dir, ids));
  await runCommand(config1d, { models, out: join(out, "1d") });
  const config3d = join(out, "simulated-crab-3d.yaml");
  writeFileSync(config3d, simulatedCrab3dConfigYaml(summary.dir, ids, writeSimulatedExclusionMask(summary.dir)));
  await runCommand(config3d, { models: join(root, "examples", "crab-3d-models.yaml"), out: join(out, "3d") });
  process.stdout.write(
    "true parameters: index 2.6, amplitude 4.5e-11 cm-2 s-1 TeV-1 (at 1 TeV), lon_0 83.633, lat_0 22.014 deg\n",
  );
}
