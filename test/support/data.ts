/**
 * Locating the real gamma-ray data (a copy of the gammapy-data layout) for tests.
 * Order: $GAMMATS_DATA, $GAMMAPY_DATA, then ../shared/data relative to the repository root.
 */
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/**
 * Absolute path of the data directory, or undefined when none of the candidates exists (or GAMMATS_DATA=none, to
 * check that the suite runs without the real data).
 */
export function findDataDir(): string | undefined {
  if (process.env.GAMMATS_DATA === "none") return undefined;
  const candidates = [process.env.GAMMATS_DATA, process.env.GAMMAPY_DATA, join(repoRoot, "..", "shared", "data")];
  for (const c of candidates) if (c && existsSync(c)) return resolve(c);
  return undefined;
}

/** The data directory, resolved once. */
export const DATA_DIR = findDataDir();

/** Path inside the data directory (only valid when DATA_DIR is defined). */
export function dataPath(...parts: string[]): string {
  if (!DATA_DIR) throw new Error("real data not found");
  return join(DATA_DIR, ...parts);
}

/** Message used when skipping real-data tests. */
export const NO_DATA_MESSAGE =
  "real data not found: set GAMMATS_DATA (or GAMMAPY_DATA) to a gammapy-data copy, or place it at ../shared/data";

/** True when the given file or folder exists in the data directory. */
export function hasData(...parts: string[]): boolean {
  if (!DATA_DIR) return false;
  const ok = existsSync(join(DATA_DIR, ...parts));
  return ok;
}

if (!DATA_DIR) console.warn(`[gammats tests] ${NO_DATA_MESSAGE}; real-data tests are skipped.`);

/** Repository root (absolute). */
export const REPO_ROOT = repoRoot;
