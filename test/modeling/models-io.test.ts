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
  it("reads the reference crab-1d-models.yaml (units converted, frozen flags)", () => {
    const text = readFileSync(`${REPO_ROOT}/../shared/reference/crab-1d-models.yaml`, "utf8");
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
