/**
 * Source catalogs against Gammapy 1.0 (scripts/oracle/catalog_reference.py): for 20 sources per catalog, across
 * spectral and spatial types, the sky model (types, frames, values, errors, frozen flags), flux points, 3FGL light
 * curves and name lookups; 1LHAASO (not in Gammapy 1.0) against the catalog's columns (Cao et al. 2024, Table 1).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { CatalogSource, SourceCatalog } from "../../src/catalog/index.js";
import {
  catalogEntry,
  type Source1LHAASO,
  type Source2HWC,
  type SourceCatalogHGPS,
  type SourceHGPS,
} from "../../src/catalog/index.js";
import { openCatalog } from "../../src/catalog/node.js";
import { separationDeg, transformTo } from "../../src/coords/frames.js";
import { sedQuantities } from "../../src/estimators/flux-points.js";
import { circle, parseDs9 } from "../../src/maps/regions.js";
import type { SkyModel } from "../../src/modeling/models.js";
import { modelsToYaml, readModelsYaml } from "../../src/modeling/models-io.js";
import { GammatsError } from "../../src/util/errors.js";
import { DATA_DIR, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

type Num = number | string;
interface ParamFx {
  name: string;
  value: Num;
  error: Num;
  frozen: boolean;
}
interface ModelFx {
  type: string;
  frame?: string;
  parameters: ParamFx[];
}
interface SkyFx {
  name: string;
  spectral: ModelFx;
  spatial: ModelFx;
}
interface SourceFx {
  row: number;
  name: string;
  which?: string;
  sky_model?: SkyFx;
  error?: string;
  flux_points?: Record<string, Num[] | boolean[] | string>;
  flux_points_error?: string;
  light_curve?: Record<string, Num[] | boolean[]>;
  components_models?: SkyFx[];
  components_models_pl?: SkyFx[];
  components_models_ecpl?: SkyFx[];
  energy_range?: number[];
}
interface CatalogFx {
  n_sources: number;
  sources: SourceFx[];
  lookups: Record<string, number>;
  template_sources?: string[];
}

const FIXTURE: Record<string, CatalogFx> = JSON.parse(
  readFileSync(`${REPO_ROOT}/test/fixtures/catalog/gammapy_catalogs.json`, "utf8"),
);
const RTOL = 1e-9;

/** Relative closeness with NaN == NaN and equal infinities. */
function close(actual: number, expected: Num, rtol = RTOL): boolean {
  const e = Number(expected);
  if (Object.is(actual, e) || actual === e) return true;
  return Number.isFinite(e) && Math.abs(actual - e) <= rtol * Math.abs(e);
}

function expectClose(actual: ArrayLike<number>, expected: Num[], label: string, rtol = RTOL): void {
  expect(actual.length, label).toBe(expected.length);
  const bad = expected.flatMap((e, i) => (close(actual[i], e, rtol) ? [] : [`${i}: ${actual[i]} vs ${e}`]));
  expect(bad, label).toEqual([]);
}

/** Whether Gammapy's model has NaN values (no measurement) or a zero amplitude (a fit the catalog has not). */
function isEmptyModel(m: SkyFx): boolean {
  return [...m.spectral.parameters, ...m.spatial.parameters].some(
    (p) => p.value === "NaN" || (p.name === "amplitude" && p.value === 0),
  );
}

function expectModel(model: SkyModel, fx: SkyFx): void {
  expect(model.name).toBe(fx.name);
  for (const [part, ours] of [
    ["spectral", model.spectralModel],
    ["spatial", model.spatialModel!],
  ] as const) {
    const exp = fx[part];
    expect(ours.tag, `${fx.name} ${part}`).toBe(exp.type);
    if (exp.frame) expect((ours as { frame: string }).frame).toBe(exp.frame);
    expect([...ours.parameters].map((p) => p.name)).toEqual(exp.parameters.map((p) => p.name));
    for (const p of exp.parameters) {
      const q = ours.parameters.get(p.name);
      const label = `${fx.name} ${part}.${p.name}`;
      expect(close(q.value, p.value), `${label} value ${q.value} vs ${p.value}`).toBe(true);
      expect(close(q.error, p.error), `${label} error ${q.error} vs ${p.error}`).toBe(true);
      expect(q.frozen, label).toBe(p.frozen);
    }
  }
}

function expectFluxPoints(src: CatalogSource, fx: Record<string, Num[] | boolean[] | string>): void {
  const fp = src.fluxPoints();
  expect(fp, src.name).toBeDefined();
  if (!fp) return;
  const q = sedQuantities(fp, "dnde");
  const pairs: Array<[string, ArrayLike<number>]> = [
    ["e_ref", fp.eRefTeV],
    ["e_min", fp.eMinTeV],
    ["e_max", fp.eMaxTeV],
    ["norm", fp.norm],
    ["norm_errn", fp.normErrn],
    ["norm_errp", fp.normErrp],
    ["norm_ul", fp.normUl],
    ["dnde", q.value],
    ["dnde_err", q.err],
    ["dnde_errn", q.errn],
    ["dnde_errp", q.errp],
    ["dnde_ul", q.ul],
    ["sqrt_ts", fp.sqrtTs],
  ];
  for (const [key, ours] of pairs) if (fx[key]) expectClose(ours, fx[key] as Num[], `${src.name} ${key}`);
  expect(Array.from(fp.isUl!, Boolean), `${src.name} is_ul`).toEqual(fx.is_ul);
}

describe.skipIf(!DATA_DIR)("catalogs against Gammapy 1.0", () => {
  if (!DATA_DIR) it.skip(NO_DATA_MESSAGE, () => {});
  const catalogs = new Map<string, SourceCatalog>();
  const open = (tag: string) => {
    if (!catalogs.has(tag)) catalogs.set(tag, openCatalog(tag, { dataDir: DATA_DIR }));
    return catalogs.get(tag)!;
  };

  for (const tag of Object.keys(FIXTURE)) {
    const fx = FIXTURE[tag];
    describe(tag, () => {
      it(`reads all ${fx.n_sources} sources and looks names and aliases up as Gammapy`, () => {
        const cat = open(tag);
        expect(cat.length).toBe(fx.n_sources);
        for (const [name, row] of Object.entries(fx.lookups)) expect(cat.rowIndex(name), name).toBe(row);
      });

      it(`sky models of ${fx.sources.length} sources equal Gammapy's sky_model() (values and errors)`, () => {
        const cat = open(tag);
        let compared = 0;
        for (const s of fx.sources) {
          const src = cat.source(s.row);
          expect(src.name).toBe(s.name);
          if (!s.sky_model) continue;
          if (isEmptyModel(s.sky_model)) {
            expect(() => src.skyModel(), s.name).toThrow(GammatsError);
            continue;
          }
          const hgps = tag === "hgps" && (src as SourceHGPS).hasComponentModels;
          const model = hgps
            ? (src as SourceHGPS).componentsModels()[0]
            : tag === "2hwc"
              ? (src as Source2HWC).skyModel((s.which as "extended") ?? "point")
              : src.skyModel();
          expectModel(model, s.sky_model);
          compared++;
        }
        expect(compared).toBeGreaterThanOrEqual(19);
      });

      if (fx.sources.some((s) => s.flux_points || s.flux_points_error))
        it("flux points equal Gammapy's (norms and dnde with errors, upper limits, sqrt(TS))", () => {
          const cat = open(tag);
          let compared = 0;
          for (const s of fx.sources) {
            const src = cat.source(s.row);
            if (s.flux_points) {
              expectFluxPoints(src, s.flux_points);
              compared++;
            } else if (s.flux_points_error?.includes("sed type"))
              // gamma-cat sources without published points
              expect(src.fluxPoints(), s.name).toBeUndefined();
          }
          expect(compared).toBeGreaterThanOrEqual(10);
        });
    });
  }

  it("3FGL light curves equal Gammapy's lightcurve() (MJD TT bins, fluxes, errors, upper limits)", () => {
    const cat = open("3fgl");
    const sources = FIXTURE["3fgl"].sources.filter((s) => s.light_curve);
    expect(sources.length).toBe(3);
    for (const s of sources) {
      const lc = cat.source(s.row).lightCurve()!;
      const fx = s.light_curve!;
      expectClose(lc.timeMinMjd, fx.time_min as Num[], "time_min", 1e-12);
      expectClose(lc.timeMaxMjd, fx.time_max as Num[], "time_max", 1e-12);
      for (const [key, q] of [
        ["flux", "value"],
        ["flux_errp", "errp"],
        ["flux_errn", "errn"],
        ["flux_ul", "ul"],
      ] as const)
        expectClose(
          lc.points.map((p) => sedQuantities(p, "flux")[q][0]),
          fx[key] as Num[],
          `${s.name} ${key}`,
        );
      expect(lc.points.map((p) => Boolean(p.isUl![0]))).toEqual(fx.is_ul);
    }
  });

  it("HGPS multi-Gaussian sources: components models (best, pl, ecpl) equal Gammapy's components_models()", () => {
    const cat = open("hgps") as SourceCatalogHGPS;
    let n = 0;
    for (const s of FIXTURE.hgps.sources) {
      const src = cat.source(s.row) as SourceHGPS;
      expect(src.energyRangeTeV[0]).toBe(s.energy_range![0]);
      expect(close(src.energyRangeTeV[1], s.energy_range![1], 1e-6)).toBe(true);
      for (const [which, key] of [
        ["best", "components_models"],
        ["pl", "components_models_pl"],
        ["ecpl", "components_models_ecpl"],
      ] as const) {
        const fx = s[key]!;
        if (fx.some(isEmptyModel)) {
          expect(() => src.componentsModels(which)).toThrow(GammatsError);
          continue;
        }
        const ours = src.componentsModels(which);
        expect(ours.length).toBe(fx.length);
        ours.forEach((m, k) => {
          expectModel(m, fx[k]);
        });
        n += ours.length;
      }
      if (src.hasComponentModels) expect(() => src.skyModel()).toThrow(/componentsModels/);
    }
    expect(n).toBeGreaterThan(40);
  });

  it("HGPS sources whose flux points have no bin edges get points on their reference energies", () => {
    const src = open("hgps").source("HESS J1534-571");
    const fp = src.fluxPoints()!;
    const eRef = src.vector("Flux_Points_Energy", "TeV").filter((e) => !Number.isNaN(e));
    expectClose(fp.eRefTeV, Array.from(eRef), "e_ref");
    expect(sedQuantities(fp, "dnde").value[0]).toBeCloseTo(src.vector("Flux_Points_Flux", "cm-2 s-1 TeV-1")[0], 25);
  });

  it("Fermi template sources need the template files (absent from gammapy-data): a typed error", () => {
    const cat = open("3fgl");
    for (const name of FIXTURE["3fgl"].template_sources!) {
      expect(() => cat.source(name).skyModel()).toThrow(GammatsError);
      try {
        cat.source(name).skyModel();
      } catch (e) {
        expect((e as GammatsError).code).toBe("CATALOG_TEMPLATE_MISSING");
      }
    }
    const { models, skipped } = cat.toModels(cat.selectRegion([circle(283.99, 1.36, 1)]));
    expect(skipped.map((s) => s.name)).toContain("3FGL J1855.9+0121e");
    expect(models.length).toBeGreaterThan(0);
  });

  it("unknown names and catalogs are typed errors with suggestions", () => {
    const cat = open("hgps");
    expect(() => cat.source("HESS J1843")).toThrow(/HESS J1843-033/);
    expect(() => catalogEntry("4fgl")).toThrow(/UNKNOWN_CATALOG/);
    expect(() => cat.toModels(undefined, "lp")).toThrow(/best, pl, ecpl/);
    expect(catalogEntry("gammacat").tag).toBe("gamma-cat");
  });

  it("selects sources in sky regions (circles by angular distance, boxes in galactic coordinates)", () => {
    const cat = open("hgps");
    const { lon, lat } = cat.positions();
    const rows = cat.selectRegion([circle(266.42, -29.01, 2)]);
    const expected = [...lon.keys()].filter((i) => separationDeg(lon[i], lat[i], 266.42, -29.01) <= 2);
    expect(rows).toEqual(expected);
    expect(rows.length).toBeGreaterThan(3);
    const box = cat.selectRegion(parseDs9("galactic;box(0,0,10,2,0)"));
    const gal = [...lon.keys()].filter((i) => {
      const g = transformTo({ lon: lon[i], lat: lat[i], frame: "icrs" }, "galactic");
      const l = g.lon > 180 ? g.lon - 360 : g.lon;
      return Math.abs(l) < 5 && Math.abs(g.lat) < 1;
    });
    expect(box).toEqual(gal);
  });

  it("models written to YAML read back with the same values and errors", () => {
    for (const tag of ["3fgl", "hgps", "gamma-cat", "2hwc", "1lhaaso"]) {
      const cat = open(tag);
      const { models } = cat.toModels(Array.from({ length: 12 }, (_, i) => i));
      const back = readModelsYaml(modelsToYaml(models));
      expect(back.names).toEqual(models.names);
      const a = [...models.parameters];
      const b = [...back.parameters];
      expect(b.map((p) => p.name)).toEqual(a.map((p) => p.name));
      a.forEach((p, i) => {
        expect(close(b[i].value, p.value, 1e-15)).toBe(true);
        expect(close(b[i].error, p.error, 1e-15)).toBe(true);
        expect(b[i].frozen).toBe(p.frozen);
      });
    }
  });
});

describe.skipIf(!DATA_DIR)("1LHAASO against the catalog columns (Gammapy 1.0 has no reader)", () => {
  if (!DATA_DIR) it.skip(NO_DATA_MESSAGE, () => {});
  const r95 = Math.sqrt(-2 * Math.log(1 - 0.95));

  it("reads the 90 sources; the Crab has a WCDA and a KM2A component, point-like (r39 upper limits)", () => {
    const cat = openCatalog("1lhaaso", { dataDir: DATA_DIR });
    expect(cat.length).toBe(90);
    const crab = cat.source("1LHAASO J0534+2200u") as Source1LHAASO;
    expect(crab.components).toEqual(["WCDA", "KM2A"]);
    const wcda = crab.skyModel();
    const p = wcda.spectralModel.parameters;
    expect(wcda.spectralModel.tag).toBe("PowerLawSpectralModel");
    expect(p.get("amplitude").value).toBeCloseTo(2.11e-12, 25);
    expect(p.get("amplitude").error).toBeCloseTo(1.1e-14, 27);
    expect(p.get("index").value).toBeCloseTo(2.69, 12);
    expect(p.get("index").error).toBeCloseTo(0.01, 12);
    expect(p.get("reference").value).toBe(3);
    expect(wcda.spatialModel!.tag).toBe("PointSpatialModel");
    const s = wcda.spatialModel!.parameters;
    // FK5 (J2000) -> ICRS: the frame bias is ~20 mas
    expect(separationDeg(s.get("lon_0").value, s.get("lat_0").value, 83.62, 22.01) * 3600).toBeLessThan(0.05);
    expect(s.get("lat_0").error).toBeCloseTo(0.004 / r95, 12);
    expect(s.get("lon_0").error).toBeCloseTo(0.004 / r95 / Math.cos((22.01 * Math.PI) / 180), 12);
    const km2a = crab.skyModel("KM2A");
    expect(km2a.spectralModel.parameters.get("amplitude").value).toBeCloseTo(6.23e-16, 28);
    expect(km2a.spectralModel.parameters.get("index").value).toBeCloseTo(3.19, 12);
    expect(km2a.spectralModel.parameters.get("reference").value).toBe(50);
  });

  it("extended components are Gaussians of sigma r39; flux-limit-only components have no model", () => {
    const cat = openCatalog("1lhaaso", { dataDir: DATA_DIR });
    const src = cat.source("1LHAASO J2228+6100u") as Source1LHAASO;
    expect(src.skyModel("KM2A").spatialModel!.parameters.get("sigma").value).toBeCloseTo(0.35, 12);
    expect(src.skyModel("WCDA").spatialModel!.parameters.get("sigma").value).toBeCloseTo(0.25, 12);
    const onlyKm2a = cat.source("1LHAASO J0007+5659u") as Source1LHAASO;
    expect(onlyKm2a.hasComponent("WCDA")).toBe(false);
    expect(() => onlyKm2a.skyModel("WCDA")).toThrow(/upper limit/);
    const { models, skipped } = cat.toModels(undefined, "WCDA");
    expect(models.length + skipped.length).toBe(90);
    expect(models.names).toContain("1LHAASO J0534+2200u");
    expect(skipped.map((s) => s.name)).toContain("1LHAASO J0007+5659u");
  });
});
