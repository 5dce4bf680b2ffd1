/** ICRS <-> AltAz against astropy 5.2 with pressure 0 (fixture from scripts/oracle/coords_altaz.py). */
import { describe, expect, it } from "vitest";
import { altAzToIcrs, icrsToAltAz, Time } from "../../src/coords/index.js";
import { dPos, fixture } from "./helpers.js";

const cases = fixture<any[]>("altaz.json");

describe("AltAz agrees with astropy", () => {
  it("forward: ICRS -> AltAz within 0.05 arcsec at alt > -5 deg (built-in IERS table)", () => {
    let worst = 0;
    for (const c of cases) {
      const loc = { lonDeg: c.lon, latDeg: c.lat, heightM: c.height };
      const { altDeg, azDeg } = icrsToAltAz(c.ra, c.dec, Time.fromIso(c.iso, "utc"), loc);
      for (let i = 0; i < c.ra.length; i++) {
        const d = dPos(azDeg[i], altDeg[i], c.az[i], c.alt[i]) * 3600;
        if (c.alt[i] > -5) worst = Math.max(worst, d);
        expect(d, `${c.site} ${c.iso} #${i}`).toBeLessThan(1);
      }
    }
    expect(worst).toBeLessThan(0.05);
  });

  it("inverse: AltAz -> ICRS", () => {
    for (const c of cases) {
      const loc = { lonDeg: c.lon, latDeg: c.lat, heightM: c.height };
      const { raDeg, decDeg } = altAzToIcrs(c.alt_in, c.az_in, Time.fromIso(c.iso, "utc"), loc);
      for (let i = 0; i < c.alt_in.length; i++) {
        expect(dPos(raDeg[i], decDeg[i], c.ra_out[i], c.dec_out[i]) * 3600, `${c.site} #${i}`).toBeLessThan(0.1);
      }
    }
  });
});
