/** Time scales, ISO strings and GADF time references against astropy 5.2 (fixture from scripts/oracle/coords_time.py). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  metToTime,
  observationTimesFromHeader,
  recordKeywords,
  Time,
  type TimeScale,
  timeRefFromHeader,
  timeToMet,
} from "../../src/coords/index.js";
import { GammatsError } from "../../src/util/errors.js";
import { fixture } from "./helpers.js";

const t = fixture("time.json");

/** Seconds between two ISO strings of the same scale (both parsed as TT to avoid leap-second ambiguity). */
function isoDiffSeconds(a: string, b: string): number {
  return Math.abs(Time.fromIso(a, "tai").minus(Time.fromIso(b, "tai")));
}

describe("time agrees with astropy", () => {
  it("UTC ISO strings across the 2005 leap second -> TT, TAI, TDB, MJD", () => {
    for (const r of t.utc_iso) {
      const time = Time.fromIso(r.iso, "utc");
      expect(time.iso("utc", 9)).toBe(r.iso_utc);
      expect(isoDiffSeconds(time.iso("tt", 9), r.iso_tt)).toBeLessThan(1e-6);
      expect(isoDiffSeconds(time.iso("tai", 9), r.iso_tai)).toBeLessThan(1e-6);
      expect(isoDiffSeconds(time.iso("tdb", 9), r.iso_tdb)).toBeLessThan(1e-6);
      expect(Math.abs(time.mjd("tt") - r.mjd_tt) * 86400).toBeLessThan(1e-5);
      expect(Math.abs(time.mjd("tai") - r.mjd_tai) * 86400).toBeLessThan(1e-5);
      expect(Math.abs(time.jd("tt") - r.jd_tt) * 86400).toBeLessThan(1e-4);
    }
  });

  it("random TT times 1972-2050 -> UTC/TAI/TDB ISO (ns-level TDB-TT)", () => {
    for (const r of t.random_tt) {
      const time = Time.fromMjd(r.tt_day, "tt", r.tt_frac);
      for (const scale of ["utc", "tt", "tai", "tdb"] as TimeScale[]) {
        const got = time.iso(scale, 9);
        const want = r[`iso_${scale}`];
        const diff = Math.abs(Time.fromIso(got, "tai").minus(Time.fromIso(want, "tai")));
        expect(diff, `${scale} ${got} vs ${want}`).toBeLessThan(1e-6);
      }
      expect(Math.abs(time.mjd("utc") - r.mjd_utc) * 86400).toBeLessThan(1e-5);
    }
  });

  it("UTC MJD inside a leap second", () => {
    for (const r of t.utc_mjd) {
      const time = Time.fromMjd(r.mjd_utc, "utc");
      expect(Math.abs(Time.fromIso(time.iso("utc", 9), "utc").minus(Time.fromIso(r.iso_utc, "utc")))).toBeLessThan(
        1e-5,
      );
      expect(isoDiffSeconds(time.iso("tt", 9), r.iso_tt)).toBeLessThan(1e-5);
    }
  });

  it("MET of GADF time references -> TT/UTC, and back", () => {
    for (const r of t.met) {
      const ref = timeRefFromHeader(recordKeywords(r.ref));
      const time = metToTime(ref, r.met);
      expect(isoDiffSeconds(time.iso("tt", 9), r.iso_tt)).toBeLessThan(1e-6);
      expect(isoDiffSeconds(time.iso("utc", 9), r.iso_utc)).toBeLessThan(1e-6);
      expect(Math.abs(time.mjd("tt") - r.mjd_tt) * 86400).toBeLessThan(1e-5);
      expect(Math.abs(timeToMet(ref, time) - r.met)).toBeLessThan(1e-6);
    }
  });

  it("all 105 H.E.S.S. DR1 event headers: TSTART/TSTOP in TT and UTC as Gammapy", () => {
    expect(t.hess.length).toBe(105);
    for (const r of t.hess) {
      const { start, stop } = observationTimesFromHeader(recordKeywords(r.events));
      expect(isoDiffSeconds(start.iso("tt", 9), r.tstart_tt)).toBeLessThan(1e-6);
      expect(isoDiffSeconds(stop.iso("tt", 9), r.tstop_tt)).toBeLessThan(1e-6);
      expect(isoDiffSeconds(start.iso("utc", 9), r.tstart_utc)).toBeLessThan(1e-6);
    }
  });

  it("property: UTC MJD -> Time -> UTC MJD round trip (µs)", () => {
    fc.assert(
      fc.property(fc.double({ min: 41317, max: 69000, noNaN: true }), (mjd) => {
        const back = Time.fromMjd(mjd, "utc").mjd("utc");
        return Math.abs(back - mjd) * 86400 < 1e-5;
      }),
    );
  });

  it("a missing time reference is a typed error naming the key", () => {
    const err = (() => {
      try {
        timeRefFromHeader(recordKeywords({ TIMESYS: "TT" }), "x.fits");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(GammatsError);
    expect(String((err as Error).message)).toMatch(/MJDREF/);
  });
});
