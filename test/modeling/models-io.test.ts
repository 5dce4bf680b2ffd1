/** Models YAML in Gammapy's format, parameters, linking, priors and unit conversion. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AnalyticSpectralModel,
  createSpectralModel,
  gaussianPrior,
  Models,
  modelsToYaml,
  Parameter,
  Parameters,
  PowerLaw,
  readModelsYaml,
  SkyModel,
} from "../../src/modeling/index.js";
import { GammatsError } from "../../src/util/errors.js";
import { unitConversionFactor } from "../../src/util/units.js";
import { REPO_ROOT } from "../support/data.js";

describe("models YAML", () => {
  it("reads examples/crab-1d-models.yaml (= the reference) (units converted, frozen flags)", () => {
    const text = readFileSync(`${REPO_ROOT}/examples/crab-1d-models.yaml`, "utf8");
    const models = readModelsYaml(text, "crab-1d-models.yaml");
    expect(models.names).toEqual(["crab"]);
    const p = models.get("crab").spectralModel.parameters;
    expect(p.get("index").value).toBe(2.6);
    expect(p.get("amplitude").value).toBe(5e-11);
    expect(p.get("reference").frozen).toBe(true);
    expect(models.parameter("crab.spectral.index")).toBe(p.get("index"));
  });

  it("converts units on read (m-2 s-1 GeV-1 -> cm-2 s-1 TeV-1; GeV -> TeV)", () => {
    const models = readModelsYaml(`components:
- name: src
  type: SkyModel
  spectral:
    type: PowerLaw
    parameters:
    - {name: amplitude, value: 1.0e-5, unit: m-2 s-1 GeV-1}
    - {name: reference, value: 500, unit: GeV}
`);
    const p = models.get("src").spectralModel.parameters;
    expect(p.get("amplitude").value).toBeCloseTo(1e-5 * 1e-4 * 1e3, 20);
    expect(p.get("reference").value).toBeCloseTo(0.5, 15);
  });

  it("writes Gammapy's layout (defaults omitted) and reads it back", () => {
    const model = createSpectralModel(PowerLaw, { index: 2.5, amplitude: 3e-11 });
    model.parameters.get("index").error = 0.1;
    const models = new Models([new SkyModel({ name: "crab", spectralModel: model })]);
    const yaml = modelsToYaml(models);
    const doc = parse(yaml);
    expect(doc.components[0]).toEqual({
      name: "crab",
      type: "SkyModel",
      spectral: {
        type: "PowerLawSpectralModel",
        parameters: [
          { name: "index", value: 2.5, error: 0.1 },
          { name: "amplitude", value: 3e-11, unit: "cm-2 s-1 TeV-1" },
          { name: "reference", value: 1, unit: "TeV" },
        ],
      },
    });
    const back = readModelsYaml(yaml);
    expect(back.get("crab").spectralModel.parameters.get("index").error).toBe(0.1);
  });

  it("bad input: unknown type, unknown parameter, bad unit, missing components are typed errors with paths", () => {
    const bad = (text: string, key: RegExp | null) => {
      try {
        readModelsYaml(text, "m.yaml");
      } catch (e) {
        expect(e).toBeInstanceOf(GammatsError);
        if (key) expect((e as GammatsError).path.key).toMatch(key);
        expect((e as GammatsError).path.file).toBe("m.yaml");
        return;
      }
      throw new Error("no error");
    };
    bad("foo: 1", /components/);
    bad("components:\n- {name: a, type: SkyModel, spectral: {type: Nope}}", /spectral\.type/);
    bad(
      "components:\n- {name: a, type: SkyModel, spectral: {type: PowerLaw, parameters: [{name: idx, value: 1}]}}",
      /parameters/,
    );
    bad(
      "components:\n- {name: a, type: SkyModel, spectral: {type: PowerLaw, parameters: [{name: amplitude, value: 1, unit: deg}]}}",
      /amplitude\.unit/,
    );
    bad("components: [\n", null);
  });
});

describe("parameters", () => {
  it("autoscale as Gammapy (scale10: factor in [1, 10)); value unchanged", () => {
    const p = new Parameter({ name: "amplitude", value: 4.6768e-11 });
    p.autoscale();
    expect(p.scale).toBeCloseTo(1e-11, 25);
    expect(p.factor).toBeCloseTo(4.6768, 12);
    expect(p.value).toBeCloseTo(4.6768e-11, 22);
  });

  it("linked parameters appear once with the first model's full name", () => {
    const a = createSpectralModel(PowerLaw);
    const shared = a.parameters.get("index");
    const bModel = createSpectralModel(PowerLaw);
    const b = new AnalyticSpectralModel(PowerLaw, [
      shared,
      bModel.parameters.get("amplitude"),
      bModel.parameters.get("reference"),
    ]);
    const models = new Models([
      new SkyModel({ name: "a", spectralModel: a }),
      new SkyModel({ name: "b", spectralModel: b }),
    ]);
    expect(models.parameters.length).toBe(5);
    expect(models.parameterNames().get(shared)).toBe("a.spectral.index");
    shared.value = 3;
    expect(b.parameters.get("index").value).toBe(3);
  });

  it("a Gaussian prior adds ((v - mu) / sigma)^2 to the statistic", () => {
    const p = new Parameter({ name: "index", value: 2.5 });
    p.prior = gaussianPrior(2, 0.25);
    expect(new Parameters([p]).priorStatSum()).toBeCloseTo(4, 12);
  });

  it("unit conversion factors", () => {
    expect(unitConversionFactor("m-2 s-1 GeV-1", "cm-2 s-1 TeV-1")).toBeCloseTo(0.1, 15);
    expect(unitConversionFactor("erg cm-2 s-1", "TeV cm-2 s-1")).toBeCloseTo(0.624150907446076, 14);
    expect(() => unitConversionFactor("deg", "TeV")).toThrow(GammatsError);
  });
});

describe("compound, template and EBL spectral models in YAML (Gammapy's layout)", () => {
  it("PowerLaw * EBL (dominguez, z=0.116) and a template read, evaluate and write back", async () => {
    const { DATA_DIR, dataPath } = await import("../support/data.js");
    if (!DATA_DIR) return;
    const { openFits } = await import("../../src/fits/node.js");
    const { readEblTable } = await import("../../src/modeling/spectral-models.js");
    const yaml = `components:
-   name: pks
    type: SkyModel
    spectral:
        type: CompoundSpectralModel
        model1:
            type: PowerLawSpectralModel
            parameters:
            -   {name: index, value: 2.0}
            -   {name: amplitude, value: 1.0e-12, unit: cm-2 s-1 TeV-1}
        model2:
            type: EBLAbsorptionNormSpectralModel
            parameters:
            -   {name: alpha_norm, value: 1.0}
            -   {name: redshift, value: 0.116}
            filename: ebl_dominguez11.fits.gz
        operator: mul
-   name: t
    type: SkyModel
    spectral:
        type: TemplateSpectralModel
        parameters: [{name: norm, value: 1.0}]
        energy: {data: [1.0, 2.0, 3.0], unit: TeV}
        values: {data: [1.0e-12, 2.0e-13, 5.0e-14], unit: 1 / (cm2 s TeV)}
`;
    const models = readModelsYaml(yaml, "m.yaml", { readEbl: (f) => readEblTable(openFits(dataPath("ebl", f))) });
    const pks = models.get("pks").spectralModel;
    expect(pks.tag).toBe("CompoundSpectralModel");
    // absorption makes the 10 TeV flux far below the power law's 1e-14
    expect(pks.evaluate([10])[0]).toBeLessThan(1e-15);
    expect(pks.evaluate([0.1])[0]).toBeCloseTo(1e-10, 11);
    expect(models.get("t").spectralModel.evaluate([2])[0]).toBeCloseTo(2e-13, 25);
    const back = parse(modelsToYaml(models));
    expect(back.components[0].spectral.operator).toBe("mul");
    expect(back.components[0].spectral.model2.filename).toBe("ebl_dominguez11.fits.gz");
    expect(back.components[1].spectral.energy.data).toEqual([1, 2, 3]);
  });
});

describe("priors in models YAML (Gammapy's layout)", () => {
  it("reads Gaussian and uniform priors (units converted), writes them back, and bad priors are typed errors", () => {
    const yaml = `components:
- name: src
  type: SkyModel
  spectral:
    type: PowerLawSpectralModel
    parameters:
    - name: index
      value: 2.3
      prior: {type: GaussianPrior, parameters: [{name: mu, value: 2.3}, {name: sigma, value: 0.2}]}
    - name: reference
      value: 1000
      unit: GeV
      prior: {type: UniformPrior, parameters: [{name: min, value: 500}, {name: max, value: 2000}]}
`;
    const models = readModelsYaml(yaml, "m.yaml");
    const p = models.get("src").spectralModel.parameters;
    expect(p.get("index").prior?.stat(2.5)).toBeCloseTo(1, 12);
    expect(p.get("reference").prior?.parameters).toEqual({ min: 0.5, max: 2 });
    expect(p.get("reference").prior?.stat(3)).toBe(Number.POSITIVE_INFINITY);
    const back = parse(modelsToYaml(models));
    expect(back.components[0].spectral.parameters[0].prior).toEqual({
      type: "GaussianPrior",
      parameters: [
        { name: "mu", value: 2.3 },
        { name: "sigma", value: 0.2 },
      ],
    });
    expect(() => readModelsYaml(yaml.replace("name: sigma, value: 0.2", "name: sigma, value: -1"), "m.yaml")).toThrow(
      /index\.prior/,
    );
  });
});
