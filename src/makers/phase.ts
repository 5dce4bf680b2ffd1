/**
 * Phase-resolved background for pulsars, as Gammapy's `PhaseBackgroundMaker`: ON counts from the events in the ON
 * region whose phase (an event-list column, `PHASE` by default) lies in the ON phase ranges, OFF counts from the same
 * region and the OFF phase ranges; acceptances are the total widths of the ON and OFF ranges (alpha = their ratio).
 * A range [a, b] with a > b wraps through phase 1 (split into [a, 1] and [0, b]). Ranges select a <= phase < b.
 */
import type { EventList } from "../data/event-list.js";
import type { SpectrumDataset } from "../datasets/spectrum-dataset.js";
import { ArgumentError, GammatsError } from "../util/errors.js";
import { histogramEnergy } from "./spectrum.js";

/** A phase range [start, end] (0 <= start, end <= 1; start > end wraps through 1). */
export type PhaseRange = readonly [number, number];

/** Options of `makePhaseBackground`. */
export interface PhaseBackgroundOptions {
  /** ON phase range(s). */
  readonly onPhase: PhaseRange | readonly PhaseRange[];
  /** OFF phase range(s). */
  readonly offPhase: PhaseRange | readonly PhaseRange[];
  /** Event-list column with the phases; default `PHASE`. */
  readonly phaseColumnName?: string;
}

/** Phase ranges as non-wrapping intervals within [0, 1] (Gammapy's `_check_intervals`, for every wrapping range). */
export function phaseIntervals(ranges: PhaseRange | readonly PhaseRange[], key = "phase"): Array<[number, number]> {
  const list = (typeof ranges[0] === "number" ? [ranges] : ranges) as readonly PhaseRange[];
  if (list.length === 0) throw new ArgumentError("no phase range", key, "at least one [start, end] range");
  const out: Array<[number, number]> = [];
  for (const r of list) {
    const [a, b] = r;
    if (!(r.length === 2 && a >= 0 && a <= 1 && b >= 0 && b <= 1))
      throw new ArgumentError(`phase range [${r.join(", ")}]`, key, "[start, end] with both in [0, 1]");
    if (a > b) out.push([a, 1], [0, b]);
    else out.push([a, b]);
  }
  return out;
}

function overlaps(x: Array<[number, number]>, y: Array<[number, number]>): boolean {
  return x.some(([a, b]) => y.some(([c, d]) => a < d && c < b));
}

/** Events (0/1 per event) whose phase lies in one of the intervals. */
function phaseMask(phase: Float64Array, intervals: Array<[number, number]>, inRegion: Uint8Array): Uint8Array {
  const mask = new Uint8Array(phase.length);
  for (let i = 0; i < phase.length; i++) {
    if (!inRegion[i]) continue;
    const p = phase[i];
    for (const [a, b] of intervals)
      if (p >= a && p < b) {
        mask[i] = 1;
        break;
      }
  }
  return mask;
}

/**
 * The on-off dataset of a pulsar from phase ranges: a copy of `dataset` (counts, exposure and dispersion from
 * `makeSpectrumDataset`) with ON-phase counts, OFF-phase counts and the phase widths as acceptances. Throws
 * `MISSING_COLUMN` when the events have no phase column, and an `ArgumentError` for ranges outside [0, 1] or ON and
 * OFF ranges that overlap.
 */
export function makePhaseBackground(
  dataset: SpectrumDataset,
  observation: { readonly events: EventList; readonly obsId?: number | string },
  options: PhaseBackgroundOptions,
): SpectrumDataset {
  const on = phaseIntervals(options.onPhase, "onPhase");
  const off = phaseIntervals(options.offPhase, "offPhase");
  if (overlaps(on, off))
    throw new ArgumentError("ON and OFF phase ranges overlap", "offPhase", "OFF ranges disjoint from the ON ranges");
  const column = options.phaseColumnName ?? "PHASE";
  const events = observation.events;
  if (!events.table.has(column))
    throw new GammatsError(
      "MISSING_COLUMN",
      `the event list has no ${column} column`,
      { file: observation.obsId === undefined ? undefined : `obs ${observation.obsId}`, hdu: "EVENTS", key: column },
      "event phases (e.g. from a pulsar timing tool)",
    );
  const phase = events.table.float64(column);
  const inRegion = dataset.requireGeom().contains(events.raDeg, events.decDeg, "icrs");
  const axis = dataset.energyAxis;
  const n = axis.nbin;
  const width = (intervals: Array<[number, number]>) => intervals.reduce((s, [a, b]) => s + (b - a), 0);
  const out = dataset.copy();
  out.counts = histogramEnergy(events.energyTeV, phaseMask(phase, on, inRegion), axis);
  out.countsOff = histogramEnergy(events.energyTeV, phaseMask(phase, off, inRegion), axis);
  out.acceptance = new Float64Array(n).fill(width(on));
  out.acceptanceOff = new Float64Array(n).fill(width(off));
  return out;
}
