/**
 * Reading GADF DL3 IRF HDUs (AEFF_2D, EDISP_2D, PSF_TABLE, PSF_3GAUSS, PSF_KING, BKG_2D, BKG_3D, RAD_MAX_2D) from
 * binary tables: axes from the `<PREFIX>_LO/_HI` columns (energies converted to TeV, angles to deg), data from the
 * single-row data column with its TDIM, arranged in the axis order each IRF class uses — the same way Gammapy 1.0
 * does (including its reading of background tables stored in (DETX, DETY, ENERG) order).
 */
import type { BinTableHdu } from "../fits/bintable.js";
import { headerMeta } from "../fits/table-io.js";
import { MapAxis } from "../maps/axis.js";
import { type ErrorPath, GammatsError } from "../util/errors.js";
import type { InterpScale } from "../util/interpolate.js";
import { shapeSize, transpose } from "../util/ndarray.js";
import type { MetaValue } from "../util/table.js";
import { angleFactorToDeg, energyFactorToTeV } from "../util/units.js";
import { Background2D, Background3D } from "./background.js";
import { EnergyDispersion2D } from "./edisp.js";
import { EffectiveAreaTable2D } from "./effective-area.js";
import { type FovAlignment, type Irf, isPointlikeMeta } from "./irf.js";
import { EnergyDependentMultiGaussPSF, PSF3D, PSFKing } from "./psf.js";
import { RadMax2D } from "./rad-max.js";

/** Error for IRF tables that do not follow GADF. */
export class IrfFormatError extends GammatsError {
  constructor(message: string, path: ErrorPath, expected?: string) {
    super("BAD_IRF", message, path, expected);
    this.name = "IrfFormatError";
  }
}

/** How each GADF column prefix becomes an axis (Gammapy's IRF_DL3_AXES_SPECIFICATION). */
const AXIS_SPEC: Readonly<Record<string, { name: string; interp: InterpScale; kind: "energy" | "angle" | "none" }>> = {
  THETA: { name: "offset", interp: "lin", kind: "angle" },
  ENERG: { name: "energy_true", interp: "log", kind: "energy" },
  ETRUE: { name: "energy_true", interp: "log", kind: "energy" },
  RAD: { name: "rad", interp: "lin", kind: "angle" },
  DETX: { name: "fov_lon", interp: "lin", kind: "angle" },
  DETY: { name: "fov_lat", interp: "lin", kind: "angle" },
  MIGRA: { name: "migra", interp: "lin", kind: "none" },
};

/** IRF class by the default EXTNAME Gammapy writes, for files without HDUCLAS4. */
const EXTNAME_CLASS: Readonly<Record<string, string>> = {
  "EFFECTIVE AREA": "aeff_2d",
  "ENERGY DISPERSION": "edisp_2d",
  PSF_2D_TABLE: "psf_table",
  PSF_2D_GAUSS: "psf_3gauss",
  PSF_2D_KING: "psf_king",
  RAD_MAX: "rad_max_2d",
};

/** Any IRF gammats reads. */
export type AnyIrf =
  | EffectiveAreaTable2D
  | EnergyDispersion2D
  | PSF3D
  | EnergyDependentMultiGaussPSF
  | PSFKing
  | Background3D
  | Background2D
  | RadMax2D;

/** Axes found in an IRF table, in column order. */
export function readIrfAxes(hdu: BinTableHdu, isBackground = false): MapAxis[] {
  const hduclas2 = String(hdu.header.get("HDUCLAS2") ?? (isBackground ? "BKG" : ""))
    .trim()
    .toUpperCase();
  const axes: MapAxis[] = [];
  for (const col of hdu.columns) {
    const m = /^(.*)_LO$/i.exec(col.name);
    if (!m) continue;
    const prefix = m[1].toUpperCase();
    const spec = AXIS_SPEC[prefix];
    if (!spec) continue;
    const hiName = `${m[1]}_HI`;
    if (!hdu.hasColumn(hiName))
      throw new IrfFormatError(`column ${col.name} has no matching ${hiName}`, { ...hdu.path, key: hiName });
    const lo = firstRow(hdu, col.name);
    const hi = firstRow(hdu, hiName);
    const factor =
      spec.kind === "energy" ? energyFactorToTeV(col.unit) : spec.kind === "angle" ? angleFactorToDeg(col.unit) : 1;
    const unit = spec.kind === "energy" ? "TeV" : spec.kind === "angle" ? "deg" : "";
    // Background and RAD_MAX tables are binned in reconstructed energy.
    const name = prefix === "ENERG" && (hduclas2 === "BKG" || hduclas2 === "RAD_MAX") ? "energy" : spec.name;
    const same = lo.every((v, i) => Math.abs(v - hi[i]) <= 1e-8 + 1e-5 * Math.abs(hi[i]));
    let axis: MapAxis;
    if (same) {
      axis = MapAxis.fromNodes(
        hi.map((v) => v * factor),
        { name, unit, interp: spec.interp },
      );
    } else {
      const edges = new Float64Array(lo.length + 1);
      for (let i = 0; i < lo.length; i++) edges[i] = lo[i] * factor;
      edges[lo.length] = hi[hi.length - 1] * factor;
      axis = MapAxis.fromEdges(edges, { name, unit, interp: spec.interp });
    }
    axes.push(axis);
  }
  return axes;
}

/** The first-row cell of a column as Float64Array. */
function firstRow(hdu: BinTableHdu, name: string): Float64Array {
  const { data, shape } = hdu.float64(name);
  if (shape[0] < 1) throw new IrfFormatError(`IRF table has no rows`, { ...hdu.path, key: name }, "one row");
  const per = shape.slice(1).reduce((a, b) => a * b, 1);
  return data.slice(0, per);
}

/**
 * The data of a column arranged on `required` axes. The column's C-order cell (reversed TDIM) has the axes in
 * reverse column order; it is transposed to column order and then permuted to the required order. With
 * `gammapyBackgroundOrder`, Gammapy 1.0's background rule applies instead: use the transposed cell if its shape
 * matches the required shape, otherwise the raw cell.
 */
function readData(
  hdu: BinTableHdu,
  column: string,
  axes: MapAxis[],
  required: readonly string[],
  gammapyBackgroundOrder = false,
): Float64Array {
  const path = { ...hdu.path, key: column };
  const { data } = hdu.float64(column);
  const info = hdu.columnInfo(column);
  for (const n of required) {
    if (!axes.some((a) => a.name === n))
      throw new IrfFormatError(`IRF table has no axis ${n}`, path, `axes ${required.join(", ")}`);
  }
  const used = axes.filter((a) => required.includes(a.name));
  const colOrder = used.map((a) => a.name);
  const axesReversed = used.map((a) => a.nbin).reverse();
  const size = shapeSize(axesReversed);
  if (data.length < size) throw new IrfFormatError(`data column has ${data.length} values`, path, `${size} values`);
  const rawShape = info.cellShape.length === used.length ? [...info.cellShape] : axesReversed;
  if (shapeSize(rawShape) !== size) {
    throw new IrfFormatError(
      `TDIM ${info.tdim ?? "(none)"} does not fit the axes ${colOrder.join(", ")}`,
      path,
      `${size} values`,
    );
  }
  const cell = data.subarray(0, size);
  const nd = rawShape.length;
  if (gammapyBackgroundOrder) {
    const reqShape = required.map((n) => (used.find((a) => a.name === n) as MapAxis).nbin);
    const reversed = [...rawShape].reverse();
    return reversed.every((d, i) => d === reqShape[i]) ? transpose(cell, rawShape).data : Float64Array.from(cell);
  }
  // raw C-order axes are the column axes reversed: required axis k is raw axis nd - 1 - (its column position)
  const perm = required.map((n) => nd - 1 - colOrder.indexOf(n));
  return transpose(cell, rawShape, perm).data;
}

function commonInit(hdu: BinTableHdu): {
  meta: Record<string, MetaValue>;
  isPointlike: boolean;
  fovAlignment: FovAlignment;
} {
  const meta = headerMeta(hdu.header);
  const fov = String(meta.FOVALIGN ?? "RADEC")
    .trim()
    .toUpperCase();
  return { meta, isPointlike: isPointlikeMeta(meta), fovAlignment: fov === "ALTAZ" ? "ALTAZ" : "RADEC" };
}

function select(axes: MapAxis[], names: readonly string[]): MapAxis[] {
  return names.map((n) => axes.find((a) => a.name === n) as MapAxis);
}

function dataColumn(hdu: BinTableHdu, candidates: readonly string[]): string {
  const c = candidates.find((n) => hdu.hasColumn(n));
  if (!c) throw new IrfFormatError(`no data column`, hdu.path, `one of ${candidates.join(", ")}`);
  return c;
}

/** Unit (Gammapy's default when missing) and float32 flag of a background data column. */
function bkgInit(hdu: BinTableHdu, column: string): { unit: string; interp: { float32Values: boolean } } {
  const info = hdu.columnInfo(column);
  return { unit: info.unit || "s-1 MeV-1 sr-1", interp: { float32Values: info.tform.type === "E" } };
}

/** Reads any GADF IRF HDU, dispatching on HDUCLAS4 (or the class tag given, e.g. from the HDU index). */
export function readIrf(hdu: BinTableHdu, hduClass?: string): AnyIrf {
  const cls = (hduClass ?? String(hdu.header.get("HDUCLAS4") ?? EXTNAME_CLASS[hdu.name.toUpperCase()] ?? ""))
    .trim()
    .toLowerCase();
  const axes = readIrfAxes(hdu, cls === "bkg_3d" || cls === "bkg_2d");
  const init = commonInit(hdu);
  switch (cls) {
    case "aeff_2d": {
      const req = ["energy_true", "offset"];
      const col = dataColumn(hdu, ["EFFAREA", "SPECRESP"]);
      return new EffectiveAreaTable2D({
        ...init,
        axes: select(axes, req),
        data: readData(hdu, col, axes, req),
        unit: hdu.columnInfo(col).unit,
      });
    }
    case "edisp_2d": {
      const req = ["energy_true", "migra", "offset"];
      return new EnergyDispersion2D({
        ...init,
        axes: select(axes, req),
        data: readData(hdu, "MATRIX", axes, req),
        unit: "",
      });
    }
    case "psf_table": {
      const req = ["energy_true", "offset", "rad"];
      return new PSF3D({
        ...init,
        axes: select(axes, req),
        data: readData(hdu, "RPSF", axes, req),
        unit: hdu.columnInfo("RPSF").unit ?? "sr-1",
      });
    }
    case "psf_3gauss":
    case "psf_king": {
      const req = ["energy_true", "offset"];
      const [eAxis, oAxis] = select(axes, req);
      const names =
        cls === "psf_king"
          ? { gamma: "GAMMA", sigma: "SIGMA" }
          : {
              sigma_1: "SIGMA_1",
              sigma_2: "SIGMA_2",
              sigma_3: "SIGMA_3",
              scale: "SCALE",
              ampl_2: "AMPL_2",
              ampl_3: "AMPL_3",
            };
      const params: Record<string, Float64Array> = {};
      const units: Record<string, string> = {};
      for (const [key, column] of Object.entries(names)) {
        const values = readData(hdu, column, axes, req);
        const unit = hdu.columnInfo(column).unit ?? "";
        if (key.startsWith("sigma")) {
          const f = angleFactorToDeg(unit);
          for (let i = 0; i < values.length; i++) values[i] = values[i] === 0 ? f : values[i] * f;
          units[key] = "deg";
        } else units[key] = unit;
        params[key] = values;
      }
      return cls === "psf_king"
        ? new PSFKing(eAxis, oAxis, params, units, init.meta)
        : new EnergyDependentMultiGaussPSF(eAxis, oAxis, params, units, init.meta);
    }
    case "bkg_3d":
    case "bkg_2d": {
      const is3d = cls === "bkg_3d";
      const req = is3d ? ["energy", "fov_lon", "fov_lat"] : ["energy", "offset"];
      const col = dataColumn(hdu, ["BKG", "BGD"]);
      const bkg = { ...init, ...bkgInit(hdu, col), axes: select(axes, req), data: readData(hdu, col, axes, req, true) };
      return is3d ? new Background3D(bkg) : new Background2D(bkg);
    }
    case "rad_max_2d": {
      const req = ["energy", "offset"];
      const data = readData(hdu, "RAD_MAX", axes, req);
      const f = angleFactorToDeg(hdu.columnInfo("RAD_MAX").unit);
      for (let i = 0; i < data.length; i++) data[i] *= f;
      return new RadMax2D({ ...init, axes: select(axes, req), data, unit: "deg" });
    }
    default:
      throw new IrfFormatError(
        `unsupported IRF class '${cls}'`,
        { ...hdu.path, key: "HDUCLAS4" },
        "AEFF_2D, EDISP_2D, PSF_TABLE, PSF_3GAUSS, PSF_KING, BKG_2D, BKG_3D or RAD_MAX_2D",
      );
  }
}

/** Type guard helper: whether an IRF is one of the grid IRFs (`Irf` subclasses) rather than a parametric PSF. */
export function isGridIrf(irf: AnyIrf): irf is Extract<AnyIrf, Irf> {
  return "axes" in irf;
}
