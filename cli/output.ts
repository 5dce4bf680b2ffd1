/** Output files of CLI commands: written atomically, their folder created when missing. */
import { writeFileAtomic } from "../src/fits/node.js";
import { GammatsError } from "../src/util/errors.js";
import { systemProblem } from "./errors.js";
import { makeFolders } from "./paths.js";

/**
 * Writes an output file atomically, creating its folder; a failure is a typed error naming the path (the system
 * problem's code, e.g. `DISK_FULL` or `PERMISSION_DENIED`, or `WRITE_FAILED`).
 */
export function writeOutputFile(path: string, data: string | Uint8Array): void {
  try {
    makeFolders(path);
    writeFileAtomic(path, data);
  } catch (e) {
    if (e instanceof GammatsError) throw e;
    const problem = systemProblem(e);
    throw new GammatsError(
      problem?.code ?? "WRITE_FAILED",
      `cannot write: ${problem?.words ?? (e as Error).message}`,
      { file: path },
      "a writable path",
      { cause: e },
    );
  }
}
