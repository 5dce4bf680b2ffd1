/**
 * `npm run demo`: the default demonstration. With the public gammapy-data copy ($GAMMATS_DATA, $GAMMAPY_DATA or
 * ../shared/data) it runs the whole 1D Crab analysis of examples/crab-1d.yaml (four H.E.S.S. DL3 DR1 runs: reflected
 * regions, stacked WStat fit of a power law, flux points) through `gammats run`, writing into demo-output/; without
 * the data, it says how to get it.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "../cli/commands/run-command.js";
import { findDataDir } from "../src/analysis/node.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const data = findDataDir();

if (!data || !existsSync(join(data, "hess-dl3-dr1", "hdu-index.fits.gz"))) {
  process.stderr.write(
    [
      "gammats demo: the H.E.S.S. DL3 DR1 data were not found.",
      "Set GAMMATS_DATA (or GAMMAPY_DATA) to a copy of the public gammapy-data collection, e.g.",
      "  export GAMMATS_DATA=/path/to/gammapy-data   # must contain hess-dl3-dr1/hdu-index.fits.gz",
      "(with Gammapy installed: `gammapy download datasets --out $GAMMATS_DATA`), then run `npm run demo` again.",
      "",
    ].join("\n"),
  );
  process.exit(2);
}

process.stderr.write(`gammats demo: 1D Crab analysis of examples/crab-1d.yaml on ${data}\n`);
await runCommand(join(root, "examples", "crab-1d.yaml"), {
  models: join(root, "examples", "crab-1d-models.yaml"),
  out: join(root, "demo-output"),
});
process.stdout.write(
  "Gammapy 1.0 on the same config: index 2.676 ± 0.103, amplitude (4.68 ± 0.47)e-11 cm-2 s-1 TeV-1, counts 427, counts_off 604\n",
);
