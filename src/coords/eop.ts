/**
 * Earth orientation parameters (UT1 - UTC and polar motion) for AltAz: an embedded copy of what astropy 5.2 uses
 * offline (its bundled IERS-B table, sampled every 5 days from 1990-01-01 to 2022-11-29 and interpolated linearly;
 * within 1 ms of UT1 and 3 mas of polar motion of astropy's daily interpolation), with astropy's behaviour outside
 * the table: UT1 = UTC and the 50-year mean polar motion (0.035", 0.29"), reported as a warning.
 */
import type { WarningSink } from "../util/warnings.js";
import { EOP_COUNT, EOP_DUT1, EOP_START_MJD, EOP_STEP_DAYS, EOP_XP, EOP_YP } from "./eop-table.js";
import { type Time, taiMinusUtc } from "./time.js";

/** Earth orientation at an instant. */
export interface EarthOrientation {
  /** UT1 - UTC in seconds. */
  readonly dut1S: number;
  /** Polar motion x_p in arcseconds. */
  readonly xpArcsec: number;
  /** Polar motion y_p in arcseconds. */
  readonly ypArcsec: number;
}

/** astropy's default polar motion outside the IERS table (the 50-year mean). */
export const DEFAULT_POLAR_MOTION_ARCSEC: readonly [number, number] = [0.035, 0.29];

let decoded: { dut1: Float64Array; xp: Float64Array; yp: Float64Array } | undefined;

function decode(text: string, scale: number): Float64Array {
  const out = new Float64Array(EOP_COUNT);
  let acc = 0;
  let i = 0;
  for (const tok of text.split(",")) {
    acc += Number(tok);
    out[i++] = acc * scale;
  }
  return out;
}

function table(): { dut1: Float64Array; xp: Float64Array; yp: Float64Array } {
  decoded ??= { dut1: decode(EOP_DUT1, 1e-4), xp: decode(EOP_XP, 1e-4), yp: decode(EOP_YP, 1e-4) };
  return decoded;
}

/** Last MJD (UTC) covered: astropy treats this day and later as beyond its table. */
export const EOP_END_MJD = EOP_START_MJD + (EOP_COUNT - 1) * EOP_STEP_DAYS;

/**
 * Earth orientation at a time from the embedded table (astropy 5.2 offline). Outside MJD 47892-59912 (1990-01-01 to
 * 2022-11-29) returns UT1 - UTC = 0 and the mean polar motion, as astropy does offline, and reports a warning
 * `EOP_OUT_OF_RANGE` to `warn`.
 */
export function builtinEarthOrientation(time: Time, warn?: WarningSink): EarthOrientation {
  const { day, seconds } = time.utcDaySeconds();
  const mjd = day + seconds / 86400;
  if (!(mjd >= EOP_START_MJD && mjd < EOP_END_MJD)) {
    warn?.({
      code: "EOP_OUT_OF_RANGE",
      message:
        `no Earth orientation data for ${time.iso("utc")} UTC (table covers MJD ${EOP_START_MJD}-${EOP_END_MJD}); ` +
        "using UT1 = UTC and the mean polar motion, as astropy does offline (errors up to ~1 arcsec in AltAz)",
      path: {},
    });
    return { dut1S: 0, xpArcsec: DEFAULT_POLAR_MOTION_ARCSEC[0], ypArcsec: DEFAULT_POLAR_MOTION_ARCSEC[1] };
  }
  const { dut1, xp, yp } = table();
  const x = (mjd - EOP_START_MJD) / EOP_STEP_DAYS;
  const i = Math.min(Math.floor(x), EOP_COUNT - 2);
  const f = x - i;
  const lerp = (a: Float64Array) => a[i] + f * (a[i + 1] - a[i]);
  // The tabulated UT1 - UTC has the leap-second jumps since the start removed; add back those up to this UTC day.
  const leaps = taiMinusUtc(day) - taiMinusUtc(EOP_START_MJD);
  return { dut1S: lerp(dut1) + leaps, xpArcsec: lerp(xp), ypArcsec: lerp(yp) };
}
