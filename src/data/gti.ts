/**
 * Good time intervals: START/STOP in seconds relative to the file's time reference (mission elapsed time, MET).
 */
import { metToMjd, recordKeywords, type TimeScale, timeRefFromHeader } from "../coords/time.js";
import { ArgumentError } from "../util/errors.js";
import type { MetaValue } from "../util/table.js";

/** Good time intervals of an observation. Times are MET seconds relative to the reference in `meta`. */
export class GTI {
  /** Interval starts, seconds (MET). */
  readonly startS: Float64Array;
  /** Interval stops, seconds (MET). */
  readonly stopS: Float64Array;
  /** Time-reference keywords (MJDREFI, MJDREFF, TIMESYS, TIMEUNIT, TIMEREF ...). */
  readonly meta: Readonly<Record<string, MetaValue>>;

  constructor(startS: Float64Array, stopS: Float64Array, meta: Record<string, MetaValue> = {}) {
    if (startS.length !== stopS.length) throw new ArgumentError("GTI START and STOP differ in length");
    this.startS = startS;
    this.stopS = stopS;
    this.meta = meta;
  }

  /** Number of intervals. */
  get length(): number {
    return this.startS.length;
  }

  /** Total good time in seconds (sum of STOP - START), as Gammapy's `GTI.time_sum`. */
  get timeSumS(): number {
    let s = 0;
    for (let i = 0; i < this.startS.length; i++) s += this.stopS[i] - this.startS[i];
    return s;
  }

  /** First START (MET seconds). */
  get firstStartS(): number {
    return this.startS[0];
  }

  /** Last STOP (MET seconds). */
  get lastStopS(): number {
    return this.stopS[this.stopS.length - 1];
  }

  /** The intervals clipped to `[tminS, tmaxS]` (MET seconds); intervals outside are dropped. */
  selectTime(tminS: number, tmaxS: number): GTI {
    const starts: number[] = [];
    const stops: number[] = [];
    for (let i = 0; i < this.startS.length; i++) {
      const a = Math.max(this.startS[i], tminS);
      const b = Math.min(this.stopS[i], tmaxS);
      if (b > a) {
        starts.push(a);
        stops.push(b);
      }
    }
    return new GTI(Float64Array.from(starts), Float64Array.from(stops), { ...this.meta });
  }
}

/**
 * The intervals of a GTI as MJDs, in the GTI's own time scale (TIMESYS, default TT) as Gammapy's `GTI.time_start.mjd`
 * (or in `scale`). Shapes (n,). Throws `BAD_TIME_REF` when the GTI has no time reference keywords.
 */
export function gtiMjdIntervals(gti: GTI, scale?: TimeScale): { startMjd: Float64Array; stopMjd: Float64Array } {
  const ref = timeRefFromHeader(recordKeywords(gti.meta));
  const s = scale ?? ref.scale;
  return { startMjd: metToMjd(ref, gti.startS, s), stopMjd: metToMjd(ref, gti.stopS, s) };
}
