/**
 * `gammats bin`: the counts cube of chosen observations of a data store, written in Gammapy's map format.
 */

import { formatBytes } from "../../src/analysis/memory.js";
import type { Frame } from "../../src/coords/frames.js";
import { DEFAULT_HDU_TABLE } from "../../src/data/data-store.js";
import { openDataStore } from "../../src/data/node.js";
import { makeCounts } from "../../src/makers/counts.js";
import { MapAxis } from "../../src/maps/axis.js";
import { writeMapFile } from "../../src/maps/node.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { GammatsError } from "../../src/util/errors.js";
import { UsageError } from "../errors.js";
import { defaultMemoryBudget } from "../memory.js";
import { checkInputFile, checkInputFolder, checkOutputFile } from "../paths.js";
import type { TaskContext } from "../task.js";

/** Options of the bin command (strings as given on the command line). */
export interface BinOptions {
  obs?: string;
  skydir: string;
  frame?: string;
  binsz: string;
  width: string;
  height?: string;
  proj?: string;
  energy: string;
  out: string;
  quiet?: boolean;
}

function number(text: string, name: string, check?: { min?: number; max?: number; positive?: boolean }): number {
  const v = text.trim() === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got '${text}'`);
  if (check?.positive && !(v > 0)) throw new UsageError(`--${name} must be > 0, got ${v}`);
  if ((check?.min !== undefined && v < check.min) || (check?.max !== undefined && v > check.max))
    throw new UsageError(`--${name} ${v} is outside [${check.min}, ${check.max}]`);
  return v;
}

/** The geometry described by the options; throws `BAD_ARGUMENT` naming the option for any bad value. */
export function geomFromOptions(o: BinOptions): WcsGeom {
  const parts = o.skydir.split(",");
  if (parts.length !== 2) throw new UsageError(`--skydir must be LON,LAT in deg, got '${o.skydir}'`, "two numbers");
  const lon = number(parts[0], "skydir");
  const lat = number(parts[1], "skydir", { min: -90, max: 90 });
  const frame = (o.frame ?? "icrs") as Frame;
  if (frame !== "icrs" && frame !== "galactic")
    throw new UsageError(`--frame must be icrs or galactic, got '${o.frame}'`);
  const e = o.energy.split(":");
  if (e.length !== 3) throw new UsageError("--energy must be MIN:MAX:NBINS (TeV, log bins)");
  const [eMin, eMax] = [number(e[0], "energy", { positive: true }), number(e[1], "energy", { positive: true })];
  const nbins = number(e[2], "energy", { min: 1 });
  if (!(eMax > eMin)) throw new UsageError(`--energy max ${eMax} must be above min ${eMin}`);
  if (!Number.isSafeInteger(nbins)) throw new UsageError(`--energy NBINS must be an integer, got ${e[2]}`);
  const binsz = number(o.binsz, "binsz", { positive: true, max: 180 });
  const width = number(o.width, "width", { positive: true, max: 360 });
  const height =
    o.height === undefined ? Math.min(width, 180) : number(o.height, "height", { positive: true, max: 180 });
  if (Math.round(width / binsz) < 1 || Math.round(height / binsz) < 1)
    throw new UsageError(`--binsz ${binsz} is larger than the map`, "a pixel size below the width");
  return WcsGeom.create({
    lonDeg: lon,
    latDeg: lat,
    frame,
    binszDeg: binsz,
    widthDeg: [width, height],
    proj: o.proj ?? "CAR",
    axes: [MapAxis.fromEnergyBounds(eMin, eMax, nbins, { name: "energy" })],
  });
}

/** Checks everything `bin` needs before it starts: options, data store, output file, memory. */
export function prepareBin(store: string, o: BinOptions, maxMemoryBytes: number): void {
  checkInputFolder(store, "<datastore>");
  checkInputFile(`${store}/${DEFAULT_HDU_TABLE}`, "<datastore>");
  if (o.obs !== undefined) {
    const known = new Set(openDataStore(store).obsIds);
    const unknown = obsIds(o.obs).filter((id) => !known.has(id));
    if (unknown.length)
      throw new GammatsError(
        "UNKNOWN_OBSERVATION",
        `observation${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")} not in the data store '${store}'`,
        { key: "--obs" },
        "ids of the data store's HDU index",
      );
  }
  checkOutputFile(o.out, "--out");
  // the geometry's size, before any allocation: the cube and one observation's cube (float32)
  const geom = geomFromOptions(o);
  const [nx, ny] = geom.npix;
  const nbins = geom.axes.axes[0].nbin;
  const bytes = 2 * nx * ny * nbins * 4 + 200e6;
  if (bytes > maxMemoryBytes)
    throw new GammatsError(
      "TOO_LARGE",
      `a ${nx} x ${ny} x ${nbins} counts cube needs about ${formatBytes(bytes)}, more than the budget of ${formatBytes(maxMemoryBytes)}`,
      { key: "--binsz" },
      "a larger --binsz, a smaller --width or fewer energy bins, or a larger --max-memory",
    );
}

function obsIds(text: string): number[] {
  return text.split(",").map((s) => {
    const id = number(s.trim(), "obs");
    if (!Number.isSafeInteger(id)) throw new UsageError(`--obs: '${s}' is not an observation id`);
    return id;
  });
}

/**
 * Checks the options (`prepareBin`), bins the events of the observations (all, or `--obs`) into one counts cube and
 * writes it atomically; an abort signal stops between observations without writing anything. The task of
 * `gammats bin`.
 */
export function binTask(
  args: { store: string; options: BinOptions; maxMemoryBytes: number },
  context: TaskContext,
): { counts: number; observations: number } {
  const { store, options: o } = args;
  prepareBin(store, o, args.maxMemoryBytes);
  const ds = openDataStore(store);
  const ids = o.obs ? obsIds(o.obs) : ds.obsIds;
  const geom = geomFromOptions(o);
  const total = WcsNDMap.fromGeom(geom, { dtype: "float32" });
  ids.forEach((id, k) => {
    if (context.signal.aborted) throw new GammatsError("CANCELLED", "binning cancelled");
    const counts = makeCounts(geom, ds.obs(id, []));
    const d = total.data as Float32Array;
    for (let i = 0; i < d.length; i++) d[i] += counts.data[i] as number;
    context.log(`[${k + 1}/${ids.length}] observation ${id}: ${sum(counts.data as Float32Array)} counts`);
  });
  if (context.signal.aborted) throw new GammatsError("CANCELLED", "binning cancelled");
  writeMapFile(o.out, total);
  return { counts: sum(total.data as Float32Array), observations: ids.length };
}

/** `gammats bin` in-process (`binTask`); progress lines go to `log`. */
export function bin(
  store: string,
  o: BinOptions,
  signal: AbortSignal = new AbortController().signal,
  log: (line: string) => void = () => {},
): { counts: number; observations: number } {
  return binTask(
    { store, options: o, maxMemoryBytes: defaultMemoryBudget() },
    { signal, log, progress: () => {}, warn: () => {} },
  );
}

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
