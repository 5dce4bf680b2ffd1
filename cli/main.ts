#!/usr/bin/env node
/**
 * The `gammats` command line.
 */
import { Command } from "commander";
import { GammatsError } from "../src/util/errors.js";
import { info } from "./commands/info.js";

const program = new Command();
program
  .name("gammats")
  .description("Gamma-ray astronomy data analysis (Gammapy-compatible) in TypeScript")
  .version("0.1.0");

program
  .command("info")
  .description("Show a data store's observations, or a FITS file's HDUs and event summary")
  .argument("<path>", "data store folder or FITS file")
  .option("--json", "machine-readable output")
  .action((path: string, opts: { json?: boolean }) => {
    process.stdout.write(`${info(path, opts)}\n`);
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
