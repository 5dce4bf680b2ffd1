/** Shared helpers for the coords tests: fixtures and angular differences. */
import { readFileSync } from "node:fs";
import { wrapDeg } from "../../src/coords/index.js";
import { REPO_ROOT } from "../support/data.js";

/** Reads a JSON fixture of test/fixtures/coords. */
export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/coords/${name}`, "utf8")) as T;
}

/** Difference of two longitudes in degrees, robust to the wrap at 360 (absolute value, in [0, 180]). */
export function dLon(a: number, b: number): number {
  return Math.abs(wrapDeg(a - b, 180));
}

/** Angular distance in degrees between two (lon, lat) points given the latitude (small-offset approximation). */
export function dPos(lon1: number, lat1: number, lon2: number, lat2: number): number {
  return Math.hypot(dLon(lon1, lon2) * Math.cos((lat2 * Math.PI) / 180), lat1 - lat2);
}
