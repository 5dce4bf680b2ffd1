/**
 * `npm run demo`: the default demonstration. Finds the public gammapy-data copy ($GAMMATS_DATA, $GAMMAPY_DATA or
 * ../shared/data) and shows the H.E.S.S. DL3 DR1 data store and the event summary of a Crab run; without the data,
 * says how to get it.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { info } from "../cli/commands/info.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const candidates = [process.env.GAMMATS_DATA, process.env.GAMMAPY_DATA, join(root, "..", "shared", "data")];
const data = candidates.find((c) => c && existsSync(join(c, "hess-dl3-dr1", "hdu-index.fits.gz")));

if (!data) {
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

const store = join(data, "hess-dl3-dr1");
process.stdout.write(`${info(store)}\n\n`);
process.stdout.write(`${info(join(store, "data", "hess_dl3_dr1_obs_id_023523.fits.gz"))}\n`);
