/**
 * The first LHAASO catalog (1LHAASO_catalog.fits; Cao et al. 2024, ApJS 271, 25). Gammapy 1.0 has no reader for it;
 * this follows Gammapy 1.2's `SourceCatalog1LHAASO` and the paper's columns: each source has one or two components
 * (`Model_a`, `Model_b`: the KM2A analysis above 25 TeV and the WCDA analysis at 1-25 TeV), each a power law at E0
 * with a Gaussian of sigma r39 (the 39% containment radius of a 2D Gaussian is its sigma) or, when only an upper
 * limit on r39 is given, a point source. Position errors are the 95% position uncertainty scaled to 1 sigma.
 * Positions are given in FK5 (J2000) and converted to ICRS (a ~20 mas frame bias).
 */
import { fk5ToIcrs } from "../coords/frames.js";
import type { FitsFile } from "../fits/file.js";
import { readTable } from "../fits/table-io.js";
import type { SkyModel } from "../modeling/models.js";
import { GaussianSpatialModel, PointSpatialModel, type SpatialModel } from "../modeling/spatial.js";
import { PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import {
  type CatalogOptions,
  CatalogSource,
  gauss2dContainmentRadius,
  SourceCatalog,
  setErrors,
  spectralWithErrors,
} from "./core.js";

const D2R = Math.PI / 180;
const DIFF = "cm-2 s-1 TeV-1";

/** The 1LHAASO analyses (detector arrays). */
export type Which1LHAASO = "KM2A" | "WCDA";

/** One source of 1LHAASO. */
export class Source1LHAASO extends CatalogSource {
  /** The analyses of the source (`Model_a` first, then `Model_b` when present). */
  get components(): Which1LHAASO[] {
    return [this.str("Model_a"), this.str("Model_b")].filter((m): m is Which1LHAASO => m === "KM2A" || m === "WCDA");
  }

  private suffix(which: Which1LHAASO | undefined): string {
    const w = which ?? this.components[0];
    if (w !== undefined && this.str("Model_a").includes(w)) return "";
    if (w !== undefined && this.str("Model_b").includes(w)) return "_b";
    throw this.noModel(`no ${String(w)} component`, "which", this.components.join(" or "));
  }

  /** A component's value in `unit`, replaced by its upper limit (`<name>_ul`) when missing or zero. */
  private parse(name: string, which: Which1LHAASO | undefined, unit?: string): { value: number; isUl: boolean } {
    const tag = this.suffix(which);
    const value = this.num(`${name}${tag}`, unit);
    if ((Number.isNaN(value) || value === 0) && this.has(`${name}_ul${tag}`))
      return { value: this.num(`${name}_ul${tag}`, unit), isUl: true };
    return { value, isUl: false };
  }

  /** Whether the component has a measured flux (not only an upper limit). */
  hasComponent(which: Which1LHAASO): boolean {
    return this.components.includes(which) && !this.parse("N0", which).isUl;
  }

  /** Power law at E0 (TeV) of one component (default `Model_a`), with the catalog's errors. */
  spectralModel(which?: Which1LHAASO): SpectralModel {
    const get = (name: string, unit?: string) => this.parse(name, which, unit).value;
    return spectralWithErrors(
      PowerLaw,
      { reference: get("E0", "TeV"), amplitude: get("N0", DIFF), index: get("gamma") },
      { amplitude: get("N0_err", DIFF), index: get("gamma_err") },
    );
  }

  /**
   * Gaussian (sigma = r39) or, when r39 is only an upper limit, point source of one component (default `Model_a`),
   * ICRS; errors pos_err / 2.448 (95% radius to 1 sigma) in latitude and that / cos(dec) in longitude.
   */
  spatialModel(which?: Which1LHAASO): SpatialModel {
    const tag = this.suffix(which);
    const ra = this.num(`RAJ2000${tag}`, "deg");
    const dec = this.num(`DECJ2000${tag}`, "deg");
    const icrs = fk5ToIcrs([ra], [dec]);
    const pos = { lon_0: icrs.ra[0], lat_0: icrs.dec[0] };
    const r39 = this.parse("r39", which, "deg");
    const model = r39.isUl
      ? new PointSpatialModel(pos, "icrs")
      : new GaussianSpatialModel({ ...pos, sigma: r39.value }, "icrs");
    const posErr = this.num(`pos_err${tag}`, "deg") / gauss2dContainmentRadius(0.95);
    setErrors(model, { lat_0: posErr, lon_0: posErr / Math.cos(dec * D2R) });
    return model;
  }

  /** The sky model of one component (default `Model_a`); throws `CATALOG_NO_MODEL` when it has only a flux limit. */
  override skyModel(which?: Which1LHAASO): SkyModel {
    if (this.parse("N0", which).isUl)
      throw this.noModel(`the ${which ?? this.components[0]} component has only a flux upper limit`, "N0");
    return this.skyModelOf(this.spectralModel(which), this.spatialModel(which));
  }

  override skyModels(which?: string): SkyModel[] {
    if (which !== undefined) this.catalog.checkWhich(which);
    return [this.skyModel(which as Which1LHAASO | undefined)];
  }
}

/** The 1LHAASO catalog (90 sources). */
export class SourceCatalog1LHAASO extends SourceCatalog<Source1LHAASO> {
  readonly tag = "1lhaaso";
  readonly description = "1LHAASO catalog from the LHAASO observatory";
  readonly nanScalarsAreZero = true;

  override get whichOptions(): readonly Which1LHAASO[] {
    return ["KM2A", "WCDA"];
  }

  /** Reads the catalog from its FITS file (first extension). */
  constructor(fits: FitsFile, options: CatalogOptions = {}) {
    super(readTable(fits.table(1)), "Source_Name", [], { file: fits.name, ...options });
  }

  protected makeSource(row: number): Source1LHAASO {
    return new Source1LHAASO(this, row);
  }
}
