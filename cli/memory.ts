/** The memory budget of a command: `--max-memory SIZE`, by default half of the machine's (or the cgroup's) memory. */
import { totalmem } from "node:os";
import { UsageError } from "./errors.js";

/** Half of the memory available to this process (the smaller of the machine's and the container's limit), in bytes. */
export function defaultMemoryBudget(): number {
  const constrained = (process as { constrainedMemory?: () => number | undefined }).constrainedMemory?.();
  const total = totalmem();
  return 0.5 * (constrained && constrained > 0 && constrained < total ? constrained : total);
}

const UNITS: Readonly<Record<string, number>> = {
  "": 1,
  b: 1,
  k: 1024,
  kb: 1e3,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1e6,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1e9,
  gib: 1024 ** 3,
  t: 1024 ** 4,
  tb: 1e12,
  tib: 1024 ** 4,
};

/**
 * Parses a size like `4G`, `500M`, `1.5GiB`, `2e9` (bytes); `option` names the option in errors. Single-letter units
 * are binary (K = 1024), `kB`/`MB`/`GB` decimal, as in most tools.
 */
export function parseSize(text: string, option: string): number {
  const m = /^\s*(\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  const bytes = m && unit !== undefined ? Number(m[1]) * unit : Number.NaN;
  if (!(bytes > 0) || !Number.isFinite(bytes))
    throw new UsageError(`${option} '${text}' is not a size`, "a positive size like 4G, 500M or 2e9");
  return bytes;
}
