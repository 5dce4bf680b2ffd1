/**
 * Dark matter against Gammapy 1.0 (scripts/oracle/dark_matter_reference.py): profiles, J-factor maps (the
 * astro_dark_matter tutorial's Galactic-centre map and 1-deg total, small maps of every profile), PPPC4DMID primary
 * spectra and the annihilation model, all within 1e-4.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import {
  DarkMatterAnnihilationSpectralModel,
  DarkMatterDecaySpectralModel,
  DMProfile,
  type DMProfileName,
  JFactory,
  PrimaryFlux,
  type PrimaryFluxTable,
  parsePrimaryFluxTable,
} from "../../src/modeling/index.js";
import { readPrimaryFluxTable } from "../../src/modeling/node.js";
import { DATA_DIR, hasData, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/darkmatter/darkmatter.json`, "utf8"));
const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a / b - 1));
const maxRel = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, rel(a[i], b[i]));
  return m;
};
const NAMES = Object.keys(ref.profiles) as DMProfileName[];

describe("dark-matter profiles and J-factors as Gammapy 1.0", () => {
  it("profile densities, scaling to the local density and rho^2 integrals within 1e-10", () => {
    for (const name of NAMES) {
      const want = ref.profiles[name];
      const p = new DMProfile(name);
      p.scaleToLocalDensity();
      expect(p.rsKpc).toBe(want.r_s_kpc);
      expect(rel(p.rhoS, want.rho_s), name).toBeLessThan(1e-12);
      expect(
        maxRel(
          Float64Array.from(want.radii_kpc, (r: number) => p.evaluate(r)),
          want.rho,
        ),
        name,
      ).toBeLessThan(1e-12);
      for (const w of want.integrals)
        expect(rel(p.integral(w.rmin_kpc, w.rmax_kpc), w.value), `${name} ${w.rmin_kpc}-${w.rmax_kpc}`).toBeLessThan(
          1e-10,
        );
    }
  });

  it("the tutorial's NFW J-factor map of the Galactic centre and its 1-deg total (1.349e21 GeV2 cm-5) within 1e-9", () => {
    const t = ref.tutorial;
    const nfw = new DMProfile("NFWProfile");
    nfw.scaleToLocalDensity(0.39, 8.5);
    expect(rel(nfw.rhoS, t.rho_s)).toBeLessThan(1e-12);
    const geom = WcsGeom.create({ lonDeg: 0, latDeg: 0, frame: "galactic", binszDeg: 0.05, widthDeg: 3 });
    const j = new JFactory(geom, nfw, 8.5).computeJfactor();
    expect(j.length).toBe(t.shape[0] * t.shape[1]);
    expect(maxRel(j, t.jfactor)).toBeLessThan(1e-9);
    const sep = geom.separation(0, 0);
    let total = 0;
    for (let i = 0; i < j.length; i++) if (sep[i] < 1) total += j[i];
    expect(rel(total, t.total_1deg_region_mask)).toBeLessThan(1e-9);
    expect(total).toBeCloseTo(1.3489e21, -17);
  });

  it("differential J and J per pixel of every profile within 1e-9; D-factors integrate rho", () => {
    const m = ref.jfactor_maps;
    const geom = WcsGeom.create({ lonDeg: 0, latDeg: 0, frame: "galactic", binszDeg: m.binsz, widthDeg: m.width });
    for (const name of NAMES) {
      const p = new DMProfile(name);
      p.scaleToLocalDensity(m.local_density, m.distance_kpc);
      const f = new JFactory(geom, p, m.distance_kpc);
      expect(maxRel(f.computeDifferentialJfactor(), m.maps[name].differential), name).toBeLessThan(1e-9);
      expect(maxRel(f.computeJfactor(), m.maps[name].jfactor), name).toBeLessThan(1e-9);
    }
    const p = new DMProfile("IsothermalProfile");
    const d = new JFactory(geom, p, 8.5, { annihilation: false }).computeDifferentialJfactor();
    const sep = geom.separation(0, 0);
    expect(rel(d[0], p.integral(((sep[0] * Math.PI) / 180) * 8.5, 8.5, false))).toBeLessThan(1e-12);
  });

  it("bad input: unknown profile, zero separation, bad radii are typed errors", () => {
    expect(() => new DMProfile("Foo" as DMProfileName)).toThrow(/unknown dark-matter profile/);
    const odd = WcsGeom.create({ lonDeg: 0, latDeg: 0, frame: "galactic", binszDeg: 0.1, widthDeg: 0.5 });
    expect(() => new JFactory(odd, new DMProfile("NFWProfile"), 8.5).computeJfactor()).toThrow(/map centre/);
    expect(() => new DMProfile("NFWProfile").integral(0, 1)).toThrow(/rmin/);
    expect(() => parsePrimaryFluxTable("mDM x\n1 2\n")).toThrow(/Log\[10,x\]/);
    expect(() => parsePrimaryFluxTable("mDM Log[10,x] b\n1 2\n")).toThrow(/2 fields/);
  });
});

describe.skipIf(!hasData("dark_matter_spectra"))("PPPC4DMID spectra and the annihilation model as Gammapy 1.0", () => {
  let table: PrimaryFluxTable;
  beforeAll(() => {
    table = readPrimaryFluxTable(DATA_DIR);
  });

  it("primary fluxes: nearest tabulated mass, dN/dE within 1e-9 in the table, 0 beyond the mass", () => {
    for (const w of ref.primary_flux) {
      const [v, unit] = w.mass.split(" ");
      const pf = new PrimaryFlux(table, Number(v) * (unit === "GeV" ? 1e-3 : 1), w.channel);
      expect(pf.massTeV, w.mass).toBeCloseTo(w.mass_tev, 12);
      const got = pf.tableModel().evaluate(w.energy_tev);
      for (let i = 0; i < got.length; i++) {
        const want = w.dnde_per_tev[i];
        if (want === 0) expect(got[i], `${w.channel} ${w.mass} E=${w.energy_tev[i]}`).toBe(0);
        else expect(rel(got[i], want), `${w.channel} ${w.mass} E=${w.energy_tev[i]}`).toBeLessThan(1e-9);
      }
    }
    expect(() => new PrimaryFlux(table, 1, "bbar")).toThrow(/invalid dark-matter channel 'bbar'.*UNKNOWN_CHANNEL/);
  });

  it("annihilation model: dN/dE and the 0.1-10 TeV integral within 1e-6 (redshift, Dirac k = 4, J, scale)", () => {
    for (const w of ref.annihilation) {
      const k = w.kwargs;
      const model = new DarkMatterAnnihilationSpectralModel(table, {
        massTeV: k.mass,
        channel: k.channel,
        jfactor: k.jfactor,
        z: k.z,
        k: k.k,
        scale: k.scale,
      });
      expect(maxRel(model.evaluate(w.energy_tev), w.dnde)).toBeLessThan(1e-9);
      expect(rel(model.integral([0.1], [10])[0], w.integral_0p1_10)).toBeLessThan(1e-6);
    }
    // the tutorial's flux map total: J map x integral of the 10 TeV Z model
    const zModel = new DarkMatterAnnihilationSpectralModel(table, { massTeV: 10, channel: "Z" });
    const integral = zModel.integral([0.1], [10])[0];
    const jTotal = ref.tutorial.jfactor.reduce((a: number, b: number) => a + b, 0);
    expect(rel(jTotal * integral, ref.tutorial.int_flux_total)).toBeLessThan(1e-6);
  });

  it("decay model: D / (4 pi tau m) times the annihilation spectrum of mass m / 2", () => {
    const decay = new DarkMatterDecaySpectralModel(table, { massTeV: 20, channel: "b", jfactor: 1e20 });
    const ann = new PrimaryFlux(table, 10, "b").tableModel();
    const e = [0.1, 1, 5];
    const got = decay.evaluate(e);
    const want = ann.evaluate(e);
    for (let i = 0; i < e.length; i++)
      expect(rel(got[i], (want[i] * 1e20) / 4.3e17 / 20000 / (4 * Math.PI))).toBeLessThan(1e-14);
    expect(decay.parameters.get("scale").isNorm).toBe(false);
  });
});

describe.skipIf(!hasData("dark_matter_spectra"))("dark-matter models in Gammapy's models YAML", () => {
  it("reads Gammapy's YAML (mass in GeV, J with units) and writes what Gammapy writes back", async () => {
    const { modelsToYaml, readModelsYaml } = await import("../../src/modeling/index.js");
    const table = readPrimaryFluxTable(DATA_DIR);
    const w = ref.annihilation[1];
    const models = readModelsYaml(w.yaml, "dm.yaml", { readPrimaryFlux: () => table });
    const model = models.get("dm").spectralModel as DarkMatterAnnihilationSpectralModel;
    expect(model).toBeInstanceOf(DarkMatterAnnihilationSpectralModel);
    expect([model.massTeV, model.channel, model.jfactor, model.z, model.k]).toEqual([5, "b", 3.41e19, 0.5, 4]);
    expect(model.parameters.get("scale").value).toBe(2.5);
    expect(maxRel(model.evaluate(w.energy_tev), w.dnde)).toBeLessThan(1e-9);
    const yaml = modelsToYaml(models);
    expect(yaml).toContain("type: DarkMatterAnnihilationSpectralModel");
    expect(yaml).toContain("mass: 5.0 TeV");
    expect(yaml).toContain("jfactor: 3.41e+19 GeV2 / cm5");
    expect(yaml).not.toContain("is_norm");
    const back = readModelsYaml(yaml, "back.yaml", { readPrimaryFlux: () => table }).get("dm").spectralModel;
    expect(back.evaluate([1])[0]).toBe(model.evaluate([1])[0]);
    // decay: D-factor units, alias type
    const decay = readModelsYaml(
      "components:\n- name: d\n  type: SkyModel\n  spectral:\n    type: dm-decay\n    channel: tau\n    mass: 2 TeV\n    jfactor: 1e19 GeV / cm2\n",
      "decay.yaml",
      { readPrimaryFlux: () => table },
    ).get("d").spectralModel as DarkMatterDecaySpectralModel;
    expect(decay).toBeInstanceOf(DarkMatterDecaySpectralModel);
    expect(decay.jfactor).toBe(1e19);
    expect(modelsToYaml(new (await import("../../src/modeling/index.js")).Models([models.get("dm")]))).toContain(
      "k: 4",
    );
    expect(() => readModelsYaml(w.yaml, "dm.yaml")).toThrow(/readPrimaryFlux/);
  });
});
