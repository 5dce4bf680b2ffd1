import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openFits } from "../../src/fits/node.js";
import {
  type AnalyticSpectralDefinition,
  createSpectralModel,
  ExpCutoffPowerLaw,
  LogParabola,
  PowerLaw,
  type SpectralModel,
} from "../../src/modeling/spectral.js";
import {
  CompoundSpectralModel,
  EBL_BUILTIN_FILES,
  EBLAbsorptionNormSpectralModel,
  erf,
  MORE_SPECTRAL_DEFINITIONS,
  readEblTable,
  ScaleSpectralModel,
  TemplateSpectralModel,
} from "../../src/modeling/spectral-models.js";
import { DATA_DIR, dataPath, hasData, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

interface Values {
  dnde: number[];
  integral: number[];
  energy_flux: number[];
}
interface Spec {
  name: string;
  value: number;
  unit: string;
  frozen: boolean;
  is_norm: boolean;
  interp: string;
}
interface AnalyticCase extends Values {
  parameters: Record<string, number>;
}
interface Fixture {
  energy: number[];
  e_min: number[];
  e_max: number[];
  analytic: { tag: string; aliases: string[]; defaults: Spec[]; cases: AnalyticCase[] }[];
  // biome-ignore lint/suspicious/noExplicitAny: heterogeneous fixture records
  other: Record<string, any>;
}

const fixture: Fixture = JSON.parse(
  readFileSync(join(REPO_ROOT, "test/fixtures/modeling/spectral_models.json"), "utf8"),
);
const energy = Float64Array.from(fixture.energy);
const eMin = Float64Array.from(fixture.e_min);
const eMax = Float64Array.from(fixture.e_max);

/** Astropy's unit strings for our canonical ones. */
const ASTROPY_UNIT: Record<string, string> = {
  "": "",
  TeV: "TeV",
  "TeV-1": "1 / TeV",
  "cm-2 s-1": "1 / (cm2 s)",
  "cm-2 s-1 TeV-1": "1 / (cm2 s TeV)",
};

function expectClose(actual: ArrayLike<number>, expected: readonly number[], rtol: number, label: string) {
  expect(actual.length, label).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const a = actual[i];
    if (e === 0 || !Number.isFinite(e)) {
      expect(a, `${label}[${i}]`).toBe(e);
      continue;
    }
    const rel = Math.abs(a - e) / Math.abs(e);
    expect(rel, `${label}[${i}]: ${a} vs ${e}`).toBeLessThanOrEqual(rtol);
  }
}

function expectValues(
  model: SpectralModel,
  ref: Values,
  rtol: { dnde: number; integral: number; flux: number },
  label: string,
) {
  expectClose(model.evaluate(energy), ref.dnde, rtol.dnde, `${label} dnde`);
  expectClose(model.integral(eMin, eMax), ref.integral, rtol.integral, `${label} integral`);
  expectClose(model.energyFlux(eMin, eMax), ref.energy_flux, rtol.flux, `${label} energy_flux`);
}

describe("analytic spectral definitions vs Gammapy 1.0", () => {
  const byTag = new Map<string, AnalyticSpectralDefinition>(MORE_SPECTRAL_DEFINITIONS.map((d) => [d.tag, d]));

  it("cover the eleven models", () => {
    expect([...byTag.keys()].sort()).toEqual(fixture.analytic.map((a) => a.tag).sort());
  });

  for (const ref of fixture.analytic) {
    describe(ref.tag, () => {
      const def = byTag.get(ref.tag) as AnalyticSpectralDefinition;

      it("has Gammapy's parameters, defaults and flags", () => {
        for (const alias of ref.aliases) expect(def.aliases).toContain(alias);
        expect(def.parameters.map((p) => p.name)).toEqual(ref.defaults.map((p) => p.name));
        for (const [i, p] of ref.defaults.entries()) {
          const s = def.parameters[i];
          expect(s.value, p.name).toBe(p.value);
          expect(ASTROPY_UNIT[s.unit ?? ""], p.name).toBe(p.unit);
          expect(s.frozen ?? false, p.name).toBe(p.frozen);
          expect(s.isNorm ?? false, p.name).toBe(p.is_norm);
          expect(s.interp ?? "lin", p.name).toBe(p.interp);
        }
      });

      for (const [k, c] of ref.cases.entries()) {
        it(`case ${k}: dnde, integral and energy flux`, () => {
          const model = createSpectralModel(def, c.parameters);
          // analytic: 1e-9; numeric integration: 1e-6
          expectValues(
            model,
            c,
            { dnde: 1e-9, integral: def.integral ? 1e-9 : 1e-6, flux: def.energyFlux ? 1e-9 : 1e-6 },
            `${ref.tag}#${k}`,
          );
        });
      }
    });
  }
});

describe("SuperExpCutoffPowerLaw4FGLDR3 near its reference energy", () => {
  it("the series for |index_2 ln(E/E0)| < 0.01 continues the closed form (Fermi's sign, not Gammapy 1.0's)", () => {
    const def = MORE_SPECTRAL_DEFINITIONS.find((d) => d.tag === "SuperExpCutoffPowerLaw4FGLDR3SpectralModel")!;
    const [a, b, g] = [0.8, 0.6, 1.9];
    const p = Float64Array.from([2e-12, 0.5, a, g, b]);
    const closed = (e: number) => {
      const x = e / 0.5;
      return 2e-12 * x ** -g * x ** (a / b) * Math.exp((a / (b * b)) * (1 - x ** b));
    };
    for (const e of [0.5 * Math.exp(-0.0166), 0.5 * Math.exp(-0.005), 0.5, 0.5 * Math.exp(0.0166)]) {
      const v = def.dnde(e, p);
      // the closed form cancels to ~1e-12 here; the opposite sign would be off by a L^2 ~ 2e-4
      expect(Math.abs(v - closed(e)) / closed(e), `E=${e}`).toBeLessThan(1e-10);
    }
  });
});

describe("erf", () => {
  it("matches reference values to ~1e-15", () => {
    // values from scipy.special.erf
    const cases: [number, number][] = [
      [0, 0],
      [1e-10, 1.1283791670955126e-10],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [-2, -0.9953222650189527],
      [3.5, 0.9999992569016276],
      [5.9, 1],
    ];
    for (const [x, v] of cases) expect(Math.abs(erf(x) - v)).toBeLessThanOrEqual(2e-16 + 2e-15 * Math.abs(v));
  });
});

describe("template, compound and scale models vs Gammapy 1.0", () => {
  const o = fixture.other;
  const tol = { dnde: 1e-9, integral: 1e-6, flux: 1e-6 };

  it("template: log-log interpolation and extrapolation, frozen norm", () => {
    const t = new TemplateSpectralModel(o.template.energy, o.template.values);
    const norm = t.parameters.get("norm");
    expect(norm.frozen).toBe(true);
    expect(norm.isNorm).toBe(true);
    expect(norm.interp).toBe("log");
    expectValues(t, o.template, tol, "template");
    norm.value = o.template_norm.norm;
    expectValues(t, o.template_norm, tol, "template norm");
  });

  it("template: linear value scale and fill value (in scaled space, as Gammapy)", () => {
    const lin = new TemplateSpectralModel(o.template.energy, o.template.values, { valuesScale: "lin" });
    expectValues(lin, o.template_lin, tol, "template lin");
    const fill = new TemplateSpectralModel(o.template.energy, o.template.values, { fillValue: 0 });
    expectValues(fill, o.template_fill0, tol, "template fill");
  });

  it("template: a single node is a constant", () => {
    const t = new TemplateSpectralModel([1], [3e-12]);
    // exp(log(v)) round trip, as Gammapy
    expectClose(t.evaluate([0.1, 1, 10]), [3e-12, 3e-12, 3e-12], 1e-14, "single node");
  });

  const pl = () => createSpectralModel(PowerLaw, { index: 2.3, amplitude: 2e-12, reference: 1 });
  const lp = () => createSpectralModel(LogParabola, { amplitude: 1e-12, reference: 2, alpha: 1.8, beta: 0.2 });

  it("compound +, -, *: values and concatenated parameters", () => {
    const plNorm = createSpectralModel(MORE_SPECTRAL_DEFINITIONS.find((d) => d.tag === "PowerLawNormSpectralModel")!, {
      norm: 1.5,
      tilt: 0.2,
    });
    const cases: [string, CompoundSpectralModel][] = [
      ["add", new CompoundSpectralModel(pl(), lp(), "+")],
      ["sub", new CompoundSpectralModel(pl(), lp(), "-")],
      ["mul", new CompoundSpectralModel(pl(), plNorm, "*")],
    ];
    for (const [name, model] of cases) {
      const ref = o[`compound_${name}`];
      expect([...model.parameters].map((p) => p.name)).toEqual(ref.parameters);
      expectValues(model, ref, tol, `compound ${name}`);
    }
  });

  it("compound shares a linked parameter once", () => {
    const a = pl();
    const b = pl();
    const shared = a.parameters.get("index");
    const c = new CompoundSpectralModel(a, createSpectralModel(PowerLaw), "+");
    expect(c.parameters.length).toBe(6);
    expect(new CompoundSpectralModel(a, a, "+").parameters.length).toBe(3);
    expect(shared).toBe(a.parameters.get("index"));
    expect(b.parameters.get("index")).not.toBe(shared);
  });

  it("scale: norm times the model, norm the only parameter", () => {
    const ecpl = createSpectralModel(ExpCutoffPowerLaw, { index: 1.9, amplitude: 3e-12, reference: 1, lambda_: 0.2 });
    const s = new ScaleSpectralModel(ecpl, o.scale.norm);
    expect([...s.parameters].map((p) => p.name)).toEqual(o.scale.parameters);
    expectValues(s, o.scale, tol, "scale");
  });
});

describe.skipIf(!DATA_DIR || !hasData("ebl", EBL_BUILTIN_FILES.dominguez))("EBL absorption vs Gammapy 1.0", () => {
  const o = fixture.other;
  const eblEnergy = Float64Array.from(o.ebl_energy as number[]);
  const tables = new Map<string, ReturnType<typeof readEblTable>>();
  const table = (file: string) => {
    if (!tables.has(file)) tables.set(file, readEblTable(readFileSync(dataPath("ebl", file))));
    return tables.get(file) as ReturnType<typeof readEblTable>;
  };

  for (const key of Object.keys(o).filter((k) => /^ebl_(dominguez|franceschini|finke)_/.test(k))) {
    it(key, () => {
      const ref = o[key];
      const model = new EBLAbsorptionNormSpectralModel(table(ref.file), {
        redshift: ref.redshift,
        alphaNorm: ref.alpha_norm,
      });
      expect([...model.parameters].map((p) => [p.name, p.frozen])).toEqual(
        (ref.defaults as Spec[]).map((p) => [p.name, p.frozen]),
      );
      const got = model.evaluate(eblEnergy);
      for (let i = 0; i < got.length; i++) {
        const e = ref.dnde[i] as number;
        // 1e-6 relative; deep in the cutoff (transmission < 1e-10) the float32 table rounding dominates
        const tolAbs = e < 1e-10 ? 1e-16 : 0;
        expect(Math.abs(got[i] - e), `${key}[${i}]: ${got[i]} vs ${e}`).toBeLessThanOrEqual(1e-6 * e + tolAbs);
      }
    });
  }

  it("reads the same table from bytes and from an opened FitsFile", () => {
    const file = openFits(dataPath("ebl", EBL_BUILTIN_FILES.franceschini));
    try {
      const a = readEblTable(file);
      const b = table(EBL_BUILTIN_FILES.franceschini);
      expect(Array.from(a.values)).toEqual(Array.from(b.values));
      expect(Array.from(a.energyKeV)).toEqual(Array.from(b.energyKeV));
      expect(Array.from(a.redshift)).toEqual(Array.from(b.redshift));
    } finally {
      file.close();
    }
  });

  it("redshift grid is the distinct sorted PARAMETERS values", () => {
    const t = table(EBL_BUILTIN_FILES.finke);
    for (let i = 1; i < t.redshift.length; i++) expect(t.redshift[i]).toBeGreaterThan(t.redshift[i - 1]);
    expect(t.values.length).toBe(t.redshift.length * t.energyKeV.length);
  });

  it("absorbed power law (compound with EBL): dnde and numeric integrals", () => {
    const ref = o.ebl_absorbed_pl;
    const model = new CompoundSpectralModel(
      createSpectralModel(PowerLaw, { index: 2.3, amplitude: 2e-12, reference: 1 }),
      new EBLAbsorptionNormSpectralModel(table(ref.file), { redshift: ref.redshift }),
      "*",
    );
    expectValues(model, ref, { dnde: 1e-6, integral: 1e-6, flux: 1e-6 }, "absorbed pl");
  });
});

if (!DATA_DIR) console.warn(NO_DATA_MESSAGE);
