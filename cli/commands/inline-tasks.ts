/**
 * The commands whose work is one call (info, catalog, detect) as tasks (cli/task.ts), so that they run in a worker
 * thread like the others and Ctrl-C stops them at any time. Output paths are checked before the work.
 */

import { checkInputFile, checkOutputFile } from "../paths.js";
import type { TaskContext } from "../task.js";
import type { InfoOptions } from "./info.js";

/** `gammats info PATH`: the text to print. */
export async function infoTask(args: { path: string; options: InfoOptions }): Promise<string> {
  const { info } = await import("./info.js");
  return info(args.path, args.options);
}

/** `gammats catalog NAME`: the text to print (models and exclusion files written atomically). */
export async function catalogTask(args: {
  name: string;
  options: import("./catalog.js").CatalogCommandOptions;
}): Promise<string> {
  const o = args.options;
  if (o.file) checkInputFile(o.file, "--file");
  if (o.modelsOut) checkOutputFile(o.modelsOut, "--models-out", { createParents: true });
  if (o.exclusionOut) checkOutputFile(o.exclusionOut, "--exclusion-out", { createParents: true });
  const { catalogCommand } = await import("./catalog.js");
  return catalogCommand(args.name, o);
}

/** `gammats detect DATASET`: the text to print (models and plot files written atomically). */
export async function detectTask(
  args: { dataset: string; options: import("./detect.js").DetectCommandOptions },
  _context: TaskContext,
): Promise<string> {
  const o = args.options;
  checkInputFile(args.dataset, "<dataset>");
  if (o.modelsOut) checkOutputFile(o.modelsOut, "--models-out", { createParents: true });
  if (o.plot) checkOutputFile(o.plot, "--plot", { createParents: true });
  const { detectCommand } = await import("./detect.js");
  return detectCommand(args.dataset, o);
}
