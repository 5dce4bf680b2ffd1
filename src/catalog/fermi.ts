/**
 * Fermi-LAT catalogs 3FGL (gll_psc_v16) and 3FHL (gll_psch_v13), as Gammapy's `SourceCatalog3FGL` and
 * `SourceCatalog3FHL`: spectral models at the catalog's pivot energy, point sources or the extended-source shapes
 * (disk, Gaussian, template), position errors from the 95% confidence ellipse, band flux points and (3FGL) monthly
 * light curves. Energies in TeV, fluxes in cm-2 s-1 (TeV-1), angles in deg.
 */

import type { FluxPoints } from "../estimators/flux-points.js";
import { fluxPointsFromSed, sedEnergyBins } from "../estimators/flux-points-table.js";
import type { LightCurve } from "../estimators/light-curve.js";
import type { FitsFile } from "../fits/file.js";
import { readTable } from "../fits/table-io.js";
import {
  DiskSpatialModel,
  GaussianSpatialModel,
  PointSpatialModel,
  type SpatialModel,
  TemplateSpatialModel,
} from "../modeling/spatial.js";
import { LogParabola, PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { ExpCutoffPowerLaw3FGL, SuperExpCutoffPowerLaw3FGL } from "../modeling/spectral-models.js";
import type { Table } from "../util/table.js";
import {
  type CatalogOptions,
  CatalogSource,
  catalogError,
  gauss2dContainmentRadius,
  SourceCatalog,
  setErrors,
  spectralWithErrors,
} from "./core.js";

const DIFF = "cm-2 s-1 TeV-1";
const FLUX = "cm-2 s-1";
const D2R = Math.PI / 180;

/** Gammapy's flux-points meta of the Fermi catalogs: 1 sigma errors, 2 sigma upper limits, UL below sqrt(TS) = 1. */
export const FERMI_FLUX_POINTS_META = { nSigma: 1, nSigmaUl: 2, sqrtTsThresholdUl: 1 } as const;

/**
 * Upper limit of Fermi flux points: flux + 2 errp (arXiv:1501.02003, p. 30), rounded to float32 as Gammapy computes
 * it on the float32 catalog columns.
 */
function fermiUpperLimit(flux: number, errp: number): number {
  return Math.fround(2 * errp + flux);
}

/** Extended-source rows of a Fermi catalog by source name. */
function extendedIndex(table: Table | undefined): Map<string, number> {
  const out = new Map<string, number>();
  if (table)
    table.strings("Source_Name").forEach((n, i) => {
      out.set(n.trim(), i);
    });
  return out;
}

/** Base of the Fermi catalogs: the main table plus the extended-source table. */
abstract class FermiCatalog<S extends FermiSource> extends SourceCatalog<S> {
  readonly extendedSources: Table | undefined;
  readonly nanScalarsAreZero = true;
  /** Folder (relative to the catalog file) of the extended-source templates. */
  abstract readonly templateFolder: string;
  private readonly extendedRows: Map<string, number>;

  constructor(table: Table, aliases: readonly string[], extended: Table | undefined, options: CatalogOptions) {
    super(table, "Source_Name", aliases, options);
    this.extendedSources = extended;
    this.extendedRows = extendedIndex(extended);
  }

  /** Row of the extended-source table for a name, or undefined. */
  extendedRow(name: string): number | undefined {
    return this.extendedRows.get(name);
  }
}

/** A source of a Fermi catalog. */
abstract class FermiSource extends CatalogSource {
  declare readonly catalog: FermiCatalog<FermiSource>;
  /** Column with the extended-source shape (`Model_Form` in 3FGL, `Spatial_Function` in 3FHL). */
  protected abstract readonly morphologyColumn: string;

  /** Whether the source is point-like (no extended-source name). */
  get isPointlike(): boolean {
    return this.str("Extended_Source_Name") === "";
  }

  /** Value of a column of the source's row in the extended-source table, in `unit`. */
  private extended(column: string): string | number {
    const t = this.catalog.extendedSources;
    const row = this.catalog.extendedRow(this.str("Extended_Source_Name"));
    if (!t || row === undefined)
      throw this.noModel("extended source missing from the ExtendedSources table", "Extended_Source_Name");
    const v = t.value(column, row);
    return typeof v === "string" ? v.trim() : v;
  }

  /**
   * Point source, or the extended shape (disk, Gaussian with eccentricity from the semi-axes and the position
   * angle, or the template map read with the catalog's `readTemplate`), in ICRS; lon/lat errors from the 95%
   * confidence ellipse scaled to 1 sigma (not for templates), as Gammapy's `_set_spatial_errors`.
   */
  spatialModel(): SpatialModel {
    const ra = this.num("RAJ2000", "deg");
    const dec = this.num("DEJ2000", "deg");
    let model: SpatialModel;
    if (this.isPointlike) model = new PointSpatialModel({ lon_0: ra, lat_0: dec }, "icrs");
    else {
      const form = String(this.extended(this.morphologyColumn));
      const major = Number(this.extended("Model_SemiMajor"));
      const minor = Number(this.extended("Model_SemiMinor"));
      const e = (1 - (minor / major) ** 2) ** 0.5;
      const phi = Number(this.extended("Model_PosAng"));
      if (form === "Disk" || form === "RadialDisk")
        model = new DiskSpatialModel({ lon_0: ra, lat_0: dec, r_0: major, e, phi }, "icrs");
      else if (form === "2D Gaussian" || form === "RadialGauss")
        model = new GaussianSpatialModel({ lon_0: ra, lat_0: dec, sigma: major, e, phi }, "icrs");
      else if (["Map", "Ring", "2D Gaussian x2", "SpatialMap"].includes(form))
        return this.template(String(this.extended("Spatial_Filename")));
      else
        throw this.noModel(
          `unknown extended-source shape '${form}'`,
          this.morphologyColumn,
          "Disk, 2D Gaussian or Map",
        );
    }
    const scale = gauss2dContainmentRadius(0.95);
    setErrors(model, {
      lat_0: this.num("Conf_95_SemiMajor", "deg") / scale,
      lon_0: this.num("Conf_95_SemiMinor", "deg") / scale / Math.cos(dec * D2R),
    });
    return model;
  }

  private template(filename: string): TemplateSpatialModel {
    const path = `${this.catalog.templateFolder}/${filename}`;
    const read = this.catalog.options.readTemplate;
    if (!read)
      throw catalogError(
        "CATALOG_TEMPLATE_MISSING",
        `${this.name} is a template source and no template reader was given`,
        "Spatial_Filename",
        `the template ${path} next to the catalog`,
        this.catalog.options.file,
      );
    return new TemplateSpatialModel(read(path), { normalize: true, filename: path });
  }

  /** Band flux points from `flux`, its (lower, upper) errors and sqrt(TS) per band, upper limits as Gammapy's. */
  protected bandFluxPoints(
    edgesTeV: readonly number[],
    flux: Float64Array,
    err: Float64Array,
    sqrtTs: Float64Array,
  ): FluxPoints {
    const n = flux.length;
    const errn = Float64Array.from({ length: n }, (_, i) => Math.abs(err[2 * i]));
    const errp = Float64Array.from({ length: n }, (_, i) => err[2 * i + 1]);
    const isUl = Uint8Array.from(errn, (v) => (Number.isNaN(v) ? 1 : 0));
    const ul = Float64Array.from(flux, (f, i) => (isUl[i] ? fermiUpperLimit(f, errp[i]) : Number.NaN));
    return fluxPointsFromSed(
      {
        sedType: "flux",
        eMinTeV: edgesTeV.slice(0, -1),
        eMaxTeV: edgesTeV.slice(1),
        value: flux,
        errn,
        errp,
        ul,
        isUl,
        sqrtTs,
      },
      this.spectralModel(),
      FERMI_FLUX_POINTS_META,
    );
  }
}

/** One source of the 3FGL catalog. */
export class Source3FGL extends FermiSource {
  protected readonly morphologyColumn = "Model_Form";
  declare readonly catalog: SourceCatalog3FGL;

  /** Band edges of the flux points (TeV): 100 MeV, 300 MeV, 1, 3, 10, 100 GeV. */
  static readonly energyEdgesTeV = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2, 1e-1] as const;
  private static readonly bands = ["100_300", "300_1000", "1000_3000", "3000_10000", "10000_100000"];

  /**
   * PowerLaw, LogParabola, PLExpCutoff (`ExpCutoffPowerLaw3FGLSpectralModel`) or PLSuperExpCutoff
   * (`SuperExpCutoffPowerLaw3FGLSpectralModel`) at the pivot energy, with the catalog's errors.
   */
  spectralModel(): SpectralModel {
    const type = this.str("SpectrumType");
    const amplitude = this.num("Flux_Density", DIFF);
    const reference = this.num("Pivot_Energy", "TeV");
    const index = this.num("Spectral_Index");
    const amplitudeErr = this.num("Unc_Flux_Density", DIFF);
    const indexErr = this.num("Unc_Spectral_Index");
    switch (type) {
      case "PowerLaw":
        return spectralWithErrors(
          PowerLaw,
          { amplitude, reference, index },
          { amplitude: amplitudeErr, index: indexErr },
        );
      case "PLExpCutoff":
        return spectralWithErrors(
          ExpCutoffPowerLaw3FGL,
          { amplitude, reference, index, ecut: this.num("Cutoff", "TeV") },
          { amplitude: amplitudeErr, index: indexErr, ecut: this.num("Unc_Cutoff", "TeV") },
        );
      case "LogParabola":
        return spectralWithErrors(
          LogParabola,
          { amplitude, reference, alpha: index, beta: this.num("beta") },
          { amplitude: amplitudeErr, alpha: indexErr, beta: this.num("Unc_beta") },
        );
      case "PLSuperExpCutoff":
        return spectralWithErrors(
          SuperExpCutoffPowerLaw3FGL,
          { amplitude, reference, index_1: index, index_2: this.num("Exp_Index"), ecut: this.num("Cutoff", "TeV") },
          {
            amplitude: amplitudeErr,
            index_1: indexErr,
            index_2: this.num("Unc_Exp_Index"),
            ecut: this.num("Unc_Cutoff", "TeV"),
          },
        );
      default:
        throw this.noModel(`unknown spectrum type '${type}'`, "SpectrumType", "PowerLaw, LogParabola, PLExpCutoff");
    }
  }

  /** Flux points in the five bands 100 MeV - 100 GeV (SED type flux, upper limits where the lower error is NaN). */
  override fluxPoints(): FluxPoints {
    const bands = Source3FGL.bands;
    const flux = Float64Array.from(bands, (b) => this.num(`Flux${b}`, FLUX));
    const err = new Float64Array(2 * bands.length);
    bands.forEach((b, i) => {
      err.set(this.vector(`Unc_Flux${b}`, FLUX), 2 * i);
    });
    const sqrtTs = Float64Array.from(bands, (b) => this.raw(`Sqrt_TS${b}`));
    return this.bandFluxPoints([...Source3FGL.energyEdgesTeV], flux, err, sqrtTs);
  }

  /**
   * Monthly light curve 100 MeV - 100 GeV (`Flux_History`, 48 bins; time edges from the `Hist_Start` table, MJD TT),
   * as Gammapy's `lightcurve()`: integral fluxes as norms of the source's spectral model, upper limits (flux + 2 errp)
   * where the lower error is NaN.
   */
  override lightCurve(): LightCurve {
    const edges = this.catalog.histStartMjd;
    if (!edges) throw this.noModel("the catalog has no Hist_Start table", "Hist_Start", "the 3FGL FITS file");
    const flux = this.vector("Flux_History", FLUX);
    const unc = this.vector("Unc_Flux_History", FLUX);
    const reference = this.spectralModel();
    const bins = sedEnergyBins({ eMinTeV: [1e-4], eMaxTeV: [1e-1] });
    const points = Array.from(flux, (f, i) => {
      const errn = -unc[2 * i];
      const errp = unc[2 * i + 1];
      const ul = fermiUpperLimit(f, errp);
      return fluxPointsFromSed(
        {
          sedType: "flux",
          eMinTeV: bins.eMinTeV,
          eMaxTeV: bins.eMaxTeV,
          value: [f],
          errn: [errn],
          errp: [errp],
          ul: [Number.isNaN(errn) ? ul : Number.NaN],
        },
        reference,
        FERMI_FLUX_POINTS_META,
      );
    });
    return {
      timeMinMjd: edges.subarray(0, edges.length - 1),
      timeMaxMjd: edges.subarray(1),
      points,
    };
  }
}

/** Reads `MJDREFI + MJDREFF` (MJD) from table metadata; MJDREFF may be a string with a Fortran `D` exponent. */
function mjdRef(meta: Readonly<Record<string, unknown>>, file?: string): number {
  const i = Number(meta.MJDREFI);
  const f = Number(String(meta.MJDREFF ?? "0").replace(/[dD]/, "e"));
  if (!Number.isFinite(i) || !Number.isFinite(f))
    throw catalogError("BAD_CATALOG", "no valid MJDREFI/MJDREFF", "Hist_Start.MJDREFF", "numbers", file);
  return i + f;
}

/** The 3FGL catalog (Fermi-LAT 4-year point source catalog, gll_psc_v16). */
export class SourceCatalog3FGL extends FermiCatalog<Source3FGL> {
  readonly tag = "3fgl";
  readonly description = "LAT 4-year point source catalog";
  readonly templateFolder = "Extended_archive_v15/Templates";
  /** Light-curve bin edges (MJD, TT), shape (49,), from the `Hist_Start` table. */
  readonly histStartMjd: Float64Array | undefined;

  /** Reads the catalog from its FITS file (tables LAT_Point_Source_Catalog, ExtendedSources, Hist_Start). */
  constructor(fits: FitsFile, options: CatalogOptions = {}) {
    super(
      readTable(fits.table("LAT_Point_Source_Catalog")),
      ["Extended_Source_Name", "0FGL_Name", "1FGL_Name", "2FGL_Name", "1FHL_Name", "ASSOC_TEV", "ASSOC1", "ASSOC2"],
      fits.find("ExtendedSources") ? readTable(fits.table("ExtendedSources")) : undefined,
      { file: fits.name, ...options },
    );
    if (fits.find("Hist_Start")) {
      const hist = readTable(fits.table("Hist_Start"));
      const ref = mjdRef(hist.meta, this.options.file);
      this.histStartMjd = hist.float64("Hist_Start").map((t) => ref + t / 86400);
    }
  }

  protected makeSource(row: number): Source3FGL {
    return new Source3FGL(this, row);
  }
}

/** One source of the 3FHL catalog. */
export class Source3FHL extends FermiSource {
  protected readonly morphologyColumn = "Spatial_Function";

  /** Band edges of the flux points (TeV): 10, 20, 50, 150, 500, 2000 GeV. */
  static readonly energyEdgesTeV = [0.01, 0.02, 0.05, 0.15, 0.5, 2] as const;

  /** PowerLaw or LogParabola at the pivot energy, with the catalog's errors. */
  spectralModel(): SpectralModel {
    const type = this.str("SpectrumType");
    const amplitude = this.num("Flux_Density", DIFF);
    const reference = this.num("Pivot_Energy", "TeV");
    const amplitudeErr = this.num("Unc_Flux_Density", DIFF);
    if (type === "PowerLaw")
      return spectralWithErrors(
        PowerLaw,
        { amplitude, reference, index: this.num("PowerLaw_Index") },
        { amplitude: amplitudeErr, index: this.num("Unc_PowerLaw_Index") },
      );
    if (type === "LogParabola")
      return spectralWithErrors(
        LogParabola,
        { amplitude, reference, alpha: this.num("Spectral_Index"), beta: this.num("beta") },
        { amplitude: amplitudeErr, alpha: this.num("Unc_Spectral_Index"), beta: this.num("Unc_beta") },
      );
    throw this.noModel(`unknown spectrum type '${type}'`, "SpectrumType", "PowerLaw or LogParabola");
  }

  /** Flux points in the five bands 10 GeV - 2 TeV (SED type flux, upper limits where the lower error is NaN). */
  override fluxPoints(): FluxPoints {
    return this.bandFluxPoints(
      [...Source3FHL.energyEdgesTeV],
      this.vector("Flux_Band", FLUX),
      this.vector("Unc_Flux_Band", FLUX),
      this.vector("Sqrt_TS_Band"),
    );
  }
}

/** The 3FHL catalog (Fermi-LAT third high-energy source catalog, gll_psch_v13). */
export class SourceCatalog3FHL extends FermiCatalog<Source3FHL> {
  readonly tag = "3fhl";
  readonly description = "LAT third high-energy source catalog";
  readonly templateFolder = "Extended_archive_v18/Templates";

  /** Reads the catalog from its FITS file (tables LAT_Point_Source_Catalog and ExtendedSources). */
  constructor(fits: FitsFile, options: CatalogOptions = {}) {
    super(
      readTable(fits.table("LAT_Point_Source_Catalog")),
      ["ASSOC1", "ASSOC2", "ASSOC_TEV", "ASSOC_GAM"],
      fits.find("ExtendedSources") ? readTable(fits.table("ExtendedSources")) : undefined,
      { file: fits.name, ...options },
    );
  }

  protected makeSource(row: number): Source3FHL {
    return new Source3FHL(this, row);
  }
}
