/**
 * The core library runs in a browser: no module outside `src/**\/node.ts` imports a Node built-in, and the public
 * entry points bundle for the browser platform with esbuild.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "./data.js";

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

const NODE_BUILTIN = /from\s+["'](node:[^"']+|fs|path|zlib|os|crypto|child_process|url|worker_threads)["']/;

describe("browser safety of the core library", () => {
  it("only node.ts entry points import Node built-ins", () => {
    const offenders = sources(join(REPO_ROOT, "src"))
      .filter((p) => !p.endsWith("/node.ts"))
      .filter((p) => NODE_BUILTIN.test(readFileSync(p, "utf8")))
      .map((p) => relative(REPO_ROOT, p));
    expect(offenders).toEqual([]);
  });
  it("the browser entry points bundle for the browser platform", async () => {
    const entries = [
      "util",
      "fits",
      "coords",
      "maps",
      "irf",
      "data",
      "stats",
      "modeling",
      "datasets",
      "makers",
      "estimators",
      "catalog",
      "analysis",
      "plot",
    ].map((m) => join(REPO_ROOT, "src", m, "index.ts"));
    const result = await build({
      entryPoints: entries,
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      outdir: "/tmp/gammats-browser",
      logLevel: "silent",
    });
    expect(result.errors).toEqual([]);
    expect(result.outputFiles.length).toBe(entries.length);
  });
});
