/**
 * Event sampling: Poisson numbers of events around the expected counts (and those against independent integrals of
 * the analytic formulas), reconstructed energies and directions distributed as the energy dispersion and PSF (KS
 * tests of probability integral transforms), times in the GTI, determinism and chunk-size independence.
 */
import normalCdf from "@stdlib/stats-base-dists-normal-cdf";
import { describe, expect, it } from "vitest";
import { separationDeg } from "../../src/coords/frames.js";
import { createSpectralModel, PowerLaw } from "../../src/modeling/spectral.js";
import {
  expectedCounts,
  GENERIC_IACT,
  genericAeffM2,
  genericBkgRate,
  genericEdispBias,
  genericEdispSigma,
  genericPsfSigmaDeg,
  makeGenericIrfs,
  type ObservationSimulation,
  simulateEvents,
} from "../../src/simulate/index.js";
import { Rng } from "../../src/util/random.js";

const irfs = makeGenericIrfs();
const SRC = { raDeg: 83.633, decDeg: 22.014 };
const PNT = { pointingRaDeg: 83.633, pointingDecDeg: 22.514 };

function sim(livetimeS: number, amplitude = 4.5e-11): ObservationSimulation {
  return {
    ...PNT,
    livetimeS,
    gtiS: [1000, 1000 + livetimeS / 0.95],
    irfs,
    source: { ...SRC, model: createSpectralModel(PowerLaw, { index: 2.6, amplitude, reference: 1 }) },
  };
}

/** Kolmogorov-Smirnov distance of samples from the uniform distribution on [0, 1]. */
function ksUniform(u: number[]): number {
  const s = [...u].sort((a, b) => a - b);
  let d = 0;
  for (let i = 0; i < s.length; i++) d = Math.max(d, (i + 1) / s.length - s[i], s[i] - i / s.length);
  return d;
}
/** KS critical distance at a significance of about 1e-3. */
const ksCritical = (n: number) => 1.95 / Math.sqrt(n);

describe("simulateEvents", () => {
  it("expected counts agree with integrals of the analytic formulas (within 1%)", () => {
    const s = sim(1800);
    const exp = expectedCounts(s);
    const offset = separationDeg(PNT.pointingRaDeg, PNT.pointingDecDeg, SRC.raDeg, SRC.decDeg);
    // source: livetime * integral of dN/dE * A(E, offset) over 0.03-200 TeV (log-trapezoid, 2000 steps)
    let src = 0;
    let bkg = 0;
    const n = 2000;
    const l0 = Math.log(0.03);
    const l1 = Math.log(200);
    for (let i = 0; i < n; i++) {
      const e = Math.exp(l0 + ((i + 0.5) * (l1 - l0)) / n);
      const de = e * ((l1 - l0) / n);
      src += 4.5e-11 * e ** -2.6 * genericAeffM2(GENERIC_IACT, e, offset) * 1e4 * de;
      // background: rate * 2 pi sin(theta) dtheta over 0-2.5 deg
      for (let j = 0; j < 100; j++) {
        const th = ((j + 0.5) * 2.5) / 100;
        const dOmega = (2 * Math.PI * Math.sin((th * Math.PI) / 180) * ((2.5 / 100) * Math.PI)) / 180;
        bkg += genericBkgRate(GENERIC_IACT, e, th) * de * 1e6 * dOmega;
      }
    }
    expect(Math.abs(exp.source / (src * 1800) - 1)).toBeLessThan(0.01);
    expect(Math.abs(exp.background / (bkg * 1800) - 1)).toBeLessThan(0.01);
  });

  it("numbers of source and background events are Poisson around the expectations (mean of 100 seeds, 3 sigma)", () => {
    const s = sim(60);
    const nSeeds = 100;
    let ns = 0;
    let nb = 0;
    let expS = 0;
    let expB = 0;
    for (let seed = 0; seed < nSeeds; seed++) {
      const ev = simulateEvents(s, new Rng(seed));
      ns += ev.nSource;
      nb += ev.nBackground;
      expS = ev.expectedSource;
      expB = ev.expectedBackground;
      expect(ev.isSource.reduce((a, b) => a + b, 0)).toBe(ev.nSource);
    }
    expect(Math.abs(ns / nSeeds - expS)).toBeLessThan(3 * Math.sqrt(expS / nSeeds));
    expect(Math.abs(nb / nSeeds - expB)).toBeLessThan(3 * Math.sqrt(expB / nSeeds));
  });

  const bright = simulateEvents(sim(1800, 1.5e-9), new Rng(11));
  const offset = separationDeg(PNT.pointingRaDeg, PNT.pointingDecDeg, SRC.raDeg, SRC.decDeg);
  const srcIdx = [...bright.isSource.keys()].filter((i) => bright.isSource[i]);

  it("reconstructed energies follow the energy dispersion (KS test of the migra PIT)", () => {
    expect(srcIdx.length).toBeGreaterThan(5000);
    const u = srcIdx.map((i) => {
      const et = bright.energyTrueTeV[i];
      const migra = bright.energyTeV[i] / et;
      return normalCdf(migra, 1 + genericEdispBias(GENERIC_IACT, et), genericEdispSigma(GENERIC_IACT, et, offset));
    });
    expect(ksUniform(u)).toBeLessThan(ksCritical(u.length));
  });

  it("source directions follow the PSF (KS test of the radial containment PIT)", () => {
    const u = srcIdx.map((i) => {
      const r = separationDeg(bright.raDeg[i], bright.decDeg[i], SRC.raDeg, SRC.decDeg);
      const s = genericPsfSigmaDeg(GENERIC_IACT, bright.energyTrueTeV[i], offset);
      return 1 - Math.exp((-0.5 * r * r) / (s * s));
    });
    expect(ksUniform(u)).toBeLessThan(ksCritical(u.length));
  });

  it("background offsets follow the background model (KS test against the analytic offset CDF)", () => {
    // the offset profile is energy independent: P(< theta) ∝ integral of exp(-t^2 / 2 s^2) sin t dt over 0..theta
    const s = (GENERIC_IACT.bkgOffsetSigmaDeg * Math.PI) / 180;
    const max = (2.5 * Math.PI) / 180;
    const cdf = (t: number) => {
      let acc = 0;
      const n = 400;
      for (let k = 0; k < n; k++) {
        const x = ((k + 0.5) * t) / n;
        acc += Math.exp((-0.5 * x * x) / (s * s)) * Math.sin(x) * (t / n);
      }
      return acc;
    };
    const total = cdf(max);
    const u: number[] = [];
    for (let i = 0; i < bright.isSource.length; i++) {
      if (bright.isSource[i]) continue;
      const th =
        (separationDeg(bright.raDeg[i], bright.decDeg[i], PNT.pointingRaDeg, PNT.pointingDecDeg) * Math.PI) / 180;
      u.push(cdf(th) / total);
    }
    // the sampler's offset cells are 0.02 deg wide with the rate at their centers: allow that discretisation
    expect(ksUniform(u)).toBeLessThan(ksCritical(u.length) + 0.005);
  });

  it("background reconstructed energies follow the background model (chi-square in 8 energy bins)", () => {
    const livetimeS = 20000;
    const ev = simulateEvents({ ...sim(livetimeS), source: undefined }, new Rng(21));
    expect(ev.nSource).toBe(0);
    const edges = [0.03, 0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 10, 200];
    const counts = new Array(edges.length - 1).fill(0);
    for (const e of ev.energyTeV) {
      for (let b = 0; b < counts.length; b++) if (e >= edges[b] && e < edges[b + 1]) counts[b]++;
    }
    // expected: livetime * integral of the analytic rate over energy (MeV) and the solid angle out to 2.5 deg
    let chi2 = 0;
    for (let b = 0; b < counts.length; b++) {
      let mu = 0;
      const n = 400;
      const l0 = Math.log(edges[b]);
      const l1 = Math.log(edges[b + 1]);
      for (let i = 0; i < n; i++) {
        const e = Math.exp(l0 + ((i + 0.5) * (l1 - l0)) / n);
        const de = e * ((l1 - l0) / n) * 1e6;
        for (let j = 0; j < 50; j++) {
          const th = ((j + 0.5) * 2.5) / 50;
          const dOmega = (2 * Math.PI * Math.sin((th * Math.PI) / 180) * ((2.5 / 50) * Math.PI)) / 180;
          mu += genericBkgRate(GENERIC_IACT, e, th) * de * dOmega * livetimeS;
        }
      }
      chi2 += (counts[b] - mu) ** 2 / mu;
    }
    // 8 degrees of freedom: P(chi2 > 26.1) = 1e-3
    expect(chi2).toBeLessThan(26.1);
  });

  it("times are sorted inside the GTI, ids 1..N, source and background mixed over time", () => {
    const [t0, t1] = [1000, 1000 + 1800 / 0.95];
    const n = bright.timeS.length;
    for (let i = 0; i < n; i++) {
      expect(bright.eventId[i]).toBe(i + 1);
      if (i) expect(bright.timeS[i]).toBeGreaterThanOrEqual(bright.timeS[i - 1]);
    }
    expect(bright.timeS[0]).toBeGreaterThanOrEqual(t0);
    expect(bright.timeS[n - 1]).toBeLessThanOrEqual(t1);
    // fraction of source events in the first and second half of the run agree within 5 sigma
    const half = (a: number, b: number) => {
      let s = 0;
      let c = 0;
      for (let i = 0; i < n; i++)
        if (bright.timeS[i] >= a && bright.timeS[i] < b) {
          c++;
          s += bright.isSource[i];
        }
      return { f: s / c, c };
    };
    const h1 = half(t0, (t0 + t1) / 2);
    const h2 = half((t0 + t1) / 2, t1 + 1);
    const f = srcIdx.length / n;
    expect(Math.abs(h1.f - h2.f)).toBeLessThan(5 * Math.sqrt(f * (1 - f) * (1 / h1.c + 1 / h2.c)));
  });

  it("is deterministic for a seed and independent of the chunk size", () => {
    const s = sim(600, 2e-10);
    const a = simulateEvents(s, new Rng(5));
    const b = simulateEvents(s, new Rng(5), { chunkSize: 97 });
    const c = simulateEvents(s, new Rng(6));
    expect(b.energyTeV).toEqual(a.energyTeV);
    expect(b.raDeg).toEqual(a.raDeg);
    expect(b.decDeg).toEqual(a.decDeg);
    expect(b.timeS).toEqual(a.timeS);
    expect(c.energyTeV).not.toEqual(a.energyTeV);
  });

  it("rejects a bad livetime or GTI", () => {
    expect(() => simulateEvents({ ...sim(10), livetimeS: 0 }, new Rng(1))).toThrow();
    expect(() => simulateEvents({ ...sim(10), gtiS: [5, 5] }, new Rng(1))).toThrow();
  });
});
