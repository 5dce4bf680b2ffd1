/** DOM glue of the browser app: read the chosen DL3 files, run `analyseFiles`, show the summary and figures. */
import { analyseFiles } from "./app.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

$("run").addEventListener("click", async () => {
  const input = $<HTMLInputElement>("files");
  const status = $("status");
  const files = new Map<string, Uint8Array>();
  for (const f of Array.from(input.files ?? [])) files.set(f.name, new Uint8Array(await f.arrayBuffer()));
  if (files.size === 0) {
    status.textContent = "Choose one or more DL3 files (.fits or .fits.gz with EVENTS, GTI and IRFs).";
    return;
  }
  status.textContent = `Analysing ${files.size} files...`;
  try {
    const result = await analyseFiles(files, {
      raDeg: Number($<HTMLInputElement>("ra").value),
      decDeg: Number($<HTMLInputElement>("dec").value),
    });
    status.textContent = result.summary;
    $("counts").innerHTML = result.countsSvg;
    $("sed").innerHTML = result.sedSvg;
  } catch (e) {
    status.textContent = `Error: ${(e as Error).message}`;
  }
});
