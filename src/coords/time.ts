/**
 * Time: instants in the TT scale, conversions to and from UTC (with leap seconds), TAI, MJD, ISO strings, and the
 * GADF/OGIP time reference of a FITS header (MJDREFI/MJDREFF, TIMESYS, TIMEUNIT) that mission-elapsed-time
 * columns (TIME, START, STOP, TSTART...) count from.
 *
 * An instant is stored as seconds of TT since J2000.0 (2000-01-01T12:00:00 TT, MJD 51544.5 TT): a double keeps
 * 0.1 µs resolution over centuries around J2000, enough for event times.
 */
import { GammatsError } from "../util/errors.js";

/** Time scales gammats converts between. */
export type TimeScale = "tt" | "tai" | "utc";

/** MJD of J2000.0. */
const MJD_J2000 = 51544.5;
/** TT - TAI in seconds. */
const TT_MINUS_TAI = 32.184;
const DAY = 86400;

/**
 * Leap seconds: [MJD (UTC) from which TAI - UTC applies, TAI - UTC in seconds]. Through the last one announced,
 * 2017-01-01. (Before 1972 UTC had rubber seconds; gammats uses 10 s there.)
 */
const LEAP_SECONDS: readonly (readonly [number, number])[] = [
  [41317, 10],
  [41499, 11],
  [41683, 12],
  [42048, 13],
  [42413, 14],
  [42778, 15],
  [43144, 16],
  [43509, 17],
  [43874, 18],
  [44239, 19],
  [44786, 20],
  [45151, 21],
  [45516, 22],
  [46247, 23],
  [47161, 24],
  [47892, 25],
  [48257, 26],
  [48804, 27],
  [49169, 28],
  [49534, 29],
  [50083, 30],
  [50630, 31],
  [51179, 32],
  [53736, 33],
  [54832, 34],
  [56109, 35],
  [57204, 36],
  [57754, 37],
];

/** TAI - UTC in seconds at a UTC MJD. */
export function taiMinusUtc(mjdUtc: number): number {
  let v = 10;
  for (const [mjd, dat] of LEAP_SECONDS) {
    if (mjdUtc >= mjd) v = dat;
    else break;
  }
  return v;
}

/** An instant in time (immutable). */
export class Time {
  /** Seconds of TT since J2000.0 (MJD 51544.5 TT). */
  readonly ttSeconds: number;

  private constructor(ttSeconds: number) {
    this.ttSeconds = ttSeconds;
  }

  /** From seconds of TT since J2000.0. */
  static fromTTSeconds(s: number): Time {
    return new Time(s);
  }

  /**
   * From an MJD in a scale, given as an integer day plus a fraction (either part may carry the whole value;
   * splitting keeps precision).
   */
  static fromMjd(mjdDay: number, scale: TimeScale = "tt", mjdFraction = 0): Time {
    const secs = (mjdDay - MJD_J2000) * DAY + mjdFraction * DAY;
    if (scale === "tt") return new Time(secs);
    if (scale === "tai") return new Time(secs + TT_MINUS_TAI);
    // UTC MJD: whole days plus the fraction of that day's length (86401 s on leap-second days), then TAI-UTC.
    const total = mjdDay + mjdFraction;
    const day = Math.floor(total);
    const seconds = (mjdDay - day) * utcDayLength(day) + mjdFraction * utcDayLength(day);
    return new Time((day - MJD_J2000) * DAY + seconds + taiMinusUtc(day) + TT_MINUS_TAI);
  }

  /** From an ISO 8601 string (`2004-12-04T22:08:10.184`, `2004-12-04 22:08:10`, `2004-12-04`) in a scale. */
  static fromIso(text: string, scale: TimeScale = "utc"): Time {
    const m = /^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?)?\s*(?:Z)?\s*$/.exec(text);
    if (!m) throw new GammatsError("BAD_TIME", `cannot parse time '${text}'`, {}, "YYYY-MM-DD[THH:MM[:SS.sss]]");
    const mjd = mjdFromCalendar(Number(m[1]), Number(m[2]), Number(m[3]));
    const seconds = Number(m[4] ?? 0) * 3600 + Number(m[5] ?? 0) * 60 + Number(m[6] ?? 0);
    if (scale === "utc") {
      // Seconds within a UTC day are SI seconds; a leap second (…:60) lands on the next day's TAI offset.
      const base = (mjd - MJD_J2000) * DAY + seconds;
      return new Time(base + taiMinusUtc(mjd) + TT_MINUS_TAI);
    }
    return Time.fromMjd(mjd, scale, seconds / DAY);
  }

  /** MJD in a scale. */
  mjd(scale: TimeScale = "tt"): number {
    if (scale === "tt") return MJD_J2000 + this.ttSeconds / DAY;
    if (scale === "tai") return MJD_J2000 + (this.ttSeconds - TT_MINUS_TAI) / DAY;
    // As astropy: the fraction of a UTC day with a leap second is taken over 86401 s.
    const { day, seconds } = this.utcDaySeconds();
    return day + seconds / utcDayLength(day);
  }

  /** UTC as an integer MJD day and seconds into that day (in [86400, 86401) during a leap second). */
  utcDaySeconds(): { day: number; seconds: number } {
    const tai = this.ttSeconds - TT_MINUS_TAI;
    const guess = Math.floor(MJD_J2000 + (tai - taiMinusUtc(MJD_J2000 + tai / DAY)) / DAY);
    for (let d = guess - 1; d <= guess + 1; d++) {
      const seconds = tai - taiMinusUtc(d) - (d - MJD_J2000) * DAY;
      if (seconds >= 0 && seconds < utcDayLength(d)) return { day: d, seconds };
    }
    return { day: guess, seconds: tai - taiMinusUtc(guess) - (guess - MJD_J2000) * DAY };
  }

  /** ISO 8601 string (`YYYY-MM-DDTHH:MM:SS.sss`, as astropy's `isot`) in a scale, with `digits` decimals. */
  iso(scale: TimeScale = "utc", digits = 3): string {
    let day: number;
    let seconds: number;
    if (scale === "utc") ({ day, seconds } = this.utcDaySeconds());
    else {
      const s = scale === "tt" ? this.ttSeconds : this.ttSeconds - TT_MINUS_TAI;
      const mjd = MJD_J2000 + s / DAY;
      day = Math.floor(mjd);
      seconds = (MJD_J2000 - day) * DAY + s;
    }
    const scaleF = 10 ** digits;
    let rounded = Math.round(seconds * scaleF) / scaleF;
    const dayLength = scale === "utc" ? utcDayLength(day) : DAY;
    if (rounded >= dayLength) {
      day += 1;
      rounded -= dayLength;
    }
    const [y, mo, d] = calendarFromMjd(day);
    const hh = Math.min(23, Math.floor(rounded / 3600));
    const mm = Math.min(59, Math.floor((rounded - hh * 3600) / 60));
    const ss = rounded - hh * 3600 - mm * 60;
    const ssText = ss.toFixed(digits).padStart(digits > 0 ? digits + 3 : 2, "0");
    return `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:${ssText}`;
  }

  /** This time plus seconds (SI seconds, i.e. in TT). */
  add(seconds: number): Time {
    return new Time(this.ttSeconds + seconds);
  }

  /** Seconds from `other` to this time. */
  minus(other: Time): number {
    return this.ttSeconds - other.ttSeconds;
  }
}

/** Length in SI seconds of a UTC day (86401 when it ends with a leap second). */
function utcDayLength(day: number): number {
  return DAY + taiMinusUtc(day + 1) - taiMinusUtc(day);
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

/** MJD of a Gregorian calendar date (0h). */
export function mjdFromCalendar(year: number, month: number, day: number): number {
  const a = Math.floor((14 - month) / 12);
  const y = year + 4800 - a;
  const m = month + 12 * a - 3;
  const jdn =
    day +
    Math.floor((153 * m + 2) / 5) +
    365 * y +
    Math.floor(y / 4) -
    Math.floor(y / 100) +
    Math.floor(y / 400) -
    32045;
  return jdn - 2400001;
}

/** Gregorian calendar date [year, month, day] of an integer MJD. */
export function calendarFromMjd(mjd: number): [number, number, number] {
  const jdn = mjd + 2400001;
  const a = jdn + 32044;
  const b = Math.floor((4 * a + 3) / 146097);
  const c = a - Math.floor((146097 * b) / 4);
  const d = Math.floor((4 * c + 3) / 1461);
  const e = c - Math.floor((1461 * d) / 4);
  const m = Math.floor((5 * e + 2) / 153);
  return [
    100 * b + d - 4800 + Math.floor(m / 10),
    m + 3 - 12 * Math.floor(m / 10),
    e - Math.floor((153 * m + 2) / 5) + 1,
  ];
}

/** Keyword access needed to read a time reference (a FITS `Header` or a table's metadata record). */
export interface KeywordSource {
  get(key: string): string | number | bigint | boolean | null | undefined | object;
}

/** Wraps a plain record (e.g. `Table.meta`) as a `KeywordSource`. */
export function recordKeywords(record: Readonly<Record<string, unknown>>): KeywordSource {
  return { get: (k) => record[k] as string | number | undefined };
}

/** A time reference: the instant that mission elapsed time counts from, and the unit of that count. */
export interface TimeRef {
  /** The reference instant (MJDREF in TIMESYS). */
  readonly time: Time;
  /** TIMESYS of the file (lower case). */
  readonly scale: TimeScale;
  /** Seconds per unit of the time columns (TIMEUNIT: s = 1, d = 86400). */
  readonly unitSeconds: number;
}

/**
 * The time reference of a GADF/OGIP header: MJDREFI + MJDREFF (or MJDREF) in TIMESYS (TT, TAI, UTC; default TT as
 * Gammapy), TIMEUNIT (s or d; default s). Throws `BAD_TIME_REF` when the reference keywords are missing or invalid.
 */
export function timeRefFromHeader(h: KeywordSource, file?: string): TimeRef {
  const num = (k: string): number | undefined => {
    const v = h.get(k);
    if (v === undefined || v === null) return undefined;
    const n = typeof v === "bigint" ? Number(v) : Number(v);
    return Number.isFinite(n) ? n : undefined;
  };
  const scaleText = String(h.get("TIMESYS") ?? "tt")
    .trim()
    .toLowerCase();
  if (scaleText !== "tt" && scaleText !== "tai" && scaleText !== "utc") {
    throw new GammatsError(
      "BAD_TIME_REF",
      `unsupported TIMESYS '${scaleText}'`,
      { file, key: "TIMESYS" },
      "TT, TAI or UTC",
    );
  }
  const scale = scaleText as TimeScale;
  const refI = num("MJDREFI");
  const refF = num("MJDREFF");
  const ref = num("MJDREF");
  let time: Time;
  if (refI !== undefined) time = Time.fromMjd(refI, scale, refF ?? 0);
  else if (ref !== undefined) time = Time.fromMjd(ref, scale);
  else
    throw new GammatsError(
      "BAD_TIME_REF",
      "no MJDREFI/MJDREFF or MJDREF keyword",
      { file, key: "MJDREFI" },
      "a time reference",
    );
  const unit = String(h.get("TIMEUNIT") ?? "s")
    .trim()
    .toLowerCase();
  const unitSeconds = unit === "s" ? 1 : unit === "d" ? DAY : Number.NaN;
  if (Number.isNaN(unitSeconds))
    throw new GammatsError("BAD_TIME_REF", `unsupported TIMEUNIT '${unit}'`, { file, key: "TIMEUNIT" }, "s or d");
  return { time, scale, unitSeconds };
}

/** The instant of a mission-elapsed-time value (in TIMEUNIT) of a time reference. */
export function metToTime(ref: TimeRef, met: number): Time {
  // MET counts SI seconds from the reference instant whatever its scale, so leap seconds in between are handled.
  return ref.time.add(met * ref.unitSeconds);
}

/** Mission elapsed time (in TIMEUNIT) of an instant. */
export function timeToMet(ref: TimeRef, time: Time): number {
  return time.minus(ref.time) / ref.unitSeconds;
}
