/**
 * `gammats bin`: the counts cube of chosen observations of a data store, written in Gammapy's map format.
 */
import type { Frame } from "../../src/coords/frames.js";
import { openDataStore } from "../../src/data/node.js";
import { makeCounts } from "../../src/makers/counts.js";
import { MapAxis } from "../../src/maps/axis.js";
import { writeMapFile } from "../../src/maps/node.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { ArgumentError } from "../../src/util/errors.js";

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

function number(text: string, name: string): number {
  const v = Number(text);
  if (!Number.isFinite(v)) throw new ArgumentError(`--${name} must be a number, got '${text}'`, name);
  return v;
}

/** The geometry described by the options. */
export function geomFromOptions(o: BinOptions): WcsGeom {
  const [lon, lat] = o.skydir.split(",").map((s) => number(s, "skydir"));
  const frame = (o.frame ?? "icrs") as Frame;
  if (frame !== "icrs" && frame !== "galactic")
    throw new ArgumentError(`--frame must be icrs or galactic, got '${o.frame}'`, "frame");
  const e = o.energy.split(":");
  if (e.length !== 3) throw new ArgumentError("--energy must be MIN:MAX:NBINS (TeV, log bins)", "energy");
  const energy = MapAxis.fromEnergyBounds(number(e[0], "energy"), number(e[1], "energy"), number(e[2], "energy"), {
    name: "energy",
  });
  const width = number(o.width, "width");
  return WcsGeom.create({
    lonDeg: lon,
    latDeg: lat,
    frame,
    binszDeg: number(o.binsz, "binsz"),
    widthDeg: [width, o.height === undefined ? width : number(o.height, "height")],
    proj: o.proj ?? "CAR",
    axes: [energy],
  });
}

/**
 * Bins the events of the observations (all, or `--obs`) into one counts cube and writes it atomically. Progress goes
 * to stderr; an abort signal (Ctrl-C) stops between observations without writing anything.
 */
export function bin(
  store: string,
  o: BinOptions,
  signal?: AbortSignal,
  log: (line: string) => void = () => {},
): { counts: number; observations: number } {
  const ds = openDataStore(store);
  const ids = o.obs ? o.obs.split(",").map((s) => number(s.trim(), "obs")) : ds.obsIds;
  const geom = geomFromOptions(o);
  const total = WcsNDMap.fromGeom(geom, { dtype: "float32" });
  ids.forEach((id, k) => {
    if (signal?.aborted) throw new ArgumentError("cancelled", "obs");
    const counts = makeCounts(geom, ds.obs(id, []));
    const d = total.data as Float32Array;
    for (let i = 0; i < d.length; i++) d[i] += counts.data[i] as number;
    log(`[${k + 1}/${ids.length}] observation ${id}: ${sum(counts.data as Float32Array)} counts`);
  });
  writeMapFile(o.out, total);
  return { counts: sum(total.data as Float32Array), observations: ids.length };
}

function sum(a: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i];
  return s;
}
