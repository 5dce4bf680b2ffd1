/** Node entry of the utilities: the entry URL of a worker thread, from source (tsx) or built. */
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * The URL a worker thread running the module `moduleUrl` starts from: the module itself (built JavaScript), or, when
 * running from the TypeScript sources (tests, tsx), a bootstrap that registers tsx's loader in the thread first (a
 * thread's entry is resolved before any `--import` in its `execArgv` takes effect, and worker threads do not inherit
 * the loader).
 */
export function workerEntry(moduleUrl: string | URL): URL {
  const self = new URL(moduleUrl);
  if (!self.pathname.endsWith(".ts")) return self;
  const tsx = createRequire(self)
    .resolve("tsx/esm/api")
    .replace(/\.cjs$/, ".mjs");
  const code = `import { register } from ${JSON.stringify(pathToFileURL(tsx).href)}; register(); await import(${JSON.stringify(self.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
