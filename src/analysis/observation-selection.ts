/**
 * The `observations` section of an AnalysisConfig, as Gammapy's `Analysis.get_observations`: `obs_ids` (or the ids of
 * `obs_file`) or, when both are empty or absent, all observations of the data store; then the `obs_cone` selection
 * on the pointing and the `obs_time` selection; observations lacking a `required_irf` HDU are dropped.
 *
 * Where Gammapy silently drops or keeps data that change the result, gammats decides openly (README, "Observation
 * selection"):
 * - an id of `obs_ids` that is not in the data store, or that lacks a required IRF, is an error naming it (Gammapy
 *   logs a warning and analyses the others: a typo or a point-like run would change the result unnoticed);
 * - with all observations (no `obs_ids`), those lacking a required IRF are skipped with one warning naming them,
 *   as Gammapy does;
 * - an observation whose field of view (`datasets.geom.selection.offset_max` around its pointing) does not reach the
 *   target (1d: the ON region; 3d: the map) contributes nothing: listed in `obs_ids` it is an error naming the run
 *   and its offset; among all observations it is skipped with a warning (Gammapy would reduce it to empty datasets);
 * - `obs_time` keeps observations that lie entirely inside an interval; one that overlaps an interval only partly is
 *   an error (Gammapy cuts it to the interval, which gammats does not do yet).
 */
import { separationDeg, transformTo } from "../coords/frames.js";
import { Time } from "../coords/time.js";
import type { DataStore } from "../data/data-store.js";
import type { HduType } from "../data/hdu-index.js";
import type { Observation } from "../data/observation.js";
import { GammatsError } from "../util/errors.js";
import type { WarningSink } from "../util/warnings.js";
import type { AnalysisConfig, ConfigValue } from "./config.js";

/** Options of `selectObservations`. */
export interface ObservationSelectionOptions {
  /** Ids read from `observations.obs_file` by the caller (the core does not read files). */
  readonly obsIdsFromFile?: readonly number[];
  readonly warn?: WarningSink;
}

/** Ids of an `obs_file` (Gammapy reads it as an ASCII table: the first column of each non-comment line). */
export function parseObsFile(text: string, file?: string): number[] {
  const ids: number[] = [];
  for (const [i, line] of text.split(/\r?\n/).entries()) {
    const first = line.trim().split(/[\s,]+/)[0];
    if (!first || first.startsWith("#")) continue;
    const id = Number(first);
    if (!Number.isSafeInteger(id))
      throw new GammatsError("BAD_CONFIG", `line ${i + 1}: '${first}' is not an observation id`, { file }, "integers");
    ids.push(id);
  }
  return ids;
}

/** A short list of ids for messages: "23523, 23526 and 3 more". */
function listIds(ids: readonly (number | string)[], max = 5): string {
  return ids.length <= max ? ids.join(", ") : `${ids.slice(0, max).join(", ")} and ${ids.length - max} more`;
}

function timeMjdUtc(v: ConfigValue): Time {
  const n = typeof v === "number" ? v : Number(v);
  return Number.isFinite(n) && String(v).trim() !== "" ? Time.fromMjd(n, "utc") : Time.fromIso(String(v), "utc");
}

/** The target of the analysis (ICRS, deg) and how far from it (deg) a field of view must reach. */
function target(c: AnalysisConfig): { ra: number; dec: number; extentDeg: number } | undefined {
  const is3d = c.string("datasets.type") === "3d";
  const base = is3d ? "datasets.geom.wcs.skydir" : "datasets.on_region";
  const lon = c.quantity(`${base}.lon`, "deg");
  const lat = c.quantity(`${base}.lat`, "deg");
  const frame = c.string(`${base}.frame`);
  if (lon === undefined || lat === undefined || (frame !== "icrs" && frame !== "galactic")) return undefined;
  const p = transformTo({ lon, lat, frame }, "icrs");
  const extentDeg = is3d
    ? 0.5 *
      Math.hypot(
        c.quantity("datasets.geom.wcs.width.width", "deg") ?? 0,
        c.quantity("datasets.geom.wcs.width.height", "deg") ?? 0,
      )
    : (c.quantity("datasets.on_region.radius", "deg") ?? 0);
  return { ra: p.lon, dec: p.lat, extentDeg };
}

/**
 * The observations a config selects (see the module comment for the rules). Reads the data store's index tables only;
 * throws `UNKNOWN_OBSERVATION`, `MISSING_HDU`, `OUT_OF_FOV`, `UNSUPPORTED` or `NO_OBSERVATIONS` naming the runs.
 */
export function selectObservations(
  c: AnalysisConfig,
  store: DataStore,
  options: ObservationSelectionOptions = {},
): Observation[] {
  const listed = options.obsIdsFromFile?.length
    ? [...options.obsIdsFromFile]
    : c.list("observations.obs_ids").map(Number);
  const explicit = listed.length > 0;
  const key = options.obsIdsFromFile?.length ? "observations.obs_file" : "observations.obs_ids";
  const where = { file: c.file, key };
  const known = new Set(store.obsIds);
  if (explicit) {
    const missing = listed.filter((id) => !known.has(id));
    if (missing.length)
      throw new GammatsError(
        "UNKNOWN_OBSERVATION",
        `observation${missing.length > 1 ? "s" : ""} ${listIds(missing)} not in the data store (${known.size} observations, ids ${listIds(store.obsIds, 3)})`,
        where,
        "ids of the data store's HDU index",
      );
  }
  let ids = explicit ? listed : store.obsIds;
  const table = store.obsTable;
  const skipped: string[] = [];
  const cone = c.quantity("observations.obs_cone.radius", "deg");
  if (cone !== undefined) {
    if (!table)
      throw new GammatsError("BAD_CONFIG", "the cone selection needs an observation index", {
        file: c.file,
        key: "observations.obs_cone",
      });
    const frame = c.string("observations.obs_cone.frame") === "galactic" ? "galactic" : "icrs";
    const center = transformTo(
      {
        lon: c.quantity("observations.obs_cone.lon", "deg")!,
        lat: c.quantity("observations.obs_cone.lat", "deg")!,
        frame,
      },
      "icrs",
    );
    const keep = new Set(table.selectSkyCircle(center.lon, center.lat, cone).obsIds);
    ids = ids.filter((id) => keep.has(id));
  }
  const starts = c.get("observations.obs_time.start");
  const stops = c.get("observations.obs_time.stop");
  if (starts !== null && starts !== undefined && stops !== null && stops !== undefined) {
    if (!table)
      throw new GammatsError("BAD_CONFIG", "the time selection needs an observation index", {
        file: c.file,
        key: "observations.obs_time",
      });
    const s = Array.isArray(starts) ? starts : [starts];
    const e = Array.isArray(stops) ? stops : [stops];
    const inside = new Set<number>();
    const partial = new Set<number>();
    s.forEach((start, i) => {
      const t0 = timeMjdUtc(start);
      const t1 = timeMjdUtc(e[i]);
      for (const id of table.selectTimeRange(t0, t1).obsIds) inside.add(id);
      for (const id of table.selectTimeRange(t0, t1, true).obsIds) partial.add(id);
    });
    const cut = ids.filter((id) => partial.has(id) && !inside.has(id));
    if (cut.length)
      throw new GammatsError(
        "UNSUPPORTED",
        `observation${cut.length > 1 ? "s" : ""} ${listIds(cut)} only partly inside the time interval; gammats does not cut observations in time (Gammapy does)`,
        { file: c.file, key: "observations.obs_time" },
        "intervals that contain whole observations",
      );
    ids = ids.filter((id) => inside.has(id));
  }
  // observations that lack a required IRF
  const required = [...new Set(["events", "gti", ...c.list("observations.required_irf").map(String)])] as HduType[];
  const lacking = ids.filter((id) => required.some((t) => !store.hduTable.location(id, t)));
  if (lacking.length) {
    const detail = lacking.map((id) => `${id} (${required.filter((t) => !store.hduTable.location(id, t)).join(", ")})`);
    if (explicit)
      throw new GammatsError(
        "MISSING_HDU",
        `observation${lacking.length > 1 ? "s" : ""} ${listIds(detail)} lack${lacking.length > 1 ? "" : "s"} required IRFs`,
        { file: c.file, key: "observations.required_irf" },
        `observations with ${required.join(", ")}, or a shorter required_irf`,
      );
    skipped.push(`${lacking.length} without required IRFs: ${listIds(detail)}`);
    ids = ids.filter((id) => !lacking.includes(id));
  }
  // observations whose field of view does not reach the target
  const t = target(c);
  const fovDeg = c.quantity("datasets.geom.selection.offset_max", "deg") ?? 2.5;
  if (t && table?.table.has("RA_PNT") && table.table.has("DEC_PNT")) {
    const rows = new Map(table.obsIds.map((id, i) => [id, i]));
    const ra = table.table.float64("RA_PNT");
    const dec = table.table.float64("DEC_PNT");
    const offsets = new Map<number, number>();
    for (const id of ids) {
      const i = rows.get(id);
      if (i !== undefined) offsets.set(id, separationDeg(t.ra, t.dec, ra[i], dec[i]));
    }
    const far = ids.filter((id) => (offsets.get(id) ?? 0) > fovDeg + t.extentDeg);
    if (far.length) {
      const detail = far.map((id) => `${id} at ${offsets.get(id)!.toFixed(2)} deg`);
      const what = c.string("datasets.type") === "3d" ? "map" : "ON region";
      if (explicit)
        throw new GammatsError(
          "OUT_OF_FOV",
          `the ${what} is outside the field of view of observation${far.length > 1 ? "s" : ""} ${listIds(detail)} from the pointing (field of view ${fovDeg} deg)`,
          where,
          "observations pointed near the target, or a larger datasets.geom.selection.offset_max",
        );
      skipped.push(`${far.length} whose field of view (${fovDeg} deg) does not reach the ${what}: ${listIds(detail)}`);
      ids = ids.filter((id) => !far.includes(id));
    }
  }
  if (ids.length === 0)
    throw new GammatsError(
      "NO_OBSERVATIONS",
      `no observation selected${skipped.length ? ` (skipped ${skipped.join("; ")})` : ""}`,
      { file: c.file, key: "observations" },
      "obs_ids, obs_cone or obs_time that select observations of the target",
    );
  for (const s of skipped)
    options.warn?.({
      code: "OBSERVATIONS_SKIPPED",
      message: `skipped observations: ${s}`,
      path: { key: "observations" },
    });
  return store.getObservations(ids, { requiredIrf: required });
}
