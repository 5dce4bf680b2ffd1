/** Angle helpers, parsing and sexagesimal formatting against astropy 5.2 (fixture: scripts/oracle/coords_frames.py). */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { degToRad, formatAngle, parseAngleDeg, radToDeg, wrapDeg } from "../../src/coords/index.js";
import { GammatsError } from "../../src/util/errors.js";
import { fixture } from "./helpers.js";

const ref = fixture("frames.json");

describe("degrees, radians, wrapping", () => {
  it("converts", () => {
    expect(degToRad(180)).toBe(Math.PI);
    expect(radToDeg(Math.PI / 2)).toBe(90);
  });
  it("wraps as astropy wrap_at", () => {
    expect(wrapDeg(370)).toBe(10);
    expect(wrapDeg(-10)).toBe(350);
    expect(wrapDeg(360)).toBe(0);
    expect(wrapDeg(180, 180)).toBe(-180);
    expect(wrapDeg(-180, 180)).toBe(-180);
    expect(wrapDeg(190, 180)).toBe(-170);
    expect(wrapDeg(-1e-17)).toBeLessThan(360);
  });
  it("property: wrapped angles lie in [wrapAt - 360, wrapAt) and differ by whole turns", () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), fc.constantFrom(360, 180, 90), (a, at) => {
        const w = wrapDeg(a, at);
        const turns = (a - w) / 360;
        return w >= at - 360 && w < at && Math.abs(turns - Math.round(turns)) < 1e-9;
      }),
    );
  });
});

describe("parsing agrees with astropy's Angle", () => {
  it("quantities and sexagesimal strings", () => {
    for (const c of ref.angle_parse) {
      expect(parseAngleDeg(c.text, c.unit), c.text).toBeCloseTo(c.deg, 12);
    }
  });
  it("Gammapy config quantities and numbers", () => {
    expect(parseAngleDeg("0.11 deg")).toBe(0.11);
    expect(parseAngleDeg("30 arcmin")).toBeCloseTo(0.5, 14);
    expect(parseAngleDeg("10 arcsec")).toBeCloseTo(10 / 3600, 15);
    expect(parseAngleDeg("1e-3 deg")).toBe(0.001);
    expect(parseAngleDeg(2, "rad")).toBeCloseTo(114.59155902616465, 12);
    expect(parseAngleDeg("-.5 deg")).toBe(-0.5);
  });
  it("rejects bad input with typed errors", () => {
    for (const bad of ["ten deg", "5 parsec", "12:61:00", "5h70m", "", "1 2 3 4", "--5 deg"]) {
      expect(() => parseAngleDeg(bad), bad).toThrow(GammatsError);
    }
    expect(() => parseAngleDeg(Number.NaN)).toThrow(/cannot parse angle/);
    expect(() => parseAngleDeg("1", "furlong")).toThrow(/unknown angle unit/);
  });
});

describe("formatting agrees with astropy's Angle.to_string", () => {
  it("all fixture cases", () => {
    for (const c of ref.angle_format) {
      expect(formatAngle(c.deg, { unit: "hourangle" })).toBe(c.hms);
      expect(formatAngle(c.deg)).toBe(c.dms);
      expect(formatAngle(c.deg, { unit: "hourangle", precision: 2, pad: true })).toBe(c.hms2pad);
      expect(formatAngle(c.deg, { precision: 1, alwaysSign: true, pad: true })).toBe(c.dms1signpad);
      expect(formatAngle(c.deg, { sep: ":", precision: 3 })).toBe(c.colon3);
      expect(formatAngle(c.deg, { unit: "hourangle", sep: " ", precision: 0 })).toBe(c.space0h);
    }
  });
  it("property: format -> parse round trip to the printed precision", () => {
    fc.assert(
      fc.property(fc.double({ min: -720, max: 720, noNaN: true }), fc.boolean(), (a, hours) => {
        const text = formatAngle(a, { unit: hours ? "hourangle" : "deg", precision: 6 });
        const back = parseAngleDeg(text);
        return Math.abs(back - a) <= (hours ? 15 : 1) * (0.5e-6 / 3600) * 1.0001 + 1e-12;
      }),
    );
  });
});
