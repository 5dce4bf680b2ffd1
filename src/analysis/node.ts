/** Node entry of the high-level analysis: locating the data directory and reading config files. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { GammatsError } from "../util/errors.js";
import { AnalysisConfig } from "./config.js";

/** The data directory: $GAMMATS_DATA, $GAMMAPY_DATA, or ../shared/data next to the package, if it exists. */
export function findDataDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [env.GAMMATS_DATA, env.GAMMAPY_DATA];
  for (const up of ["../..", "../../.."]) candidates.push(resolve(here, up, "..", "shared", "data"));
  for (const c of candidates) if (c && existsSync(c)) return resolve(c);
  return undefined;
}

/** Environment for path expansion: the process environment with GAMMAPY_DATA defaulting to the data directory. */
export function analysisEnv(env: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const data = findDataDir(env);
  const existing = (v: string | undefined) => (v && existsSync(v) ? v : data);
  return { ...env, GAMMAPY_DATA: existing(env.GAMMAPY_DATA), GAMMATS_DATA: existing(env.GAMMATS_DATA) };
}

/** Reads an AnalysisConfig YAML file with environment expansion. */
export function readAnalysisConfig(path: string, env = analysisEnv()): AnalysisConfig {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new GammatsError(
      "NOT_FOUND",
      `cannot read config: ${(e as Error).message}`,
      { file: path },
      "a readable YAML file",
    );
  }
  return AnalysisConfig.fromYaml(text, { file: path, env });
}
