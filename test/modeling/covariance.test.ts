/**
 * Covariance (Gammapy's semantics: blocks, correlation, the models covariance file) and two-parameter contours
 * (analytic: a quadratic statistic's contour is its covariance ellipse; profiled over a third parameter).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Covariance, covarianceFromText, covarianceToText, pythonFloatRepr } from "../../src/modeling/covariance.js";
import { Models, SkyModel } from "../../src/modeling/models.js";
import { contour } from "../../src/modeling/optimize/contour.js";
import { Parameters } from "../../src/modeling/parameter.js";
import { createSpectralModel, LogParabola } from "../../src/modeling/spectral.js";

function lpModels(): Models {
  const spectral = createSpectralModel(LogParabola, { amplitude: 3e-11, alpha: 2.5, beta: 0.1, reference: 1 });
  return new Models([new SkyModel({ name: "crab", spectralModel: spectral })]);
}

describe("Covariance", () => {
  it("defaults to the squared errors; blocks, correlation and errors as Gammapy", () => {
    const models = lpModels();
    const p = models.parameters;
    p.get("alpha").error = 0.1;
    const c = new Covariance(p);
    expect(c.get(2, 2)).toBeCloseTo(0.01, 15);
    const data = Float64Array.from([4, 0, 2, 1, 0, 0, 0, 0, 2, 0, 9, 3, 1, 0, 3, 4]);
    const full = new Covariance(p, data);
    expect(full.correlation[0 * 4 + 2]).toBeCloseTo(2 / 6, 15);
    expect(full.correlation[1 * 4 + 1]).toBe(0); // zero variance (frozen reference): 0, as numpy's nan_to_num
    const block = full.forModel([...models][0]);
    expect([...block.data]).toEqual([...data]);
    const sub = full.getSubcovariance(new Parameters([p.get("alpha"), p.get("beta")]));
    expect([...sub.data]).toEqual([9, 3, 3, 4]);
    // setting a changed block clears the correlations of its parameters with the others (Gammapy)
    sub.data.set([16, 0, 0, 1]);
    full.setSubcovariance(sub);
    expect(full.get(0, 2)).toBe(0);
    expect(full.get(2, 2)).toBe(16);
    full.applyErrors();
    expect(p.get("alpha").error).toBe(4);
    expect(() => new Covariance(p, [1, 2])).toThrow(/4 x 4/);
  });

  it("the covariance file: Gammapy's fixed-width layout, read back exactly", () => {
    const models = lpModels();
    const cov = new Covariance(
      models.parameters,
      [1.5e-24, 0, 2.2e-15, 1e-20, 0, 0, 0, 0, 2.2e-15, 0, 8e-4, 2e-4, 1e-20, 0, 2e-4, 4e-4],
    );
    const text = covarianceToText(models, cov);
    const lines = text.trim().split("\n");
    expect(lines[0]).toMatch(/^\| +Parameters \| +0 \| +1 \| +2 \| +3 \|$/);
    expect(lines[1]).toContain("| crab.spectral.amplitude | ");
    expect(lines[1]).toContain(" 1.5e-24 |");
    expect(lines[3]).toContain(" 0.0008 |");
    const back = covarianceFromText(text, models, "c.dat");
    expect([...back.data]).toEqual([...cov.data]);
    expect(() => covarianceFromText("| Parameters | 0 |\n| crab.spectral.gamma | 1 |\n", models, "c.dat")).toThrow(
      /c\.dat.*unknown parameter 'crab\.spectral\.gamma'/,
    );
  });

  it("floats are written as Python's repr (property: round trip, exponent form outside 1e-4..1e16)", () => {
    expect(pythonFloatRepr(1e-5)).toBe("1e-05");
    expect(pythonFloatRepr(1e16)).toBe("1e+16");
    expect(pythonFloatRepr(1)).toBe("1.0");
    expect(pythonFloatRepr(0.0001)).toBe("0.0001");
    expect(pythonFloatRepr(-2.5e-24)).toBe("-2.5e-24");
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (v) => {
        expect(Number(pythonFloatRepr(v))).toBe(v);
      }),
    );
  });
});

describe("contour", () => {
  it("a quadratic statistic's 1-sigma contour is its covariance ellipse, profiled over a third parameter", () => {
    // stat = d^T H d with a correlated 3x3 Hessian; the (0, 1) profile contour is the ellipse of the 2x2 block of
    // the covariance inv(H) (errordef 1): (x, y) C^-1 (x, y)^T = 1
    const h = [
      [2, 0.6, 0.3],
      [0.6, 1, 0.2],
      [0.3, 0.2, 1.5],
    ];
    const fcn = (x: Float64Array) => {
      let s = 0;
      for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) s += (x[i] - 1) * h[i][j] * (x[j] - 2);
      return s;
    };
    // minimum of (x - a)^T H (x - b) is at (a + b) / 2 = 1.5; shift-invariant quadratic form
    const x0 = Float64Array.of(1.5, 1.5, 1.5);
    const r = contour(fcn, x0, 0, 1, { numpoints: 12, step: [0.5, 0.5, 0.5] });
    expect(r.success).toBe(true);
    // covariance = 2 inv(Hessian of stat) = 2 inv(2 H) = inv(H)
    const det =
      h[0][0] * (h[1][1] * h[2][2] - h[1][2] * h[2][1]) -
      h[0][1] * (h[1][0] * h[2][2] - h[1][2] * h[2][0]) +
      h[0][2] * (h[1][0] * h[2][1] - h[1][1] * h[2][0]);
    const cxx = (h[1][1] * h[2][2] - h[1][2] * h[2][1]) / det;
    const cyy = (h[0][0] * h[2][2] - h[0][2] * h[2][0]) / det;
    const cxy = -(h[0][1] * h[2][2] - h[0][2] * h[2][1]) / det;
    const d = cxx * cyy - cxy * cxy;
    for (let k = 0; k < 12; k++) {
      const dx = r.x[k] - 1.5;
      const dy = r.y[k] - 1.5;
      expect((cyy * dx * dx - 2 * cxy * dx * dy + cxx * dy * dy) / d).toBeCloseTo(1, 3);
    }
    expect(() => contour(fcn, x0, 0, 0)).toThrow(/must differ/);
    expect(() => contour(fcn, x0, 0, 1, { numpoints: 3 })).toThrow(/numpoints/);
  });
});
