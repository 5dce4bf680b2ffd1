/**
 * Source catalogs (Gammapy's `SourceCatalog` / `SourceCatalogObject`): a table of sources with name lookup (source
 * names and alias columns), positions, selection by sky region, and one object per source that builds its
 * `SkyModel` (spectral and spatial model with parameter errors), flux points and light curves where the catalog
 * has them. Column values are converted from the column's unit (FITS TUNIT or ECSV unit) to the unit asked for.
 */
import { type Frame, type SkyCoord, separationDeg, transformArrays } from "../coords/frames.js";
import type { FluxPoints } from "../estimators/flux-points.js";
import type { LightCurve } from "../estimators/light-curve.js";
import { regionCenter, regionsContain, type SkyRegion } from "../maps/regions.js";
import { Wcs } from "../maps/wcs/wcs.js";
import type { WcsNDMap } from "../maps/wcs-map.js";
import { Models, SkyModel } from "../modeling/models.js";
import type { SpatialModel } from "../modeling/spatial.js";
import type { AnalyticSpectralDefinition, SpectralModel } from "../modeling/spectral.js";
import { createSpectralModel } from "../modeling/spectral.js";
import { formatPath, GammatsError } from "../util/errors.js";
import { cellSize, type Table } from "../util/table.js";
import { unitConversionFactor } from "../util/units.js";

/** Error of catalog use: unknown source, a model the catalog cannot give, a missing template file. */
export function catalogError(code: string, message: string, key: string, expected?: string, file?: string) {
  return new GammatsError(code, message, { file, key }, expected);
}

/**
 * A column unit in the form the unit converter reads (Gammapy's `standardise_unit`): photon counts are
 * dimensionless (`photon/cm**2/MeV/s` is `1/cm**2/MeV/s`, i.e. cm-2 MeV-1 s-1).
 */
export function standardiseUnit(unit: string | undefined): string {
  if (!unit) return "";
  return unit
    .replace(/\b(photons?|ph)\b/g, "1")
    .replace(/\*\*/g, "")
    .trim();
}

/** Containment radius of a 2D Gaussian with sigma 1 for a containment fraction (Gammapy's `Gauss2DPDF`). */
export function gauss2dContainmentRadius(fraction: number): number {
  return Math.sqrt(-2 * Math.log(1 - fraction));
}

/** Reads a catalog template map (Fermi extended-source templates) by its file name. */
export type TemplateReader = (filename: string) => WcsNDMap;

/** Options of catalog objects. */
export interface CatalogOptions {
  /** File name of the catalog, for error messages. */
  readonly file?: string;
  /** Reads spatial templates of extended sources (Fermi); without it such sources throw `CATALOG_TEMPLATE_MISSING`. */
  readonly readTemplate?: TemplateReader;
}

/** A parameter value and error to set on a model (canonical units). */
export type ParameterErrors = Readonly<Record<string, number>>;

/** Creates an analytic spectral model with values and errors (canonical units), as Gammapy's `Model.create`. */
export function spectralWithErrors(
  definition: AnalyticSpectralDefinition,
  values: Readonly<Record<string, number>>,
  errors: ParameterErrors,
): SpectralModel {
  const model = createSpectralModel(definition, values);
  setErrors(model, errors);
  return model;
}

/** Sets parameter errors (canonical units) on a model. */
export function setErrors(model: SpectralModel | SpatialModel, errors: ParameterErrors): void {
  for (const [name, error] of Object.entries(errors)) model.parameters.get(name).error = error;
}

/** Models of catalog sources (`SourceCatalog.toModels`). */
export interface CatalogModels {
  /** All models, in row order. */
  readonly models: Models;
  /** The models of each row that has a model. */
  readonly bySource: ReadonlyArray<{ readonly row: number; readonly models: readonly SkyModel[] }>;
  /** Sources without a model, with the reason. */
  readonly skipped: ReadonlyArray<{ readonly name: string; readonly reason: string }>;
}

/** Base of catalogs: the table, name lookup, positions, region selection and models of all sources. */
export abstract class SourceCatalog<S extends CatalogSource = CatalogSource> {
  /** Gammapy's catalog tag, e.g. `3fgl`. */
  abstract readonly tag: string;
  /** One-line description. */
  abstract readonly description: string;
  readonly table: Table;
  readonly options: CatalogOptions;
  /** Column with the source names. */
  readonly nameColumn: string;
  /** Whether `num` reads scalar NaN cells as 0 (FITS catalogs, as Gammapy 1.0 with astropy's masked columns). */
  abstract readonly nanScalarsAreZero: boolean;
  /** Columns with alias names (comma-separated lists allowed), also accepted by `rowIndex`. */
  readonly aliasColumns: readonly string[];
  private nameIndex: Map<string, number> | undefined;

  constructor(table: Table, nameColumn: string, aliasColumns: readonly string[], options: CatalogOptions = {}) {
    if (!table.has(nameColumn))
      throw catalogError(
        "BAD_CATALOG",
        `no source-name column '${nameColumn}'`,
        nameColumn,
        "a catalog table",
        options.file,
      );
    this.table = table;
    this.nameColumn = nameColumn;
    this.aliasColumns = aliasColumns.filter((c) => table.has(c));
    this.options = options;
  }

  /** Number of sources. */
  get length(): number {
    return this.table.nrows;
  }

  /** Source names (trimmed) in table order. */
  get names(): string[] {
    return this.table.strings(this.nameColumn).map((s) => s.trim());
  }

  /** The source object of a row. */
  protected abstract makeSource(row: number): S;

  /**
   * Row index of a source by name or alias (as Gammapy: names and comma-separated aliases, trimmed; a later row wins
   * when two rows share an alias). Throws `CATALOG_SOURCE_NOT_FOUND` with close names.
   */
  rowIndex(name: string): number {
    if (!this.nameIndex) {
      const index = new Map<string, number>();
      const names = this.table.strings(this.nameColumn);
      const aliases = this.aliasColumns.map((c) => this.table.strings(c));
      for (let i = 0; i < names.length; i++) {
        index.set(names[i].trim(), i);
        for (const col of aliases)
          for (const alias of col[i].split(",")) if (alias.trim() !== "") index.set(alias.trim(), i);
      }
      this.nameIndex = index;
    }
    const row = this.nameIndex.get(name.trim());
    if (row === undefined) {
      const key = name.trim().toLowerCase().replace(/\s+/g, "");
      const close = [...this.nameIndex.keys()]
        .filter((n) => n.toLowerCase().replace(/\s+/g, "").includes(key))
        .slice(0, 5);
      throw catalogError(
        "CATALOG_SOURCE_NOT_FOUND",
        `no source '${name}' in ${this.tag}`,
        "name",
        close.length
          ? `one of ${close.join(", ")}`
          : `a name or alias (${this.nameColumn}, ${this.aliasColumns.join(", ")})`,
        this.options.file,
      );
    }
    return row;
  }

  /** A source by name/alias or row index. */
  source(key: string | number): S {
    if (typeof key === "number") {
      if (!(Number.isInteger(key) && key >= 0 && key < this.length))
        throw catalogError("BAD_ARGUMENT", `row ${key} is outside the catalog`, "row", `0 to ${this.length - 1}`);
      return this.makeSource(key);
    }
    return this.makeSource(this.rowIndex(key));
  }

  /** All sources in table order. */
  *[Symbol.iterator](): Iterator<S> {
    for (let i = 0; i < this.length; i++) yield this.makeSource(i);
  }

  /** Source positions (deg, ICRS), shape (n,). */
  positions(): { lon: Float64Array; lat: Float64Array } {
    const [lonCol, latCol] = positionColumns(this.table);
    const f = (c: string) => {
      const v = this.table.float64(c);
      const k = unitConversionFactor(standardiseUnit(this.table.column(c).unit) || "deg", "deg");
      return k === 1 ? Float64Array.from(v) : v.map((x) => x * k);
    };
    return { lon: f(lonCol), lat: f(latCol) };
  }

  /**
   * Rows of the sources whose position lies in any of the regions. Circles (and annuli) use the exact angular
   * distance; other shapes are tested on a tangent-plane WCS centred on the region, as Gammapy's `regions` do.
   */
  selectRegion(regions: readonly SkyRegion[]): number[] {
    const { lon, lat } = this.positions();
    const inside = new Uint8Array(this.length);
    for (const region of regions) {
      const center = regionCenter(region);
      const p = center.frame === "icrs" ? { lon, lat } : transformArrays(lon, lat, "icrs", center.frame);
      if (region.kind === "circle" || region.kind === "annulus") {
        const [lo, hi] = region.kind === "circle" ? [-1, region.radius] : [region.inner, region.outer];
        for (let i = 0; i < lon.length; i++) {
          const d = separationDeg(p.lon[i], p.lat[i], center.lon, center.lat);
          if (d > lo && d <= hi) inside[i] = 1;
        }
      } else if (region.kind !== "point") {
        const wcs = tangentWcs(center.lon, center.lat, center.frame);
        const m = regionsContain([region], lon, lat, "icrs", wcs);
        for (let i = 0; i < m.length; i++) if (m[i]) inside[i] = 1;
      }
    }
    const rows: number[] = [];
    for (let i = 0; i < inside.length; i++) if (inside[i]) rows.push(i);
    return rows;
  }

  /**
   * Exclusion regions of the given rows (default all): a circle around each source model (each component of
   * multi-component sources) of radius `marginDeg` (default 0.3) plus the model's extent (`spatialExtentDeg`), in
   * the model's frame. Sources without a model get a circle of `marginDeg` at their catalog position.
   */
  exclusionRegions(rows?: readonly number[], marginDeg = 0.3): SkyRegion[] {
    const out: SkyRegion[] = [];
    for (const i of rows ?? Array.from({ length: this.length }, (_, k) => k)) {
      const src = this.makeSource(i);
      let models: SkyModel[];
      try {
        models = src.skyModels();
      } catch (e) {
        if (!(e instanceof GammatsError)) throw e;
        const p = src.position;
        out.push({ kind: "circle", center: p, radius: marginDeg });
        continue;
      }
      for (const m of models) {
        const spatial = m.spatialModel as SpatialModel;
        const pos = spatial.position ?? src.position;
        out.push({ kind: "circle", center: pos, radius: marginDeg + spatialExtentDeg(spatial) });
      }
    }
    return out;
  }

  /** The model variants sources accept as `which` (e.g. `pl`, `ecpl` for the HGPS); empty when there are none. */
  get whichOptions(): readonly string[] {
    return [];
  }

  /** Throws `BAD_ARGUMENT` unless `which` is one of `whichOptions`. */
  checkWhich(which: string): void {
    if (!this.whichOptions.includes(which))
      throw catalogError(
        "BAD_ARGUMENT",
        `unknown model variant '${which}' for ${this.tag}`,
        "which",
        this.whichOptions.length ? `one of ${this.whichOptions.join(", ")}` : "no variant (this catalog has one model)",
      );
  }

  /**
   * Models of the given rows (default all), as Gammapy's `to_models`: each source's `skyModels(which)` (usually
   * one), with the models of each row in `bySource`. Sources that have no model (no spectrum in the catalog, a
   * missing template, no such variant) are skipped and reported in `skipped` with the reason.
   */
  toModels(rows?: readonly number[], which?: string): CatalogModels {
    if (which !== undefined) this.checkWhich(which);
    const bySource: Array<{ row: number; models: SkyModel[] }> = [];
    const skipped: Array<{ name: string; reason: string }> = [];
    for (const row of rows ?? Array.from({ length: this.length }, (_, k) => k)) {
      const src = this.makeSource(row);
      try {
        bySource.push({ row, models: src.skyModels(which) });
      } catch (e) {
        if (!(e instanceof GammatsError)) throw e;
        skipped.push({ name: src.name, reason: reasonOf(e) });
      }
    }
    return { models: new Models(bySource.flatMap((s) => s.models)), bySource, skipped };
  }
}

/** The message of a typed error without its location prefix and code suffix (the reason alone). */
function reasonOf(e: GammatsError): string {
  const where = formatPath(e.path);
  const text = where && e.message.startsWith(`${where}: `) ? e.message.slice(where.length + 2) : e.message;
  return text.replace(/ \[[A-Z_]+\]$/, "");
}

/** 95% containment radius of a 2D Gaussian in units of its sigma. */
const GAUSS_R95 = gauss2dContainmentRadius(0.95);

/**
 * Angular extent (deg) of a spatial model for exclusion regions: 0 for a point source, the 95% containment radius
 * (2.45 sigma) of a Gaussian, the radius of a disk, the outer radius of a shell, half the width of a template.
 */
export function spatialExtentDeg(model: SpatialModel): number {
  const p = model.parameters;
  switch (model.tag) {
    case "PointSpatialModel":
      return 0;
    case "GaussianSpatialModel":
    case "GeneralizedGaussianSpatialModel":
      return GAUSS_R95 * p.get(model.tag === "GaussianSpatialModel" ? "sigma" : "r_0").value;
    case "DiskSpatialModel":
    case "Shell2SpatialModel":
      return p.get("r_0").value;
    case "ShellSpatialModel":
      return p.get("radius").value + p.get("width").value;
    default:
      return model.evaluationRadiusDeg ?? 0;
  }
}

/** A small TAN WCS (0.01 deg pixels) centred on a sky position, to test region containment around it. */
function tangentWcs(lon: number, lat: number, frame: Frame): Wcs {
  return new Wcs({ proj: "TAN", frame, crval: [lon, lat], crpix: [1, 1], cdelt: [-0.01, 0.01] });
}

/** The (lon, lat) columns of a catalog table, ICRS, as Gammapy's `_skycoord_from_table`. */
export function positionColumns(table: Table): [string, string] {
  for (const pair of [
    ["RAJ2000", "DEJ2000"],
    ["RA", "DEC"],
    ["ra", "dec"],
    ["RAJ2000", "DECJ2000"],
  ] as const)
    if (table.has(pair[0]) && table.has(pair[1])) return [pair[0], pair[1]];
  throw catalogError("BAD_CATALOG", "no RA/DEC columns", "RAJ2000", "RAJ2000/DEJ2000, RA/DEC or ra/dec");
}

/** Base of catalog sources: row access with units, and the models built from them. */
export abstract class CatalogSource {
  readonly catalog: SourceCatalog;
  /** Row index in the catalog table. */
  readonly rowIndex: number;

  constructor(catalog: SourceCatalog, rowIndex: number) {
    this.catalog = catalog;
    this.rowIndex = rowIndex;
  }

  /** Source name (trimmed). */
  get name(): string {
    return this.str(this.catalog.nameColumn);
  }

  /** Position (deg, ICRS). */
  get position(): SkyCoord {
    const [lon, lat] = positionColumns(this.catalog.table);
    return { lon: this.num(lon, "deg"), lat: this.num(lat, "deg"), frame: "icrs" };
  }

  /** Whether the table has a column. */
  has(column: string): boolean {
    return this.catalog.table.has(column);
  }

  /** A string cell, trimmed. */
  str(column: string): string {
    return String(this.catalog.table.strings(column)[this.rowIndex] ?? "").trim();
  }

  /**
   * A scalar numeric cell converted from the column's unit to `unit` (no conversion when `unit` is omitted), as the
   * value Gammapy 1.0 puts into a model: in FITS catalogs a NaN cell reads as 0 (astropy masks NaN cells of FITS
   * float columns, and a masked value becomes 0 in a quantity or a parameter). Use `raw` for the NaN.
   */
  num(column: string, unit?: string): number {
    const v = this.raw(column, unit);
    return Number.isNaN(v) && this.catalog.nanScalarsAreZero ? 0 : v;
  }

  /** A scalar numeric cell converted to `unit`, NaN kept. */
  raw(column: string, unit?: string): number {
    return this.vector(column, unit)[0];
  }

  /** A vector cell (all elements, C order) converted from the column's unit to `unit`. */
  vector(column: string, unit?: string): Float64Array {
    const t = this.catalog.table;
    const col = t.column(column);
    const per = cellSize(col);
    const data = col.data;
    if (Array.isArray(data))
      throw catalogError(
        "BAD_CATALOG",
        `column '${column}' holds strings`,
        column,
        "numbers",
        this.catalog.options.file,
      );
    const out = new Float64Array(per);
    for (let k = 0; k < per; k++) out[k] = Number(data[this.rowIndex * per + k]);
    if (unit !== undefined) {
      const from = standardiseUnit(col.unit);
      let factor: number;
      try {
        factor = unitConversionFactor(from, unit);
      } catch {
        throw catalogError(
          "BAD_CATALOG",
          `column '${column}' has unit '${col.unit ?? ""}'`,
          column,
          `a unit convertible to '${unit}'`,
          this.catalog.options.file,
        );
      }
      if (factor !== 1) for (let k = 0; k < per; k++) out[k] *= factor;
    }
    return out;
  }

  /** The source's spectral model (Gammapy's `spectral_model()`). */
  abstract spectralModel(): SpectralModel;

  /** The source's spatial model (Gammapy's `spatial_model()`). */
  abstract spatialModel(): SpatialModel;

  /** The source's sky model, named after the source (Gammapy's `sky_model()`). */
  skyModel(): SkyModel {
    return this.skyModelOf(this.spectralModel(), this.spatialModel());
  }

  /** A sky model of the given parts, named after the source unless `name` is given. */
  protected skyModelOf(spectralModel: SpectralModel, spatialModel: SpatialModel, name = this.name): SkyModel {
    return new SkyModel({ name, spectralModel, spatialModel });
  }

  /**
   * The models that represent the source in `toModels`: one, or its components for multi-component sources;
   * `which` chooses among the catalog's model variants (`SourceCatalog.whichOptions`).
   */
  skyModels(which?: string): SkyModel[] {
    if (which !== undefined) this.catalog.checkWhich(which);
    return [this.skyModel()];
  }

  /** Flux points, when the catalog has them for this source (else undefined). */
  fluxPoints(): FluxPoints | undefined {
    return undefined;
  }

  /** Light curve, when the catalog has one for this source (else undefined). */
  lightCurve(): LightCurve | undefined {
    return undefined;
  }

  /** A `CATALOG_NO_MODEL` error for this source. */
  protected noModel(message: string, key: string, expected?: string): GammatsError {
    return catalogError("CATALOG_NO_MODEL", `${this.name}: ${message}`, key, expected, this.catalog.options.file);
  }
}
