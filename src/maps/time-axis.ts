/**
 * A time axis (Gammapy's `TimeMapAxis`): a sequence of increasing, non-overlapping time intervals, possibly with gaps
 * between them (light-curve bins, GTIs). Interval bounds are stored as offsets from a reference `Time` in a time
 * unit (`d` by default). A time t belongs to interval i when `timeMin[i] < t <= timeMax[i]` (Gammapy's convention:
 * lower bound excluded, upper bound included). Only linear scaling is supported, as in Gammapy 1.0.
 */
import { Time } from "../coords/time.js";
import { ArgumentError } from "../util/errors.js";
import { INVALID_INDEX } from "./axis.js";

/** Time units of a time axis, with their length in seconds. */
export const TIME_AXIS_UNITS = { s: 1, min: 60, h: 3600, d: 86400 } as const;

/** Unit of the offsets of a time axis. */
export type TimeAxisUnit = keyof typeof TIME_AXIS_UNITS;

/** Options of the time-axis constructors. */
export interface TimeAxisOptions {
  /** Axis name, default `time`. */
  readonly name?: string;
  /** Unit of the interval offsets, default `d`. */
  readonly unit?: TimeAxisUnit;
}

/** An immutable axis of time intervals. */
export class TimeMapAxis {
  /** Gammapy's node type of time axes. */
  readonly nodeType = "intervals";
  /** Coordinate scale: always linear. */
  readonly interp = "lin";
  readonly name: string;
  readonly unit: TimeAxisUnit;
  /** The instant the offsets count from. */
  readonly referenceTime: Time;
  /** Interval starts, offsets from `referenceTime` in `unit` (nbin values, increasing). */
  readonly edgesMin: Float64Array;
  /** Interval ends, offsets from `referenceTime` in `unit` (nbin values, increasing). */
  readonly edgesMax: Float64Array;
  private _timeMin?: Time[];
  private _timeMax?: Time[];

  /**
   * An axis from interval offsets (in `unit`) relative to `referenceTime`. Throws `ArgumentError` unless both arrays
   * have the same non-zero length, every interval has `max > min`, both are sorted and intervals do not overlap.
   */
  constructor(
    edgesMin: ArrayLike<number>,
    edgesMax: ArrayLike<number>,
    referenceTime: Time,
    options: TimeAxisOptions = {},
  ) {
    this.name = options.name ?? "time";
    this.unit = options.unit ?? "d";
    if (!(this.unit in TIME_AXIS_UNITS)) {
      throw new ArgumentError(`unsupported time unit '${this.unit}'`, "unit", Object.keys(TIME_AXIS_UNITS).join(", "));
    }
    const lo = Float64Array.from(edgesMin);
    const hi = Float64Array.from(edgesMax);
    if (lo.length !== hi.length || lo.length === 0) {
      throw new ArgumentError(`time axis ${this.name}: ${lo.length} starts and ${hi.length} stops`, this.name);
    }
    for (let i = 0; i < lo.length; i++) {
      if (!(hi[i] > lo[i])) throw new ArgumentError(`time axis ${this.name}: interval ${i} has max <= min`, this.name);
      if (i > 0 && !(lo[i] >= lo[i - 1] && hi[i] >= hi[i - 1])) {
        throw new ArgumentError(`time axis ${this.name}: interval bounds must be sorted`, this.name);
      }
      if (i > 0 && lo[i] < hi[i - 1]) {
        throw new ArgumentError(`time axis ${this.name}: intervals ${i - 1} and ${i} overlap`, this.name);
      }
    }
    this.edgesMin = lo;
    this.edgesMax = hi;
    this.referenceTime = referenceTime;
  }

  /**
   * An axis from interval start and stop times; the reference time is the first start, offsets in `unit` (default
   * `d`), as Gammapy's `from_time_edges`.
   */
  static fromTimeEdges(timeMin: readonly Time[], timeMax: readonly Time[], options: TimeAxisOptions = {}): TimeMapAxis {
    if (timeMin.length === 0) throw new ArgumentError("no time intervals", "timeMin");
    const unit = options.unit ?? "d";
    const ref = timeMin[0];
    const s = TIME_AXIS_UNITS[unit];
    return new TimeMapAxis(
      timeMin.map((t) => t.minus(ref) / s),
      timeMax.map((t) => t.minus(ref) / s),
      ref,
      { name: options.name, unit },
    );
  }

  /**
   * An axis of the good time intervals `start[i]`..`stop[i]` with offsets in seconds from `referenceTime` (the GTI
   * table's time reference), as Gammapy's `from_gti`.
   */
  static fromGti(
    start: readonly Time[],
    stop: readonly Time[],
    referenceTime: Time,
    options: { readonly name?: string } = {},
  ): TimeMapAxis {
    return new TimeMapAxis(
      start.map((t) => t.minus(referenceTime)),
      stop.map((t) => t.minus(referenceTime)),
      referenceTime,
      { name: options.name, unit: "s" },
    );
  }

  /** `nbin` equal contiguous intervals from `timeMin` to `timeMax` (Gammapy's `from_time_bounds`). */
  static fromTimeBounds(timeMin: Time, timeMax: Time, nbin: number, options: TimeAxisOptions = {}): TimeMapAxis {
    if (!(Number.isInteger(nbin) && nbin > 0)) throw new ArgumentError(`invalid nbin ${nbin}`, "nbin");
    const delta = timeMax.minus(timeMin);
    const edges: Time[] = [];
    for (let i = 0; i <= nbin; i++) edges.push(timeMin.add(delta * (i === nbin ? 1 : i / nbin)));
    return TimeMapAxis.fromTimeEdges(edges.slice(0, -1), edges.slice(1), options);
  }

  /** Number of intervals. */
  get nbin(): number {
    return this.edgesMin.length;
  }

  /** Seconds per unit of the offsets. */
  get unitSeconds(): number {
    return TIME_AXIS_UNITS[this.unit];
  }

  /** Whether each interval starts where the previous one ends. */
  get isContiguous(): boolean {
    for (let i = 1; i < this.nbin; i++) if (this.edgesMin[i] !== this.edgesMax[i - 1]) return false;
    return true;
  }

  /** A contiguous axis whose edges are all distinct interval bounds (gaps become intervals), as Gammapy. */
  toContiguous(): TimeMapAxis {
    const all = [...new Set([...this.edgesMin, ...this.edgesMax])].sort((a, b) => a - b);
    return new TimeMapAxis(all.slice(0, -1), all.slice(1), this.referenceTime, { name: this.name, unit: this.unit });
  }

  /** Bin edges (nbin + 1 offsets in `unit`); throws `ArgumentError` unless the axis is contiguous. */
  get edges(): Float64Array {
    if (!this.isContiguous) throw new ArgumentError(`time axis ${this.name} is not contiguous`, this.name);
    const e = new Float64Array(this.nbin + 1);
    e.set(this.edgesMin);
    e[this.nbin] = this.edgesMax[this.nbin - 1];
    return e;
  }

  /** [first start, last stop] as offsets in `unit`. */
  get bounds(): [number, number] {
    return [this.edgesMin[0], this.edgesMax[this.nbin - 1]];
  }

  /** [first start, last stop] as times. */
  get timeBounds(): [Time, Time] {
    return [this.timeMin[0], this.timeMax[this.nbin - 1]];
  }

  /** Interval starts as times. */
  get timeMin(): readonly Time[] {
    this._timeMin ??= Array.from(this.edgesMin, (v) => this.referenceTime.add(v * this.unitSeconds));
    return this._timeMin;
  }

  /** Interval ends as times. */
  get timeMax(): readonly Time[] {
    this._timeMax ??= Array.from(this.edgesMax, (v) => this.referenceTime.add(v * this.unitSeconds));
    return this._timeMax;
  }

  /** Interval durations in seconds (nbin values). */
  get timeDeltaS(): Float64Array {
    return Float64Array.from(this.timeMax, (t, i) => t.minus(this.timeMin[i]));
  }

  /** Interval mid-points as times. */
  get timeMid(): Time[] {
    return this.timeMin.map((t, i) => t.add(0.5 * this.timeMax[i].minus(t)));
  }

  /** Interval mid-points as offsets in `unit` (Gammapy's `center`). */
  get center(): Float64Array {
    return this.edgesMin.map((v, i) => v + 0.5 * (this.edgesMax[i] - v));
  }

  /** Interval widths in `unit` (Gammapy's `bin_width` is the same in hours). */
  get binWidth(): Float64Array {
    return this.edgesMax.map((v, i) => v - this.edgesMin[i]);
  }

  /** Throws `ArgumentError` unless the axis has this name. */
  assertName(requiredName: string): void {
    if (this.name !== requiredName) {
      throw new ArgumentError(`unexpected axis name '${this.name}'`, this.name, `'${requiredName}'`);
    }
  }

  /**
   * Interval indices of times (`Time` objects, or numbers: offsets from the reference time in `unit`): the interval
   * i with `min < t <= max`, `INVALID_INDEX` (-1) for times in no interval (gaps, outside, non-finite).
   */
  coordToIdx(coord: readonly Time[] | ArrayLike<number>, out = new Int32Array(coord.length)): Int32Array {
    for (let k = 0; k < coord.length; k++) {
      const c = coord[k];
      out[k] = c instanceof Time ? this.locateTime(c) : this.locateOffset(c as number);
    }
    return out;
  }

  /** Interval of an offset (in `unit`): the last start before it, if its end is not before it. */
  private locateOffset(c: number): number {
    let lo = 0;
    let hi = this.nbin;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c > this.edgesMin[mid]) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && c <= this.edgesMax[lo - 1] ? lo - 1 : INVALID_INDEX;
  }

  /** Interval of a time, comparing times as Gammapy (`t - min > 0`, `t - max <= 0`). */
  private locateTime(t: Time): number {
    const tmin = this.timeMin;
    let lo = 0;
    let hi = this.nbin;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t.minus(tmin[mid]) > 0) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 && t.minus(this.timeMax[lo - 1]) <= 0 ? lo - 1 : INVALID_INDEX;
  }

  /**
   * Pixel coordinates of times (as `coordToIdx`): `idx + (t - min) / (max - min) - 0.5` inside interval idx, NaN for
   * times in no interval (Gammapy's `coord_to_pix`).
   */
  coordToPix(coord: readonly Time[] | ArrayLike<number>): Float64Array {
    const idx = this.coordToIdx(coord);
    const out = new Float64Array(coord.length);
    for (let k = 0; k < coord.length; k++) {
      const i = idx[k];
      if (i === INVALID_INDEX) {
        out[k] = Number.NaN;
        continue;
      }
      const c = coord[k];
      const rel = c instanceof Time ? c.minus(this.referenceTime) / this.unitSeconds : (c as number);
      out[k] = i + (rel - this.edgesMin[i]) / (this.edgesMax[i] - this.edgesMin[i]) - 0.5;
    }
    return out;
  }

  /** Gammapy's `pix_to_idx` for time axes: the pixel coordinates unchanged. */
  pixToIdx(pix: ArrayLike<number>): Float64Array {
    return Float64Array.from(pix);
  }

  /** The intervals `start` (inclusive) to `stop` (exclusive) as a new axis (same reference time). */
  slice(start: number, stop = this.nbin): TimeMapAxis {
    if (start < 0 || stop > this.nbin || stop <= start) {
      throw new ArgumentError(`axis ${this.name}: invalid slice ${start}:${stop} of ${this.nbin} bins`, this.name);
    }
    return new TimeMapAxis(this.edgesMin.slice(start, stop), this.edgesMax.slice(start, stop), this.referenceTime, {
      name: this.name,
      unit: this.unit,
    });
  }

  /** One interval from the first start to the last stop. */
  squash(): TimeMapAxis {
    const [lo, hi] = this.bounds;
    return new TimeMapAxis([lo], [hi], this.referenceTime, { name: this.name, unit: this.unit });
  }

  /** A copy with some properties changed. */
  copy(changes: TimeAxisOptions & { readonly referenceTime?: Time } = {}): TimeMapAxis {
    return new TimeMapAxis(this.edgesMin, this.edgesMax, changes.referenceTime ?? this.referenceTime, {
      name: changes.name ?? this.name,
      unit: changes.unit ?? this.unit,
    });
  }

  /**
   * Whether another time axis has the same number of intervals, with starts and stops within `atolS` seconds (as
   * numpy `allclose` against 0 of the time differences; default 1e-8 s as numpy), and the same name
   * (case-insensitive).
   */
  isAllclose(other: TimeMapAxis, atolS = 1e-8): boolean {
    if (this.nbin !== other.nbin) return false;
    for (let i = 0; i < this.nbin; i++) {
      if (!(Math.abs(this.timeMin[i].minus(other.timeMin[i])) <= atolS)) return false;
      if (!(Math.abs(this.timeMax[i].minus(other.timeMax[i])) <= atolS)) return false;
    }
    return this.name.toUpperCase() === other.name.toUpperCase();
  }

  /** Gammapy's equality: another time axis, `isAllclose` with 1e-6 s. */
  equals(other: unknown): boolean {
    return other instanceof TimeMapAxis && this.isAllclose(other, 1e-6);
  }
}
