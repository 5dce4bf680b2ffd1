/**
 * HAWC catalogs 2HWC and 3HWC (ECSV tables of gammapy-data), as Gammapy's `SourceCatalog2HWC` and
 * `SourceCatalog3HWC`: power laws at 7 TeV, point sources or disks in galactic coordinates, position errors from
 * the 1-sigma position uncertainty.
 */
import { DiskSpatialModel, PointSpatialModel, type SpatialModel } from "../modeling/spatial.js";
import { PowerLaw, type SpectralModel } from "../modeling/spectral.js";
import { readEcsv } from "../util/ecsv.js";
import { type CatalogOptions, CatalogSource, SourceCatalog, setErrors, spectralWithErrors } from "./core.js";

const D2R = Math.PI / 180;
const DIFF = "cm-2 s-1 TeV-1";
/** Reference energy of the HAWC spectra (TeV). */
export const HAWC_REFERENCE_TEV = 7;

/** Base of the HAWC sources: galactic position with errors pos_err (lat) and pos_err / cos(glat) (lon). */
abstract class HawcSource extends CatalogSource {
  /** Point source, or a disk of the test radius, with the position errors. */
  protected positionModel(radiusDeg: number): SpatialModel {
    const glon = this.num("glon", "deg");
    const glat = this.num("glat", "deg");
    const model =
      radiusDeg > 0
        ? new DiskSpatialModel({ lon_0: glon, lat_0: glat, r_0: radiusDeg }, "galactic")
        : new PointSpatialModel({ lon_0: glon, lat_0: glat }, "galactic");
    const posErr = this.num("pos_err", "deg");
    setErrors(model, { lat_0: posErr, lon_0: posErr / Math.cos(glat * D2R) });
    return model;
  }
}

/** Which 2HWC analysis: the point-source fit, or the extended one (a disk of the tested radius). */
export type Which2HWC = "point" | "extended";

/** One source of the 2HWC catalog. */
export class Source2HWC extends HawcSource {
  /** Number of spectral fits (1, or 2 when an extended-source fit exists). */
  get nModels(): number {
    return this.has("spec1_dnde") && !Number.isNaN(this.num("spec1_dnde")) ? 2 : 1;
  }

  private index(which: Which2HWC): number {
    if (which === "point") return 0;
    if (which === "extended" && this.nModels === 2) return 1;
    throw this.noModel(
      which === "extended" ? "no extended-source analysis" : `unknown analysis '${String(which)}'`,
      "which",
      "'point', or 'extended' for sources with spec1 values",
    );
  }

  /** Power law at 7 TeV with index -spec{i}_index (i = 0 point, 1 extended) and the catalog's errors. */
  spectralModel(which: Which2HWC = "point"): SpectralModel {
    const i = this.index(which);
    return spectralWithErrors(
      PowerLaw,
      { reference: HAWC_REFERENCE_TEV, amplitude: this.num(`spec${i}_dnde`, DIFF), index: -this.num(`spec${i}_index`) },
      { amplitude: this.num(`spec${i}_dnde_err`, DIFF), index: this.num(`spec${i}_index_err`) },
    );
  }

  /** Point source (`point`), or a disk of radius spec1_radius (`extended`), in galactic coordinates. */
  spatialModel(which: Which2HWC = "point"): SpatialModel {
    const i = this.index(which);
    return this.positionModel(i === 0 ? 0 : this.num(`spec${i}_radius`, "deg"));
  }

  /** The sky model of one analysis (default the point-source one). */
  override skyModel(which: Which2HWC = "point") {
    return this.skyModelOf(this.spectralModel(which), this.spatialModel(which));
  }

  override skyModels(which?: string) {
    if (which !== undefined) this.catalog.checkWhich(which);
    return [this.skyModel((which ?? "point") as Which2HWC)];
  }
}

/** One source of the 3HWC catalog. */
export class Source3HWC extends HawcSource {
  /** Whether the source was fitted as a point source (test radius 0). */
  get isPointlike(): boolean {
    return this.num("spec0_radius", "deg") === 0;
  }

  /**
   * Power law at 7 TeV with index -spec0_index; errors are the means of the asymmetric errors. Throws
   * `CATALOG_NO_MODEL` for the source without a spectral measurement (3HWC J0659+147; Gammapy gives NaN values).
   */
  spectralModel(): SpectralModel {
    if (Number.isNaN(this.num("spec0_dnde")))
      throw this.noModel("the catalog has no spectral measurement", "spec0_dnde", "a measured flux");
    return spectralWithErrors(
      PowerLaw,
      { reference: HAWC_REFERENCE_TEV, amplitude: this.num("spec0_dnde", DIFF), index: -this.num("spec0_index") },
      {
        index: 0.5 * (this.num("spec0_index_errp") + Math.abs(this.num("spec0_index_errn"))),
        amplitude: 0.5 * (this.num("spec0_dnde_errp", DIFF) + Math.abs(this.num("spec0_dnde_errn", DIFF))),
      },
    );
  }

  /** Point source, or a disk of radius spec0_radius, in galactic coordinates. */
  spatialModel(): SpatialModel {
    const radius = this.num("spec0_radius", "deg");
    if (Number.isNaN(radius)) throw this.noModel("the catalog has no test radius", "spec0_radius", "a radius");
    return this.positionModel(radius);
  }
}

/** The 2HWC catalog (40 sources; Abeysekara et al. 2017, ApJ 843, 40), from its ECSV file. */
export class SourceCatalog2HWC extends SourceCatalog<Source2HWC> {
  readonly tag = "2hwc";
  readonly description = "2HWC catalog from the HAWC observatory";
  readonly nanScalarsAreZero = false;

  override get whichOptions(): readonly Which2HWC[] {
    return ["point", "extended"];
  }

  /** Reads the catalog from the ECSV text. */
  constructor(ecsvText: string, options: CatalogOptions = {}) {
    super(readEcsv(ecsvText, options.file), "source_name", [], options);
  }

  protected makeSource(row: number): Source2HWC {
    return new Source2HWC(this, row);
  }
}

/** The 3HWC catalog (65 sources; Albert et al. 2020, ApJ 905, 76), from its ECSV file. */
export class SourceCatalog3HWC extends SourceCatalog<Source3HWC> {
  readonly tag = "3hwc";
  readonly description = "3HWC catalog from the HAWC observatory";
  readonly nanScalarsAreZero = false;

  /** Reads the catalog from the ECSV text. */
  constructor(ecsvText: string, options: CatalogOptions = {}) {
    super(readEcsv(ecsvText, options.file), "source_name", [], options);
  }

  protected makeSource(row: number): Source3HWC {
    return new Source3HWC(this, row);
  }
}
