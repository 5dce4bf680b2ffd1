/** Output files of CLI commands: written atomically, their folder created when missing. */
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { writeFileAtomic } from "../src/fits/node.js";
import { GammatsError } from "../src/util/errors.js";

/** Writes an output file atomically, creating its folder; a typed `WRITE_FAILED` error names the path on failure. */
export function writeOutputFile(path: string, data: string | Uint8Array): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, data);
  } catch (e) {
    throw new GammatsError("WRITE_FAILED", `cannot write: ${(e as Error).message}`, { file: path }, "a writable path", {
      cause: e,
    });
  }
}
