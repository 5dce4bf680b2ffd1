/**
 * Counts maps from event lists (Gammapy's `MapDatasetMaker.make_counts`): events binned in sky position and in each
 * non-spatial axis of the geometry taken from the event column of the same name (energies converted to the axis unit).
 */
import type { EventList } from "../data/event-list.js";
import type { Observation } from "../data/observation.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import { energyFactorToTeV } from "../util/units.js";

/** Event values for an axis: the column of the axis name (case-insensitive), energies in the axis unit. */
function axisValues(events: EventList, name: string, unit: string): Float64Array {
  if (name === "energy") {
    const e = events.energyTeV;
    const f = 1 / energyFactorToTeV(unit);
    if (f === 1) return e;
    const out = new Float64Array(e.length);
    for (let i = 0; i < e.length; i++) out[i] = e[i] * f;
    return out;
  }
  if (!events.table.has(name)) throw new ArgumentError(`event list has no column for axis ${name}`, name);
  return events.table.float64(name);
}

/** Adds the events to a counts map (in place). */
export function fillEvents(map: WcsNDMap, events: EventList): void {
  const axisCoords = map.geom.axes.axes.map((a) => axisValues(events, a.name, a.unit));
  map.fillByCoord(events.raDeg, events.decDeg, axisCoords, undefined, "icrs");
}

/** The counts cube of one observation on a geometry (float32, like Gammapy). */
export function makeCounts(geom: WcsGeom, observation: Observation): WcsNDMap {
  const map = WcsNDMap.fromGeom(geom, { dtype: "float32" });
  fillEvents(map, observation.events);
  return map;
}
