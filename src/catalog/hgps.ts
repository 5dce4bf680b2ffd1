/**
 * The H.E.S.S. Galactic plane survey catalog (HGPS, hgps_catalog_v1.fits.gz), as Gammapy's `SourceCatalogHGPS`:
 * power-law or exponential-cutoff spectra at the pivot energy, point, Gaussian or shell morphologies in galactic
 * coordinates, multi-Gaussian sources as their Gaussian components (spectrum shared out by the components' map
 * fluxes), flux points and associations.
 */
import type { FluxPoints } from "../estimators/flux-points.js";
import { fluxPointsFromSed } from "../estimators/flux-points-table.js";
import type { FitsFile } from "../fits/file.js";
import { readTable } from "../fits/table-io.js";
import type { SkyModel } from "../modeling/models.js";
import { Parameter } from "../modeling/parameter.js";
import { GaussianSpatialModel, PointSpatialModel, ShellSpatialModel, type SpatialModel } from "../modeling/spatial.js";
import { AnalyticSpectralModel, ExpCutoffPowerLaw, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import type { Table } from "../util/table.js";
import { type CatalogOptions, CatalogSource, SourceCatalog, setErrors, spectralWithErrors } from "./core.js";

const DIFF = "cm-2 s-1 TeV-1";
const FLUX = "cm-2 s-1";

/** Which HGPS spectral model: the catalog's preferred one (`best`), the power law or the cutoff power law. */
export type WhichHGPS = "best" | "pl" | "ecpl";

/** One Gaussian component of an HGPS source (table HGPS_GAUSS_COMPONENTS). */
export class HgpsComponent extends CatalogSource {
  override get name(): string {
    return this.str("Component_ID");
  }

  override get position() {
    return { lon: this.num("GLON", "deg"), lat: this.num("GLAT", "deg"), frame: "galactic" as const };
  }

  /** Components have no spectrum of their own (see `SourceHGPS.componentsModels`). */
  spectralModel(): SpectralModel {
    throw this.noModel("a Gaussian component has no spectral model", "spectral", "SourceHGPS.componentsModels()");
  }

  /** Gaussian (GLON, GLAT, Size) with the catalog's errors, galactic. */
  spatialModel(): SpatialModel {
    const model = new GaussianSpatialModel(
      { lon_0: this.num("GLON", "deg"), lat_0: this.num("GLAT", "deg"), sigma: this.num("Size", "deg") },
      "galactic",
    );
    setErrors(model, {
      lon_0: this.num("GLON_Err", "deg"),
      lat_0: this.num("GLAT_Err", "deg"),
      sigma: this.num("Size_Err", "deg"),
    });
    return model;
  }
}

/** The component table of the HGPS as a catalog (for lookup by `Component_ID`). */
export class HgpsComponents extends SourceCatalog<HgpsComponent> {
  readonly tag = "hgps-components";
  readonly description = "HGPS Gaussian components";
  readonly nanScalarsAreZero = true;

  constructor(table: Table, options: CatalogOptions = {}) {
    super(table, "Component_ID", [], options);
  }

  protected makeSource(row: number): HgpsComponent {
    return new HgpsComponent(this, row);
  }
}

/** One source of the HGPS catalog. */
export class SourceHGPS extends CatalogSource {
  declare readonly catalog: SourceCatalogHGPS;

  /** Energy range of the spectral analysis (TeV); missing bounds default to 0.2 and 50 TeV. */
  get energyRangeTeV(): [number, number] {
    const lo = this.num("Energy_Range_Spec_Min", "TeV");
    const hi = this.num("Energy_Range_Spec_Max", "TeV");
    return [Number.isNaN(lo) ? 0.2 : lo, Number.isNaN(hi) ? 50 : hi]; // never NaN with `num`: 0 as in Gammapy 1.0
  }

  /** The Gaussian components listed in `Components` (empty for sources without). */
  get components(): HgpsComponent[] {
    const list = this.str("Components");
    if (!list) return [];
    return list.split(", ").map((id) => this.catalog.components.source(Number(id.trim().split(/\s+/).pop()) - 1));
  }

  /** Associations (catalog, name, separation in deg) from HGPS_ASSOCIATIONS. */
  get associations(): Array<{ catalog: string; name: string; separationDeg: number }> {
    const t = this.catalog.associationsTable;
    if (!t) return [];
    const names = t.strings("Source_Name");
    const out: Array<{ catalog: string; name: string; separationDeg: number }> = [];
    for (let i = 0; i < names.length; i++)
      if (names[i].trim() === this.name)
        out.push({
          catalog: String(t.value("Association_Catalog", i)).trim(),
          name: String(t.value("Association_Name", i)).trim(),
          separationDeg: Number(t.value("Separation", i)),
        });
    return out;
  }

  /**
   * Power law (`pl`) or exponential cutoff power law (`ecpl`; `best`: the catalog's `Spectral_Model`) at the pivot
   * energy, with the catalog's errors (and error 0 on the reference energy, as Gammapy). Throws `CATALOG_NO_MODEL`
   * for a model the catalog has no fit of (Gammapy gives a model with zero values).
   */
  spectralModel(which: WhichHGPS = "best"): SpectralModel {
    const type = which === "best" ? this.str("Spectral_Model").toLowerCase() : which;
    const indexColumn = type === "pl" ? "Index_Spec_PL" : "Index_Spec_ECPL";
    if ((type === "pl" || type === "ecpl") && Number.isNaN(this.raw(indexColumn)))
      throw this.noModel(`the catalog has no ${type.toUpperCase()} fit`, indexColumn, "best or the fitted model");
    if (type === "pl")
      return spectralWithErrors(
        PowerLaw,
        {
          index: this.num("Index_Spec_PL"),
          amplitude: this.num("Flux_Spec_PL_Diff_Pivot", DIFF),
          reference: this.num("Energy_Spec_PL_Pivot", "TeV"),
        },
        {
          amplitude: this.num("Flux_Spec_PL_Diff_Pivot_Err", DIFF),
          index: this.num("Index_Spec_PL_Err"),
          reference: 0,
        },
      );
    if (type === "ecpl")
      return spectralWithErrors(
        ExpCutoffPowerLaw,
        {
          index: this.num("Index_Spec_ECPL"),
          amplitude: this.num("Flux_Spec_ECPL_Diff_Pivot", DIFF),
          reference: this.num("Energy_Spec_ECPL_Pivot", "TeV"),
          lambda_: this.num("Lambda_Spec_ECPL", "TeV-1"),
        },
        {
          index: this.num("Index_Spec_ECPL_Err"),
          amplitude: this.num("Flux_Spec_ECPL_Diff_Pivot_Err", DIFF),
          lambda_: this.num("Lambda_Spec_ECPL_Err", "TeV-1"),
          reference: 0,
        },
      );
    throw this.noModel(`unknown spectral model '${type}'`, "which", "best, pl or ecpl");
  }

  /**
   * Point source, Gaussian (sigma = Size) or shell (radius 0.95 Size, width 0.05 Size: the HGPS gives no width) in
   * galactic coordinates, with the catalog's errors. Multi-Gaussian sources have no single spatial model: use
   * `componentsModels`.
   */
  spatialModel(): SpatialModel {
    const pos = { lon_0: this.num("GLON", "deg"), lat_0: this.num("GLAT", "deg") };
    const errors: Record<string, number> = { lon_0: this.num("GLON_Err", "deg"), lat_0: this.num("GLAT_Err", "deg") };
    const type = this.str("Spatial_Model");
    const size = this.num("Size", "deg");
    let model: SpatialModel;
    if (type === "Point-Like") model = new PointSpatialModel(pos, "galactic");
    else if (type === "Gaussian") {
      model = new GaussianSpatialModel({ ...pos, sigma: size }, "galactic");
      errors.sigma = this.num("Size_Err", "deg");
    } else if (type === "Shell") {
      const radius = 0.95 * size;
      model = new ShellSpatialModel({ ...pos, radius, width: size - radius }, "galactic");
      errors.radius = this.num("Size_Err", "deg");
    } else if (type === "2-Gaussian" || type === "3-Gaussian")
      throw this.noModel(`a ${type} source has no single spatial model`, "Spatial_Model", "componentsModels()");
    else throw this.noModel(`unknown spatial model '${type}'`, "Spatial_Model", "Point-Like, Gaussian, Shell");
    setErrors(model, errors);
    return model;
  }

  /** Whether the source is represented by its Gaussian components (multi-Gaussian, or a Gaussian of size 0). */
  get hasComponentModels(): boolean {
    const type = this.str("Spatial_Model");
    return type === "2-Gaussian" || type === "3-Gaussian" || (type === "Gaussian" && this.num("Size", "deg") === 0);
  }

  /**
   * Models of the source's components (Gammapy's `components_models`): for multi-Gaussian sources one model per
   * Gaussian component, named after it, with the source's spectrum scaled by the component's share of the map flux
   * (`linked`: all spectral parameters but the amplitude shared between components); otherwise the source's model.
   */
  componentsModels(which: WhichHGPS = "best", linked = false): SkyModel[] {
    if (!this.hasComponentModels) return [this.skyModelOf(this.spectralModel(which), this.spatialModel())];
    const spectral = this.spectralModel(which) as AnalyticSpectralModel;
    const total = this.num("Flux_Map", FLUX);
    return this.components.map((component) => {
      // float32 quotient of the float32 columns, as Gammapy computes it
      const weight = Math.fround(component.num("Flux_Map", FLUX) / total);
      const params = spectral.parameters.toArray().map((p) => {
        if (linked && p.name !== "amplitude") return p;
        const copy = new Parameter(p.toSpec());
        if (p.name === "amplitude") copy.value *= weight;
        return copy;
      });
      return this.skyModelOf(
        new AnalyticSpectralModel(spectral.definition, params),
        component.spatialModel(),
        component.name,
      );
    });
  }

  /**
   * The source's sky model. Multi-Gaussian sources are a sum of components, which Gammapy merges into a map
   * template; gammats gives them as components: this throws `CATALOG_NO_MODEL` for them (use `componentsModels`).
   */
  override skyModel(which: WhichHGPS = "best"): SkyModel {
    if (this.hasComponentModels)
      throw this.noModel(
        `the source has ${this.components.length} Gaussian components`,
        "Spatial_Model",
        "componentsModels() (as Gammapy's to_models)",
      );
    return this.skyModelOf(this.spectralModel(which), this.spatialModel());
  }

  /** As Gammapy's `to_models(which)`: the components' models. */
  override skyModels(which?: string): SkyModel[] {
    if (which !== undefined) this.catalog.checkWhich(which);
    return this.componentsModels((which ?? "best") as WhichHGPS);
  }

  /**
   * Flux points (dnde at `Flux_Points_Energy`, asymmetric errors, upper limits and their flags), reference model the
   * best spectral model. The energy axis uses the bin edges when they are all given; where the catalog has no edges
   * the reference energies are used as nodes (Gammapy 1.0 fails on those sources).
   */
  override fluxPoints(): FluxPoints | undefined {
    const eRef = this.vector("Flux_Points_Energy", "TeV");
    const rows = [...eRef.keys()].filter((i) => !Number.isNaN(eRef[i]));
    if (rows.length === 0) return undefined;
    const pick = (col: string, unit?: string) => {
      const v = this.vector(col, unit);
      return Float64Array.from(rows, (i) => v[i]);
    };
    const eMin = pick("Flux_Points_Energy_Min", "TeV");
    const eMax = pick("Flux_Points_Energy_Max", "TeV");
    const edges = eMin.every(Number.isFinite) && eMax.every(Number.isFinite);
    return fluxPointsFromSed(
      {
        sedType: "dnde",
        eRefTeV: pick("Flux_Points_Energy", "TeV"),
        eMinTeV: edges ? eMin : undefined,
        eMaxTeV: edges ? eMax : undefined,
        value: pick("Flux_Points_Flux", DIFF),
        errn: pick("Flux_Points_Flux_Err_Lo", DIFF),
        errp: pick("Flux_Points_Flux_Err_Hi", DIFF),
        ul: pick("Flux_Points_Flux_UL", DIFF),
        isUl: pick("Flux_Points_Flux_Is_UL"),
      },
      this.spectralModel(),
      { nSigma: 1, nSigmaUl: 2, sqrtTsThresholdUl: 1 },
    );
  }
}

/** The HGPS catalog (78 sources; H.E.S.S. Collaboration, A&A 612, A1, 2018). */
export class SourceCatalogHGPS extends SourceCatalog<SourceHGPS> {
  readonly tag = "hgps";
  readonly description = "H.E.S.S. Galactic plane survey (HGPS) source catalog";
  readonly nanScalarsAreZero = true;
  /** The Gaussian components (HGPS_GAUSS_COMPONENTS). */
  readonly components: HgpsComponents;
  /** Source associations (HGPS_ASSOCIATIONS), if present. */
  readonly associationsTable: Table | undefined;

  override get whichOptions(): readonly WhichHGPS[] {
    return ["best", "pl", "ecpl"];
  }

  /** Reads the catalog from its FITS file (HGPS_SOURCES, HGPS_GAUSS_COMPONENTS, HGPS_ASSOCIATIONS). */
  constructor(fits: FitsFile, options: CatalogOptions = {}) {
    const opts = { file: fits.name, ...options };
    super(readTable(fits.table("HGPS_SOURCES")), "Source_Name", ["Identified_Object"], opts);
    this.components = new HgpsComponents(readTable(fits.table("HGPS_GAUSS_COMPONENTS")), opts);
    this.associationsTable = fits.find("HGPS_ASSOCIATIONS") ? readTable(fits.table("HGPS_ASSOCIATIONS")) : undefined;
  }

  protected makeSource(row: number): SourceHGPS {
    return new SourceHGPS(this, row);
  }
}
