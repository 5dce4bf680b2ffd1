/**
 * Time: instants with microsecond-or-better precision over centuries, the UTC, TAI, TT and TDB scales (UTC with an
 * embedded leap-second table through the last one, 2017-01-01), MJD/JD/ISO 8601 parsing and formatting in any scale,
 * and the GADF/OGIP time reference of FITS headers (MJDREFI/MJDREFF or MJDREF, TIMESYS, TIMEUNIT, TIMEREF, TIMEZERO)
 * that mission-elapsed-time values (TIME column, GTI START/STOP, TSTART/TSTOP) count from.
 *
 * An instant is stored as two doubles: the integer MJD of its TT day and the TT seconds into that day (in
 * [0, 86400)), so the resolution is ~1e-11 s at any date. TDB - TT uses the 30 largest periodic terms of the
 * Fairbairn-Bretagnon series at the geocentre (as astropy without a location), within 1 µs of ERFA `dtdb` for
 * 1990-2040.
 */
import { ArgumentError, GammatsError } from "../util/errors.js";

/** Time scales gammats converts between. */
export type TimeScale = "tt" | "tai" | "utc" | "tdb";

const TIME_SCALES: readonly TimeScale[] = ["tt", "tai", "utc", "tdb"];
/** JD - MJD. */
const JD_MJD = 2400000.5;
/** TT - TAI in seconds. */
const TT_MINUS_TAI = 32.184;
const DAY = 86400;

/**
 * Leap seconds: MJD (UTC) from which TAI - UTC = 10 + index applies (1972-01-01 ... 2017-01-01, the last announced).
 */
// biome-ignore format: a table
const LEAP_MJD: readonly number[] = [
  41317, 41499, 41683, 42048, 42413, 42778, 43144, 43509, 43874, 44239, 44786, 45151, 45516, 46247, 47161, 47892,
  48257, 48804, 49169, 49534, 50083, 50630, 51179, 53736, 54832, 56109, 57204, 57754,
];
/** First MJD with a defined (integer-second) UTC: 1972-01-01. */
export const UTC_FIRST_MJD = LEAP_MJD[0];

function timeError(message: string, expected?: string): GammatsError {
  return new GammatsError("BAD_TIME", message, {}, expected);
}

/**
 * TAI - UTC in seconds on a UTC day (integer MJD or any MJD within the day), from the leap-second table. UTC before
 * 1972-01-01 (rubber seconds) is not supported: throws `BAD_TIME`.
 */
export function taiMinusUtc(mjdUtc: number): number {
  if (!(mjdUtc >= UTC_FIRST_MJD)) {
    throw timeError(`UTC before 1972-01-01 (MJD ${mjdUtc}) is not supported`, "a date from 1972-01-01 on");
  }
  let lo = 0;
  let hi = LEAP_MJD.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (LEAP_MJD[mid] <= mjdUtc) lo = mid;
    else hi = mid - 1;
  }
  return 10 + lo;
}

/** Length in SI seconds of a UTC day (86401 when it ends with a leap second). */
export function utcDayLength(day: number): number {
  return DAY + taiMinusUtc(day + 1) - taiMinusUtc(day);
}

// 30 largest T^0 and 2 largest T^1 terms of the Fairbairn-Bretagnon TDB-TT series: amplitude (µs), frequency
// (rad per Julian millennium), phase (rad).
// biome-ignore format: a table
const FB0: readonly number[] = [
  1656.674564, 6283.075849991, 6.240054195, 22.417471, 5753.384884897, 4.296977442,
  13.839792, 12566.151699983, 6.19690441, 4.770086, 529.690965095, 0.444401603,
  4.67674, 6069.776754553, 4.021195093, 2.256707, 213.299095438, 5.543113262,
  1.694205, -3.523118349, 5.025132748, 1.554905, 77713.77146792, 5.19846709,
  1.276839, 7860.419392439, 5.988822341, 1.193379, 5223.693919802, 3.64982373,
  1.115322, 3930.20969622, 1.422745069, 0.794185, 11506.769769794, 2.322313077,
  0.447061, 26.2983198, 3.615796498, 0.435206, -398.149003408, 4.349338347,
  0.600309, 1577.343542448, 2.678271909, 0.496817, 6208.294251424, 5.696701824,
  0.486306, 5884.926846583, 0.520007179, 0.432392, 74.781598567, 2.435898309,
  0.468597, 6244.942814354, 5.866398759, 0.37551, 5507.553238667, 4.103476804,
  0.243085, -775.522611324, 3.651837925, 0.173435, 18849.227549974, 6.153743485,
  0.230685, 5856.477659115, 4.773852582, 0.203747, 12036.460734888, 4.333987818,
  0.143935, -796.298006816, 5.957517795, 0.15908, 10977.078804699, 1.890075226,
  0.119979, 38.133035638, 4.551585768, 0.118971, 5486.777843175, 1.914547226,
  0.11612, 1059.381930189, 0.873504123, 0.137927, 11790.629088659, 1.135934669,
];
// biome-ignore format: a table
const FB1: readonly number[] = [102.156724, 6283.075849991, 4.249032005, 1.706807, 12566.151699983, 4.205904248];

/** TDB - TT in seconds at TT `ttSecondsJ2000` (seconds since J2000.0 TT), at the geocentre. */
export function tdbMinusTt(ttSecondsJ2000: number): number {
  const t = ttSecondsJ2000 / (DAY * 365250);
  let s0 = 0;
  for (let i = 0; i < FB0.length; i += 3) s0 += FB0[i] * Math.sin(FB0[i + 1] * t + FB0[i + 2]);
  let s1 = 0;
  for (let i = 0; i < FB1.length; i += 3) s1 += FB1[i] * Math.sin(FB1[i + 1] * t + FB1[i + 2]);
  return (s0 + t * s1) * 1e-6;
}

/** The scale's offset from TT in seconds: TT = scale time + offset (UTC is handled separately). */
function offsetToTT(scale: "tt" | "tai"): number {
  return scale === "tai" ? TT_MINUS_TAI : 0;
}

/** Checks a scale name (case-insensitive) and returns it lower-cased. */
export function parseTimeScale(text: string): TimeScale {
  const s = text.trim().toLowerCase() as TimeScale;
  if (!TIME_SCALES.includes(s))
    throw new ArgumentError(`unsupported time scale '${text}'`, "scale", "tt, tai, utc or tdb");
  return s;
}

/** An instant in time (immutable). */
export class Time {
  /** Integer MJD of the instant's TT day. */
  readonly ttDay: number;
  /** TT seconds since the start of `ttDay`, in [0, 86400). */
  readonly ttSecondOfDay: number;

  private constructor(day: number, seconds: number) {
    if (!Number.isFinite(day) || !Number.isFinite(seconds)) throw timeError(`non-finite time (${day}, ${seconds})`);
    let d = Math.floor(day);
    let s = (day - d) * DAY + seconds;
    const carry = Math.floor(s / DAY);
    d += carry;
    s -= carry * DAY;
    if (s >= DAY) {
      d += 1;
      s -= DAY;
    }
    this.ttDay = d;
    this.ttSecondOfDay = s;
  }

  /** Seconds of TT since J2000.0 (2000-01-01T12:00:00 TT, MJD 51544.5 TT). */
  get ttSeconds(): number {
    return (this.ttDay - 51544) * DAY - 43200 + this.ttSecondOfDay;
  }

  /** From seconds of TT since J2000.0. */
  static fromTTSeconds(seconds: number): Time {
    return new Time(51544, 43200 + seconds);
  }

  /**
   * From a day number and seconds in a scale: `day` is an MJD (normally an integer) and `seconds` the seconds
   * elapsed in that scale since the day's 0h (for UTC, SI seconds, so a leap-second day runs to 86401).
   */
  static fromDaySeconds(day: number, seconds: number, scale: TimeScale = "tt"): Time {
    if (scale === "tt" || scale === "tai") return new Time(day, seconds + offsetToTT(scale));
    if (scale === "tdb") {
      const tdb = new Time(day, seconds);
      // TT = TDB - (TDB - TT); evaluating the periodic terms at TDB instead of TT changes them by < 1e-12 s.
      return tdb.add(-tdbMinusTt(tdb.ttSeconds));
    }
    const d = Math.floor(day);
    const s = (day - d) * DAY + seconds;
    return new Time(d, s + taiMinusUtc(d) + TT_MINUS_TAI);
  }

  /**
   * From an MJD in a scale, given as a day plus a fraction of a day (either part may carry the whole value;
   * splitting keeps precision). For UTC the fraction is of that day's length (86401 s on leap-second days), as
   * astropy.
   */
  static fromMjd(mjdDay: number, scale: TimeScale = "tt", mjdFraction = 0): Time {
    if (!Number.isFinite(mjdDay) || !Number.isFinite(mjdFraction)) throw timeError(`non-finite MJD ${mjdDay}`);
    let d = Math.floor(mjdDay);
    let f = mjdDay - d + mjdFraction;
    const k = Math.floor(f);
    d += k;
    f -= k;
    return Time.fromDaySeconds(d, f * (scale === "utc" ? utcDayLength(d) : DAY), scale);
  }

  /** From a Julian date in a scale (`jd1 + jd2`; split for precision, e.g. `jd1` = 2451545, `jd2` = fraction). */
  static fromJd(jd1: number, scale: TimeScale = "tt", jd2 = 0): Time {
    const i1 = Math.floor(jd1);
    const i2 = Math.floor(jd2);
    // MJD = JD - 2400000.5: move the half day into the fraction to keep the integer part exact.
    return Time.fromMjd(i1 + i2 - 2400001, scale, jd1 - i1 + (jd2 - i2) + 0.5);
  }

  /**
   * From an ISO 8601 / FITS date-time in a scale, as astropy's `isot`, `iso` and `fits` formats:
   * `2004-12-04T22:04:48.000`, `2004-12-04 22:04:48`, `2004-12-04T22:04`, `2004-12-04`, optionally with a trailing
   * `Z` (UTC only) or a FITS scale suffix such as `(UTC)` that overrides `scale`. Seconds may reach 60.x on a UTC
   * leap-second day. Throws `BAD_TIME` on anything else.
   */
  static fromIso(text: string, scale: TimeScale = "utc"): Time {
    const m =
      /^\s*([+-]?\d{4,})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d*)?))?)?\s*(Z|\((\w+)\))?\s*$/.exec(
        text,
      );
    if (!m) throw timeError(`cannot parse time '${text}'`, "YYYY-MM-DD[THH:MM[:SS.sss]]");
    if (m[8] !== undefined) scale = parseTimeScale(m[8]);
    else if (m[7] === "Z" && scale !== "utc") throw timeError(`'Z' marks UTC but the scale is ${scale}: '${text}'`);
    const year = Number(m[1]);
    const month = Number(m[2]);
    const dom = Number(m[3]);
    const hour = Number(m[4] ?? 0);
    const minute = Number(m[5] ?? 0);
    const second = Number(m[6] ?? 0);
    if (month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month) || hour > 23 || minute > 59) {
      throw timeError(`invalid date or time '${text}'`);
    }
    const day = mjdFromCalendar(year, month, dom);
    // 23:59:60.x exists only at the end of a UTC day with a leap second.
    if (second >= 60 && !(scale === "utc" && hour === 23 && minute === 59 && second < 60 + utcDayLength(day) - DAY)) {
      throw timeError(`invalid seconds in '${text}'`);
    }
    return Time.fromDaySeconds(day, hour * 3600 + minute * 60 + second, scale);
  }

  /**
   * The day (integer MJD) and the seconds elapsed since its 0h, in a scale. For UTC the seconds lie in
   * [0, 86401) on a leap-second day.
   */
  daySeconds(scale: TimeScale = "tt"): { day: number; seconds: number } {
    if (scale === "tt") return { day: this.ttDay, seconds: this.ttSecondOfDay };
    if (scale === "tai") return normalise(this.ttDay, this.ttSecondOfDay - TT_MINUS_TAI);
    if (scale === "tdb") return normalise(this.ttDay, this.ttSecondOfDay + tdbMinusTt(this.ttSeconds));
    const tai = normalise(this.ttDay, this.ttSecondOfDay - TT_MINUS_TAI);
    // UTC is TAI minus 10..37 s: the UTC day is the TAI day or the one before.
    for (let d = tai.day; d >= tai.day - 1; d--) {
      const seconds = tai.seconds + (tai.day - d) * DAY - taiMinusUtc(d);
      if (seconds >= 0 && seconds < utcDayLength(d)) return { day: d, seconds };
    }
    const d = tai.day - 1;
    return { day: d, seconds: tai.seconds + DAY - taiMinusUtc(d) };
  }

  /** UTC day and seconds (see {@link Time.daySeconds}). */
  utcDaySeconds(): { day: number; seconds: number } {
    return this.daySeconds("utc");
  }

  /** MJD in a scale (one double: ~1 µs resolution). For UTC, the fraction of a leap-second day is over 86401 s. */
  mjd(scale: TimeScale = "tt"): number {
    const { day, seconds } = this.daySeconds(scale);
    return day + seconds / (scale === "utc" ? utcDayLength(day) : DAY);
  }

  /** Julian date in a scale (one double: ~20 µs resolution; use {@link Time.daySeconds} for full precision). */
  jd(scale: TimeScale = "tt"): number {
    const { day, seconds } = this.daySeconds(scale);
    return day + JD_MJD + seconds / (scale === "utc" ? utcDayLength(day) : DAY);
  }

  /**
   * ISO 8601 string `YYYY-MM-DDTHH:MM:SS.sss` (astropy's `isot`) in a scale, with `digits` decimals (0-9) rounded to
   * nearest. A UTC leap second prints as `23:59:60.xxx`.
   */
  iso(scale: TimeScale = "utc", digits = 3): string {
    if (!Number.isInteger(digits) || digits < 0 || digits > 9) {
      throw new ArgumentError(`digits must be an integer in [0, 9], got ${digits}`, "digits");
    }
    let { day, seconds } = this.daySeconds(scale);
    const unit = 10 ** digits;
    let units = Math.round(seconds * unit);
    const dayLength = scale === "utc" ? utcDayLength(day) : DAY;
    if (units >= dayLength * unit) {
      units -= dayLength * unit;
      day += 1;
    }
    const [y, mo, d] = calendarFromMjd(day);
    let whole = Math.floor(units / unit);
    const frac = units - whole * unit;
    let hh: number;
    let mm: number;
    if (whole >= DAY) {
      hh = 23;
      mm = 59;
      whole -= 86340;
    } else {
      hh = Math.floor(whole / 3600);
      mm = Math.floor((whole - hh * 3600) / 60);
      whole -= hh * 3600 + mm * 60;
    }
    const fracText = digits > 0 ? `.${String(frac).padStart(digits, "0")}` : "";
    const year = y < 0 ? `-${pad(-y, 4)}` : pad(y, 4);
    return `${year}-${pad(mo, 2)}-${pad(d, 2)}T${pad(hh, 2)}:${pad(mm, 2)}:${pad(whole, 2)}${fracText}`;
  }

  /** This time plus `seconds` SI seconds (TT). */
  add(seconds: number): Time {
    return new Time(this.ttDay, this.ttSecondOfDay + seconds);
  }

  /** Seconds (TT) from `other` to this time. */
  minus(other: Time): number {
    return (this.ttDay - other.ttDay) * DAY + (this.ttSecondOfDay - other.ttSecondOfDay);
  }

  /** Negative, zero or positive as this time is before, equal to or after `other`. */
  compare(other: Time): number {
    return this.ttDay - other.ttDay || this.ttSecondOfDay - other.ttSecondOfDay;
  }

  /** The ISO string in UTC with milliseconds. */
  toString(): string {
    return `${this.iso("utc")} UTC`;
  }
}

function normalise(day: number, seconds: number): { day: number; seconds: number } {
  const k = Math.floor(seconds / DAY);
  return { day: day + k, seconds: seconds - k * DAY };
}

function pad(n: number, w: number): string {
  return String(n).padStart(w, "0");
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** MJD of a proleptic Gregorian calendar date (0h). */
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

/** Proleptic Gregorian calendar date [year, month, day] of an integer MJD. */
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

// ---------------------------------------------------------------------------------------------------------------
// FITS / GADF time references

/** A header keyword value as a FITS header returns it (complex values are objects and are rejected where read). */
export type KeywordValue = string | number | boolean | bigint | null | undefined;

/** Keyword access needed to read time references and locations (a FITS `Header`, or {@link recordKeywords}). */
export interface KeywordSource {
  /** The value of a keyword, `undefined` when absent. */
  get(key: string): KeywordValue | object;
}

/** Wraps a plain record (e.g. `Table.meta`) as a `KeywordSource`. */
export function recordKeywords(record: Readonly<Record<string, unknown>>): KeywordSource {
  return { get: (k) => record[k] as KeywordValue | object };
}

/** A numeric keyword, or undefined when absent; throws `BAD_KEYWORD` when present but not a finite number. */
export function numberKeyword(h: KeywordSource, key: string, file?: string): number | undefined {
  const v = h.get(key);
  if (v === undefined || v === null) return undefined;
  const n = typeof v === "bigint" ? Number(v) : typeof v === "string" && v.trim() !== "" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isFinite(n)) {
    throw new GammatsError("BAD_KEYWORD", `keyword ${key} is not a number: ${String(v)}`, { file, key }, "a number");
  }
  return n;
}

/** A string keyword (trimmed), or undefined when absent; throws `BAD_KEYWORD` for a non-string value. */
export function stringKeyword(h: KeywordSource, key: string, file?: string): string | undefined {
  const v = h.get(key);
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") {
    throw new GammatsError("BAD_KEYWORD", `keyword ${key} is not a string: ${String(v)}`, { file, key }, "a string");
  }
  return v.trim();
}

/** Seconds per unit of the FITS TIMEUNIT values gammats accepts. */
const TIME_UNITS: Readonly<Record<string, number>> = {
  s: 1,
  ms: 1e-3,
  min: 60,
  h: 3600,
  d: DAY,
  a: 365.25 * DAY,
  yr: 365.25 * DAY,
  cy: 36525 * DAY,
};

/** A time reference: the instant that mission elapsed time counts from, and the unit of that count. */
export interface TimeRef {
  /** The reference instant (MJDREF in TIMESYS). */
  readonly time: Time;
  /** TIMESYS of the file (lower case); elapsed times are in this scale's seconds. */
  readonly scale: TimeScale;
  /** Seconds per unit of the time values (TIMEUNIT: s = 1, d = 86400, ...). */
  readonly unitSeconds: number;
  /** TIMEZERO: an offset (in TIMEUNIT) added to every time value; 0 when absent. */
  readonly timeZero?: number;
  /** TIMEREF (e.g. `LOCAL`, `TOPOCENTER`, `GEOCENTER`, `SOLARSYSTEM`) as written, upper-cased; informational only. */
  readonly timeRefFrame?: string;
}

/**
 * The time reference of a GADF/OGIP header: MJDREFI + MJDREFF (or MJDREF) in TIMESYS (TT, TAI, UTC or TDB; default
 * TT as Gammapy), TIMEUNIT (s, ms, min, h, d, a/yr, cy; default s), TIMEZERO and TIMEREF. As Gammapy 1.0
 * (`time_ref_from_dict`), MJDREFI + MJDREFF are added as one double before use (this rounds the reference by at most
 * 0.4 µs and is what Gammapy's absolute times are based on). Throws `BAD_TIME_REF` when the reference keywords are
 * missing or invalid.
 */
export function timeRefFromHeader(h: KeywordSource, file?: string): TimeRef {
  const scaleText = (stringKeyword(h, "TIMESYS", file) ?? "tt").toLowerCase();
  if (!TIME_SCALES.includes(scaleText as TimeScale)) {
    throw new GammatsError(
      "BAD_TIME_REF",
      `unsupported TIMESYS '${scaleText}'`,
      { file, key: "TIMESYS" },
      "TT, TAI, UTC or TDB",
    );
  }
  const scale = scaleText as TimeScale;
  const refI = numberKeyword(h, "MJDREFI", file);
  const refF = numberKeyword(h, "MJDREFF", file);
  const ref = numberKeyword(h, "MJDREF", file);
  let mjd: number;
  if (refI !== undefined) mjd = refI + (refF ?? 0);
  else if (ref !== undefined) mjd = ref;
  else {
    throw new GammatsError(
      "BAD_TIME_REF",
      "no MJDREFI/MJDREFF or MJDREF keyword",
      { file, key: "MJDREFI" },
      "a time reference",
    );
  }
  const unit = (stringKeyword(h, "TIMEUNIT", file) ?? "s").toLowerCase();
  const unitSeconds = TIME_UNITS[unit];
  if (unitSeconds === undefined) {
    throw new GammatsError(
      "BAD_TIME_REF",
      `unsupported TIMEUNIT '${unit}'`,
      { file, key: "TIMEUNIT" },
      "s, ms, min, h, d, a, yr or cy",
    );
  }
  const timeZero = numberKeyword(h, "TIMEZERO", file) ?? 0;
  const timeRefFrame = stringKeyword(h, "TIMEREF", file)?.toUpperCase();
  let time: Time;
  try {
    time = Time.fromMjd(mjd, scale);
  } catch (e) {
    throw new GammatsError("BAD_TIME_REF", `invalid reference MJD ${mjd}`, { file, key: "MJDREFI" }, undefined, {
      cause: e,
    });
  }
  return { time, scale, unitSeconds, timeZero, timeRefFrame };
}

/**
 * The header keywords describing a time reference (MJDREFI, MJDREFF, TIMESYS, TIMEUNIT), as Gammapy's
 * `time_ref_to_dict` writes them: MJDREFI the integer day and MJDREFF the fraction of the reference MJD in its scale.
 */
export function timeRefToKeywords(ref: TimeRef): {
  MJDREFI: number;
  MJDREFF: number;
  TIMESYS: string;
  TIMEUNIT: string;
} {
  const { day, seconds } = ref.time.daySeconds(ref.scale);
  const unit = Object.keys(TIME_UNITS).find((k) => TIME_UNITS[k] === ref.unitSeconds) ?? "s";
  const dayLength = ref.scale === "utc" ? utcDayLength(day) : DAY;
  return { MJDREFI: day, MJDREFF: seconds / dayLength, TIMESYS: ref.scale, TIMEUNIT: unit };
}

/** A time reference at an instant, counting seconds of `scale` (default TT). */
export function timeRef(time: Time, scale: TimeScale = "tt"): TimeRef {
  return { time, scale, unitSeconds: 1, timeZero: 0 };
}

/**
 * The instant of a mission-elapsed-time value (in TIMEUNIT, TIMEZERO added) of a time reference. Elapsed time counts
 * seconds of the reference's scale: SI seconds for TT, TAI and UTC (so leap seconds in between are counted, as
 * astropy), TDB seconds for TDB.
 */
export function metToTime(ref: TimeRef, met: number): Time {
  const seconds = (met + (ref.timeZero ?? 0)) * ref.unitSeconds;
  if (ref.scale !== "tdb") return ref.time.add(seconds);
  const { day, seconds: s } = ref.time.daySeconds("tdb");
  return Time.fromDaySeconds(day, s + seconds, "tdb");
}

/** Mission elapsed time (in TIMEUNIT, TIMEZERO removed) of an instant; the inverse of {@link metToTime}. */
export function timeToMet(ref: TimeRef, time: Time): number {
  let seconds: number;
  if (ref.scale !== "tdb") seconds = time.minus(ref.time);
  else {
    const a = time.daySeconds("tdb");
    const b = ref.time.daySeconds("tdb");
    seconds = (a.day - b.day) * DAY + (a.seconds - b.seconds);
  }
  return seconds / ref.unitSeconds - (ref.timeZero ?? 0);
}

/**
 * MJDs (in `scale`) of many mission-elapsed-time values of a time reference, into `out` (a new array by default).
 * Shape: `out.length === met.length`.
 */
export function metToMjd(
  ref: TimeRef,
  met: ArrayLike<number>,
  scale: TimeScale = "tt",
  out: Float64Array = new Float64Array(met.length),
): Float64Array {
  for (let i = 0; i < met.length; i++) out[i] = metToTime(ref, met[i]).mjd(scale);
  return out;
}

/**
 * A date-time from a header: `DATE-OBS` (or another date keyword) in ISO form, with the time of day taken from
 * `TIME-OBS` (or `timeKey`) when the date has none, in the header's TIMESYS (default TT). Returns undefined when the
 * date keyword is absent; throws `BAD_TIME` when it cannot be parsed.
 */
export function dateFromHeader(
  h: KeywordSource,
  dateKey = "DATE-OBS",
  timeKey = "TIME-OBS",
  file?: string,
): Time | undefined {
  const date = stringKeyword(h, dateKey, file);
  if (date === undefined || date === "") return undefined;
  const scale = parseTimeScale(stringKeyword(h, "TIMESYS", file) ?? "tt");
  const time = date.includes("T") ? undefined : stringKeyword(h, timeKey, file);
  const text = time ? `${date}T${time}` : date;
  try {
    return Time.fromIso(text, scale);
  } catch (e) {
    throw new GammatsError("BAD_TIME", `cannot parse ${dateKey} '${text}'`, { file, key: dateKey }, "ISO 8601", {
      cause: e,
    });
  }
}

/**
 * Start and stop of an observation from a header: TSTART/TSTOP (mission elapsed time of the header's time reference),
 * or else DATE-OBS/TIME-OBS and DATE-END/TIME-END. Throws `BAD_TIME_REF` when neither is present.
 */
export function observationTimesFromHeader(h: KeywordSource, file?: string): { start: Time; stop: Time } {
  const tstart = numberKeyword(h, "TSTART", file);
  const tstop = numberKeyword(h, "TSTOP", file);
  if (tstart !== undefined && tstop !== undefined) {
    const ref = timeRefFromHeader(h, file);
    return { start: metToTime(ref, tstart), stop: metToTime(ref, tstop) };
  }
  const start = dateFromHeader(h, "DATE-OBS", "TIME-OBS", file);
  const stop = dateFromHeader(h, "DATE-END", "TIME-END", file);
  if (start && stop) return { start, stop };
  throw new GammatsError(
    "BAD_TIME_REF",
    "no TSTART/TSTOP or DATE-OBS/DATE-END keywords",
    { file, key: "TSTART" },
    "observation start and stop times",
  );
}
