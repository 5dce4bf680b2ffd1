/**
 * The built-in generic-IACT IRFs: written as GADF HDUs and read back with `readIrf`, they equal the analytic formulas
 * at the grid nodes; keywords and TDIM layout follow GADF (as H.E.S.S. DL3 DR1 and Gammapy write them).
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import { FitsFile } from "../../src/fits/file.js";
import { writeFits } from "../../src/fits/writer.js";
import type { Background2D } from "../../src/irf/background.js";
import type { EnergyDispersion2D } from "../../src/irf/edisp.js";
import type { EffectiveAreaTable2D } from "../../src/irf/effective-area.js";
import { readIrf } from "../../src/irf/io.js";
import type { EnergyDependentMultiGaussPSF } from "../../src/irf/psf.js";
import {
  GENERIC_IACT,
  genericAeffEnergyAtFraction,
  genericAeffM2,
  genericBkgRate,
  genericEdispBias,
  genericEdispPdf,
  genericEdispSigma,
  genericPsfSigmaDeg,
  irfHdus,
  makeGenericIrfs,
  SIM_IRF_HDU_NAMES,
} from "../../src/simulate/index.js";

const p = GENERIC_IACT;
const fits = FitsFile.open(writeFits(irfHdus(makeGenericIrfs(), [{ key: "OBS_ID", value: 7 }])));
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);

describe("generic IACT IRFs as GADF HDUs", () => {
  it("have the GADF class keywords, units and TDIM in column order", () => {
    const want = {
      aeff: ["EFF_AREA", "AEFF_2D", "EFFAREA", "(62,10)", "m2"],
      edisp: ["EDISP", "EDISP_2D", "MATRIX", "(62,140,10)", ""],
      psf: ["RPSF", "PSF_3GAUSS", "SIGMA_1", "(62,10)", "deg"],
      bkg: ["BKG", "BKG_2D", "BKG", "(62,10)", "s-1 MeV-1 sr-1"],
    } as const;
    for (const [type, [c2, c4, col, tdim, unit]] of Object.entries(want)) {
      const hdu = fits.table(SIM_IRF_HDU_NAMES[type as keyof typeof want]);
      expect(hdu.header.get("HDUCLASS")).toBe("GADF");
      expect(hdu.header.get("HDUCLAS1")).toBe("RESPONSE");
      expect(hdu.header.get("HDUCLAS2")).toBe(c2);
      expect(hdu.header.get("HDUCLAS3")).toBe("FULL-ENCLOSURE");
      expect(hdu.header.get("HDUCLAS4")).toBe(c4);
      expect(hdu.header.get("OBS_ID")).toBe(7);
      expect(hdu.nrows).toBe(1);
      expect(hdu.columnInfo(col).tdim).toBe(tdim);
      expect(hdu.columnInfo(col).unit ?? "").toBe(unit);
      expect(hdu.columnInfo("ENERG_LO").unit).toBe("TeV");
      expect(hdu.columnInfo("THETA_HI").unit).toBe("deg");
    }
    expect(fits.table(SIM_IRF_HDU_NAMES.bkg).header.get("FOVALIGN")).toBe("RADEC");
  });

  it("effective area equals the formula at the nodes; LO_THRES is where it reaches 10% of the plateau", () => {
    const aeff = readIrf(fits.table(SIM_IRF_HDU_NAMES.aeff)) as EffectiveAreaTable2D;
    const e = aeff.energyAxisTrue.center;
    const o = aeff.offsetAxis.center;
    expect(aeff.energyAxisTrue.bounds[0]).toBeCloseTo(0.03, 12);
    expect(aeff.energyAxisTrue.bounds[1]).toBeCloseTo(200, 9);
    for (let i = 0; i < e.length; i++) {
      for (let j = 0; j < o.length; j++) {
        const got = aeff.evaluate({ energy_true: e[i], offset: o[j] })[0];
        expect(rel(got, genericAeffM2(p, e[i], o[j]))).toBeLessThan(1e-6);
      }
    }
    const lo = Number(aeff.meta.LO_THRES);
    expect(rel(genericAeffM2(p, lo, 0), 0.1 * p.aeffMaxM2)).toBeLessThan(1e-9);
    expect(genericAeffEnergyAtFraction(p, 0.1)).toBe(lo);
  });

  it("energy dispersion equals the Gaussian in migra at the nodes and integrates to its mass in the migra range", () => {
    const edisp = readIrf(fits.table(SIM_IRF_HDU_NAMES.edisp)) as EnergyDispersion2D;
    const e = edisp.axes.get("energy_true").center;
    const m = edisp.axes.get("migra").center;
    const w = edisp.axes.get("migra").binWidth;
    const o = edisp.axes.get("offset").center;
    for (let i = 0; i < e.length; i += 3) {
      for (let j = 0; j < o.length; j += 2) {
        let total = 0;
        for (let k = 0; k < m.length; k++) {
          const got = edisp.evaluate({ energy_true: e[i], migra: m[k], offset: o[j] })[0];
          const want = genericEdispPdf(p, e[i], m[k], o[j]);
          expect(Math.abs(got - want)).toBeLessThan(1e-6 * Math.max(want, 1e-3));
          total += got * w[k];
        }
        // the Gaussian's mass inside the migra range (wide at the lowest energies and largest offsets)
        const mu = 1 + genericEdispBias(p, e[i]);
        const sd = genericEdispSigma(p, e[i], o[j]);
        const [m0, m1] = edisp.axes.get("migra").bounds;
        expect(Math.abs(total - (normalCdf(m1, mu, sd) - normalCdf(m0, mu, sd)))).toBeLessThan(1e-3);
      }
    }
  });

  it("PSF is a Gaussian of the formula's sigma at the nodes (containment 1 - exp(-r^2 / 2 sigma^2))", () => {
    const psf = readIrf(fits.table(SIM_IRF_HDU_NAMES.psf)) as EnergyDependentMultiGaussPSF;
    const e = psf.energyAxisTrue.center;
    const o = psf.offsetAxis.center;
    for (let i = 0; i < e.length; i += 2) {
      for (let j = 0; j < o.length; j++) {
        const s = genericPsfSigmaDeg(p, e[i], o[j]);
        expect(rel(psf.evaluateParameters([e[i]], [o[j]]).sigma_1[0], s)).toBeLessThan(1e-6);
        for (const r of [0.3 * s, s, 2.5 * s]) {
          const c = psf.containment({ energy_true: e[i], offset: o[j], rad: r })[0];
          expect(Math.abs(c - (1 - Math.exp((-0.5 * r * r) / (s * s))))).toBeLessThan(1e-6);
        }
      }
    }
  });

  it("background equals the formula at the nodes (s-1 MeV-1 sr-1)", () => {
    const bkg = readIrf(fits.table(SIM_IRF_HDU_NAMES.bkg)) as Background2D;
    const e = bkg.axes.get("energy").center;
    const o = bkg.axes.get("offset").center;
    expect(bkg.unit).toBe("s-1 MeV-1 sr-1");
    for (let i = 0; i < e.length; i++) {
      for (let j = 0; j < o.length; j++) {
        const got = bkg.evaluate({ energy: e[i], offset: o[j] })[0];
        expect(rel(got, genericBkgRate(p, e[i], o[j]))).toBeLessThan(1e-6);
      }
    }
  });
});
