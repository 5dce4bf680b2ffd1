/**
 * Spatial models of Gammapy 1.0: surface brightness (sr-1) on the sky, normalised to integrate to one over the sphere
 * (except `ConstantSpatialModel`, which is a constant sr-1 value, and un-normalised templates). Positions and shape
 * angles are in degrees in the model's frame (`icrs` or `galactic`); parameters hold canonical units (deg, sr-1).
 *
 * `integrateGeom` is Gammapy's `SpatialModel.integrate_geom`: model value at pixel centres times the pixel solid angle,
 * with the pixels oversampled by `ceil(pixel size / evaluationBinSizeMinDeg)` (at most 200) within a cutout of width
 * `2 * max(evaluationRadiusDeg, pixel size)` around the model when the model is small compared with the pixels.
 */
import {
  type Frame,
  positionAngleDeg,
  type SkyCoord,
  separationDeg,
  transformArrays,
  transformTo,
} from "../coords/frames.js";
import { MapAxis } from "../maps/axis.js";
import { Wcs } from "../maps/wcs/wcs.js";
import { rint, WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { ArgumentError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import { Parameter, type ParameterSpec, Parameters } from "./parameter.js";
import { erf } from "./spectral-models.js";

/** Largest oversampling factor of `integrateGeom` (Gammapy's `MAX_OVERSAMPLING`). */
export const MAX_OVERSAMPLING = 200;

const D2R = Math.PI / 180;
/** Square degrees per steradian: converts deg-2 to sr-1. */
const DEG2_PER_SR = (180 / Math.PI) ** 2;
/** erf argument scale making `edge_width` the 95% -> 5% drop of the disk edge (Gammapy's constant). */
const EDGE_WIDTH_95 = 2.326174307353347;

/** Base of all spatial models. */
export abstract class SpatialModel {
  /** Gammapy's type name, e.g. `GaussianSpatialModel`. */
  abstract readonly tag: string;
  /** The model's parameters in Gammapy's order (canonical units: deg, sr-1). */
  abstract readonly parameters: Parameters;
  /** Frame of the position parameters and of the coordinates given to `evaluate`. */
  readonly frame: Frame;

  constructor(frame: Frame = "icrs") {
    if (frame !== "icrs" && frame !== "galactic")
      throw new ArgumentError(`unsupported frame '${String(frame)}'`, "frame", "icrs or galactic");
    this.frame = frame;
  }

  /**
   * Surface brightness (sr-1) at sky positions (deg, in the model's `frame`); shapes (n,). Throws for a point source,
   * which has no surface brightness (use `integrateGeom`).
   */
  abstract evaluate(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, out?: Float64Array): Float64Array;

  /** Surface brightness (sr-1) at one position (deg, model frame). */
  at(lonDeg: number, latDeg: number): number {
    return this.evaluate([lonDeg], [latDeg])[0];
  }

  /** Radius (deg) outside which the model is negligible, or null when unbounded (Gammapy's `evaluation_radius`). */
  get evaluationRadiusDeg(): number | null {
    return null;
  }

  /** Smallest pixel size (deg) that resolves the model, or null (Gammapy's `evaluation_bin_size_min`). */
  get evaluationBinSizeMinDeg(): number | null {
    return null;
  }

  /** Centre position (deg, model frame) from `lon_0`/`lat_0`, or null for models without one. */
  get position(): SkyCoord | null {
    return { lon: this.parameters.get("lon_0").value, lat: this.parameters.get("lat_0").value, frame: this.frame };
  }

  /** Surface brightness (sr-1) at the image pixel centres of a geometry; shape (ny * nx), C order. */
  evaluateGeom(geom: WcsGeom, out = new Float64Array(geom.imageSize)): Float64Array {
    const c = geom.imageCoords();
    if (geom.frame === this.frame) return this.evaluate(c.lon, c.lat, out);
    const t = transformArrays(c.lon, c.lat, geom.frame, this.frame);
    return this.evaluate(t.lon, t.lat, out);
  }

  /**
   * Fraction of the model in each image pixel of a geometry (dimensionless; sr-1 for `ConstantSpatialModel` times sr
   * gives its integral), shape (ny * nx), as Gammapy's `integrate_geom`. `oversamplingFactor` overrides the automatic
   * factor (1: plain centre value times solid angle).
   */
  integrateGeom(geom: WcsGeom, out = new Float64Array(geom.imageSize), oversamplingFactor?: number): Float64Array {
    const image = geom.toImage();
    const [sx, sy] = image.pixelScales;
    const pixScale = Math.max(sx, sy);
    let factor = oversamplingFactor;
    if (factor === undefined) {
      const res = this.evaluationBinSizeMinDeg;
      if (res === null) factor = 1;
      else factor = res > 0 ? Math.min(Math.ceil(pixScale / res), MAX_OVERSAMPLING) : MAX_OVERSAMPLING;
    }
    if (!(Number.isInteger(factor) && factor >= 1))
      throw new ArgumentError(`invalid oversampling factor ${factor}`, "oversamplingFactor", "a positive integer");
    if (factor > 1) {
      out.fill(0);
      const radius = this.evaluationRadiusDeg;
      const pos = this.position;
      const [ox, oy, cx, cy] =
        radius !== null && pos !== null
          ? cutoutBox(image, transformTo(pos, image.frame), 2 * Math.max(radius, pixScale))
          : [0, 0, image.npix[0], image.npix[1]];
      const p = image.wcs.params;
      const cut = new WcsGeom(new Wcs({ ...p, crpix: [p.crpix[0] - ox, p.crpix[1] - oy] }), [cx, cy]);
      const up = cut.upsample(factor);
      const values = this.evaluateGeom(up);
      const ux = up.npix[0];
      const nx = image.npix[0];
      const f2 = factor * factor;
      for (let j = 0; j < cy; j++) {
        for (let i = 0; i < cx; i++) {
          let s = 0;
          for (let b = 0; b < factor; b++) {
            const row = (j * factor + b) * ux + i * factor;
            for (let a = 0; a < factor; a++) {
              const v = values[row + a] / f2;
              if (Number.isFinite(v)) s += v;
            }
          }
          out[(j + oy) * nx + i + ox] += s;
        }
      }
    } else {
      this.evaluateGeom(image, out);
    }
    const sa = image.solidAngle();
    for (let i = 0; i < out.length; i++) out[i] *= sa[i];
    return out;
  }
}

/**
 * Pixel box [x0, y0, nx, ny] of Gammapy's `WcsGeom.cutout(position, width)` (astropy's Cutout2D, mode "trim"): the
 * size rounded to whole pixels, edges at ceil(pos -+ size / 2), trimmed to the image. The position's pixel coordinate
 * is snapped to a multiple of 1/2 when within 1e-9 of it, so that a source at a pixel edge or centre (e.g. at the
 * centre of a geometry made around it) gets the box of the exact coordinate, as astropy does, whatever the last bits
 * of the WCS transformation.
 */
function cutoutBox(image: WcsGeom, pos: SkyCoord, widthDeg: number): [number, number, number, number] {
  const { x, y } = image.skyToPix([pos.lon], [pos.lat]);
  const [sx, sy] = image.pixelScales;
  const box: number[] = [];
  const sizes = [rint(Math.max(1, widthDeg / sx)), rint(Math.max(1, widthDeg / sy))];
  for (const [k, p0] of [x[0], y[0]].entries()) {
    const half = Math.round(2 * p0) / 2;
    const p = Math.abs(p0 - half) < 1e-9 ? half : p0;
    const lo = Math.max(0, Math.ceil(p - sizes[k] / 2));
    const hi = Math.min(image.npix[k], Math.ceil(p + sizes[k] / 2));
    if (!(hi > lo)) throw new ArgumentError("the model's cutout does not overlap the geometry", "geom");
    box.push(lo, hi - lo);
  }
  return [box[0], box[2], box[1], box[3]];
}

/** Values of named parameters (canonical units) to override a model's defaults, or the parameter objects to use. */
export type SpatialParameterValues = Readonly<Record<string, number>> | readonly Parameter[];

/**
 * Builds a model's parameters: the defaults overridden by `values` (canonical units), or the given parameter objects
 * (must match the defaults' names and order, e.g. from YAML or to link parameters).
 */
export function buildParameters(defaults: readonly ParameterSpec[], values: SpatialParameterValues = {}): Parameters {
  if (Array.isArray(values)) {
    const params = values as readonly Parameter[];
    if (params.length !== defaults.length || params.some((p, i) => p.name !== defaults[i].name))
      throw new ArgumentError(
        `parameters ${params.map((p) => p.name).join(", ")} do not match ${defaults.map((d) => d.name).join(", ")}`,
        "parameters",
        defaults.map((d) => d.name).join(", "),
      );
    return new Parameters(params);
  }
  const v = values as Readonly<Record<string, number>>;
  for (const name of Object.keys(v))
    if (!defaults.some((d) => d.name === name))
      throw new ArgumentError(`unknown parameter '${name}'`, name, defaults.map((d) => d.name).join(", "));
  return new Parameters(defaults.map((d) => new Parameter(v[d.name] === undefined ? d : { ...d, value: v[d.name] })));
}

const LON_0: ParameterSpec = { name: "lon_0", value: 0, unit: "deg" };
const LAT_0: ParameterSpec = { name: "lat_0", value: 0, unit: "deg", min: -90, max: 90 };
const E_FROZEN: ParameterSpec = { name: "e", value: 0, min: 0, max: 1, frozen: true };
const PHI_FROZEN: ParameterSpec = { name: "phi", value: 0, unit: "deg", frozen: true };

/**
 * Effective radius (deg) of an ellipse of semi-major axis `majorDeg`, eccentricity `e` and position angle `phiDeg`
 * in the direction of (lon, lat) seen from the centre (Gammapy's `compute_sigma_eff`).
 */
function sigmaEffDeg(
  lon0: number,
  lat0: number,
  lon: number,
  lat: number,
  phiDeg: number,
  majorDeg: number,
  minorDeg: number,
): number {
  const dPhi = (phiDeg - positionAngleDeg(lon0, lat0, lon, lat)) * D2R;
  const a = majorDeg * Math.sin(dPhi);
  const b = minorDeg * Math.cos(dPhi);
  return (majorDeg * minorDeg) / Math.sqrt(a * a + b * b);
}

/** Point source. Parameters: lon_0, lat_0 (deg). */
export class PointSpatialModel extends SpatialModel {
  readonly tag = "PointSpatialModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [LON_0, LAT_0];
  readonly parameters: Parameters;

  /** A point source with parameter values (deg) overriding the defaults, in `frame`. */
  constructor(values?: SpatialParameterValues, frame?: Frame) {
    super(frame);
    this.parameters = buildParameters(PointSpatialModel.defaults, values);
  }

  override get evaluationRadiusDeg(): number {
    return 0;
  }
  override get evaluationBinSizeMinDeg(): number {
    return 0;
  }

  /** A point source has no surface brightness: throws `ArgumentError` (use `integrateGeom` or `evaluateGeom`). */
  evaluate(_lonDeg: ArrayLike<number>, _latDeg: ArrayLike<number>, _out?: Float64Array): Float64Array {
    throw new ArgumentError("a point source has no surface brightness; use integrateGeom", "evaluate");
  }

  /** Integrated flux fraction divided by the pixel solid angle (sr-1), as Gammapy. */
  override evaluateGeom(geom: WcsGeom, out = new Float64Array(geom.imageSize)): Float64Array {
    this.integrateGeom(geom, out);
    const sa = geom.solidAngle();
    for (let i = 0; i < out.length; i++) out[i] /= sa[i];
    return out;
  }

  /**
   * The source spread over the (up to) four pixels around its position with bilinear weights
   * (1 - |x - x0|)(1 - |y - y0|), which preserve the centroid (Gammapy's `_grid_weights`).
   */
  override integrateGeom(geom: WcsGeom, out = new Float64Array(geom.imageSize)): Float64Array {
    const p = this.parameters.values;
    const { x, y } = geom.skyToPix([p[0]], [p[1]], this.frame);
    const [nx, ny] = geom.npix;
    for (let j = 0; j < ny; j++) {
      const dy = Math.abs(j - y[0]);
      const wy = dy < 1 ? 1 - dy : 0;
      for (let i = 0; i < nx; i++) {
        const dx = Math.abs(i - x[0]);
        out[j * nx + i] = (dx < 1 ? 1 - dx : 0) * wy;
      }
    }
    return out;
  }
}

/**
 * Gaussian on the sphere: for e = 0, exp(-(1 - cos sep) / (2a)) with a = 1 - cos(sigma), normalised on the sphere;
 * elongated (e > 0) with the effective sigma along each direction and the flat normalisation 1 / (2 pi sigma minor).
 * Parameters: lon_0, lat_0, sigma (deg), e, phi (deg, east of north).
 */
export class GaussianSpatialModel extends SpatialModel {
  readonly tag = "GaussianSpatialModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    LON_0,
    LAT_0,
    { name: "sigma", value: 1, unit: "deg", min: 0 },
    E_FROZEN,
    PHI_FROZEN,
  ];
  readonly parameters: Parameters;

  /** A Gaussian with parameter values (canonical units) overriding the defaults, in `frame`. */
  constructor(values?: SpatialParameterValues, frame?: Frame) {
    super(frame);
    this.parameters = buildParameters(GaussianSpatialModel.defaults, values);
  }

  /** sigma / 3. */
  override get evaluationBinSizeMinDeg(): number {
    return this.parameters.at(2).value / 3;
  }
  /** 5 sigma. */
  override get evaluationRadiusDeg(): number {
    return 5 * this.parameters.at(2).value;
  }

  evaluate(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    const [lon0, lat0, sigma, e, phi] = this.parameters.values;
    if (e === 0) {
      const a = 1 - Math.cos(sigma * D2R);
      const norm = 1 / (4 * Math.PI * a * (1 - Math.exp(-1 / a)));
      for (let i = 0; i < lonDeg.length; i++) {
        const sep = separationDeg(lonDeg[i], latDeg[i], lon0, lat0) * D2R;
        out[i] = norm * Math.exp(-0.5 * ((1 - Math.cos(sep)) / a));
      }
      return out;
    }
    const minor = sigma * Math.sqrt(1 - e * e);
    const norm = DEG2_PER_SR / (2 * Math.PI * sigma * minor);
    for (let i = 0; i < lonDeg.length; i++) {
      const sep = separationDeg(lonDeg[i], latDeg[i], lon0, lat0) * D2R;
      const a = 1 - Math.cos(sigmaEffDeg(lon0, lat0, lonDeg[i], latDeg[i], phi, sigma, minor) * D2R);
      out[i] = norm * Math.exp(-0.5 * ((1 - Math.cos(sep)) / a));
    }
    return out;
  }
}

/**
 * The Gamma function for x > 0 (Lanczos approximation, g = 7, n = 9; relative error ~1e-15), with the reflection
 * formula for x < 0.5.
 */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const c = LANCZOS;
  const z = x - 1;
  let s = c[0];
  for (let k = 1; k < c.length; k++) s += c[k] / (z + k);
  const t = z + 7.5;
  return Math.sqrt(2 * Math.PI) * t ** (z + 0.5) * Math.exp(-t) * s;
}

const LANCZOS = [
  0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406, 12.507343278686905,
  -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
];

/**
 * Generalised Gaussian: exp(-(sep / r_eff)^(1 / eta)) / (2 pi minor r_0 eta Gamma(2 eta)) with r_eff the effective
 * radius of the ellipse (r_0, e, phi). Parameters: lon_0, lat_0, r_0 (deg), eta (0.01..1), e, phi (deg).
 */
export class GeneralizedGaussianSpatialModel extends SpatialModel {
  readonly tag = "GeneralizedGaussianSpatialModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    LON_0,
    LAT_0,
    { name: "r_0", value: 1, unit: "deg" },
    { name: "eta", value: 0.5, min: 0.01, max: 1 },
    { name: "e", value: 0, min: 0, max: 1, frozen: true },
    PHI_FROZEN,
  ];
  readonly parameters: Parameters;

  /** A generalised Gaussian with parameter values (canonical units) overriding the defaults, in `frame`. */
  constructor(values?: SpatialParameterValues, frame?: Frame) {
    super(frame);
    this.parameters = buildParameters(GeneralizedGaussianSpatialModel.defaults, values);
  }

  /** r_0 / (3 + 8 eta) / (e + 1). */
  override get evaluationBinSizeMinDeg(): number {
    const [, , r0, eta, e] = this.parameters.values;
    return r0 / (3 + 8 * eta) / (e + 1);
  }
  /** r_0 (1 + 8 eta). */
  override get evaluationRadiusDeg(): number {
    const [, , r0, eta] = this.parameters.values;
    return r0 * (1 + 8 * eta);
  }

  evaluate(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    const [lon0, lat0, r0, eta, e, phi] = this.parameters.values;
    const minor = r0 * Math.sqrt(1 - e * e);
    const norm = DEG2_PER_SR / (2 * Math.PI * minor * r0 * eta * gammaFunction(2 * eta));
    for (let i = 0; i < lonDeg.length; i++) {
      const sep = separationDeg(lonDeg[i], latDeg[i], lon0, lat0) * D2R;
      const z = sep / (sigmaEffDeg(lon0, lat0, lonDeg[i], latDeg[i], phi, r0, minor) * D2R);
      out[i] = norm * Math.exp(-(z ** (1 / eta)));
    }
    return out;
  }
}

/** Gauss-Kronrod 21-point nodes (positive half, centre last) and weights, as QUADPACK's qk21. */
const GK21_X = [
  0.9956571630258081, 0.9739065285171717, 0.9301574913557082, 0.8650633666889845, 0.7808177265864169,
  0.6794095682990244, 0.5627571346686047, 0.4333953941292472, 0.2943928627014602, 0.14887433898163122, 0,
];
const GK21_WK = [
  0.011694638867371874, 0.032558162307964725, 0.054755896574351995, 0.07503967481091996, 0.0931254545836976,
  0.10938715880229764, 0.12349197626206584, 0.13470921731147334, 0.14277593857706009, 0.14773910490133849,
  0.1494455540029169,
];
const GK21_WG = [
  0, 0.06667134430868814, 0, 0.1494513491505806, 0, 0.21908636251598204, 0, 0.26926671930999635, 0, 0.29552422471475287,
  0,
];

/**
 * Integral of a smooth function over [a, b] by adaptive Gauss-Kronrod (21 points): an interval is split while the
 * Gauss and Kronrod estimates differ by more than 1e-10 relative (the Kronrod value is then accurate to ~1e-15; the
 * bound stays above the rounding noise of integrands with cancellation), at most 12 levels deep.
 */
function integrateAdaptive(f: (x: number) => number, a: number, b: number, depth = 0): number {
  const c = 0.5 * (a + b);
  const h = 0.5 * (b - a);
  let k = 0;
  let g = 0;
  for (let i = 0; i < GK21_X.length; i++) {
    const x = GK21_X[i];
    const v = x === 0 ? f(c) : f(c - h * x) + f(c + h * x);
    k += GK21_WK[i] * v;
    g += GK21_WG[i] * v;
  }
  k *= h;
  g *= h;
  if (depth >= 12 || Math.abs(k - g) <= 1e-10 * Math.abs(k)) return k;
  return integrateAdaptive(f, a, c, depth + 1) + integrateAdaptive(f, c, b, depth + 1);
}

/**
 * Disk with a smooth edge: norm * (1 - erf((sep - r_eff) / (r_eff edge_width) * 2.326)) / 2, r_eff the effective
 * radius of the ellipse (r_0, e, phi) and norm the inverse area of the spherical ellipse (Gammapy's quadrature).
 * Parameters: lon_0, lat_0, r_0 (deg), e, phi (deg), edge_width (fraction of r_0).
 */
export class DiskSpatialModel extends SpatialModel {
  readonly tag = "DiskSpatialModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    LON_0,
    LAT_0,
    { name: "r_0", value: 1, unit: "deg", min: 0 },
    E_FROZEN,
    PHI_FROZEN,
    { name: "edge_width", value: 0.01, min: 0, max: 1, frozen: true },
  ];
  readonly parameters: Parameters;

  /** A disk with parameter values (canonical units) overriding the defaults, in `frame`. */
  constructor(values?: SpatialParameterValues, frame?: Frame) {
    super(frame);
    this.parameters = buildParameters(DiskSpatialModel.defaults, values);
  }

  /** r_0 (1 - edge_width) / 10. */
  override get evaluationBinSizeMinDeg(): number {
    const [, , r0, , , w] = this.parameters.values;
    return (r0 * (1 - w)) / 10;
  }
  /** 1.1 r_0 (1 + edge_width). */
  override get evaluationRadiusDeg(): number {
    const [, , r0, , , w] = this.parameters.values;
    return 1.1 * r0 * (1 + w);
  }

  /** Inverse solid angle (sr-1) of the ellipse of semi-axes r_0 and r_0 sqrt(1 - e^2) on the sphere. */
  static normFactor(r0Deg: number, e: number): number {
    const a = r0Deg * D2R;
    const b = r0Deg * Math.sqrt(1 - e * e) * D2R;
    const A = 1 / Math.sin(a) ** 2;
    const B = 1 / Math.sin(b) ** 2;
    const C = A - B;
    const integrand = (x: number) => 1 - Math.sqrt(1 - 1 / (B + C * Math.cos(x) ** 2));
    return 1 / (2 * integrateAdaptive(integrand, 0, Math.PI));
  }

  evaluate(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    const [lon0, lat0, r0, e, phi, w] = this.parameters.values;
    const norm = DiskSpatialModel.normFactor(r0, e);
    const minor = r0 * Math.sqrt(1 - e * e);
    for (let i = 0; i < lonDeg.length; i++) {
      const sep = separationDeg(lonDeg[i], latDeg[i], lon0, lat0) * D2R;
      const reff = e === 0 ? r0 : sigmaEffDeg(lon0, lat0, lonDeg[i], latDeg[i], phi, r0, minor);
      const x = (sep - reff * D2R) / (reff * w * D2R);
      out[i] = norm * 0.5 * (1 - erf(x * EDGE_WIDTH_95));
    }
    return out;
  }
}

/** Projected thin shell between radii rIn and rOut (deg): 3 / (2 pi (rOut^3 - rIn^3)) * chord, in sr-1. */
function shellValues(
  model: SpatialModel,
  rIn: number,
  rOut: number,
  lonDeg: ArrayLike<number>,
  latDeg: ArrayLike<number>,
  out: Float64Array,
): Float64Array {
  const [lon0, lat0] = model.parameters.values;
  const norm = (3 / (2 * Math.PI * (rOut ** 3 - rIn ** 3))) * DEG2_PER_SR;
  for (let i = 0; i < lonDeg.length; i++) {
    const sep = separationDeg(lonDeg[i], latDeg[i], lon0, lat0);
    const s2 = sep * sep;
    let v = 0;
    if (!(sep > rOut)) {
      v = Math.sqrt(rOut * rOut - s2);
      if (sep < rIn) v -= Math.sqrt(rIn * rIn - s2);
    }
    out[i] = norm * v;
  }
  return out;
}

/** Shell (projected uniform spherical shell). Parameters: lon_0, lat_0, radius (inner), width (deg). */
export class ShellSpatialModel extends SpatialModel {
  readonly tag = "ShellSpatialModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    LON_0,
    LAT_0,
    { name: "radius", value: 1, unit: "deg" },
    { name: "width", value: 0.2, unit: "deg" },
  ];
  readonly parameters: Parameters;

  /** A shell with parameter values (deg) overriding the defaults, in `frame`. */
  constructor(values?: SpatialParameterValues, frame?: Frame) {
    super(frame);
    this.parameters = buildParameters(ShellSpatialModel.defaults, values);
  }

  /** The shell width. */
  override get evaluationBinSizeMinDeg(): number {
    return this.parameters.at(3).value;
  }
  /** The outer radius. */
  override get evaluationRadiusDeg(): number {
    return this.parameters.at(2).value + this.parameters.at(3).value;
  }

  evaluate(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    const radius = this.parameters.at(2).value;
    return shellValues(this, radius, radius + this.parameters.at(3).value, lonDeg, latDeg, out);
  }
}

/** Shell with outer radius r_0 (deg) and relative width eta (inner radius (1 - eta) r_0). */
export class Shell2SpatialModel extends SpatialModel {
  readonly tag = "Shell2SpatialModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [
    LON_0,
    LAT_0,
    { name: "r_0", value: 1, unit: "deg" },
    { name: "eta", value: 0.2, min: 0.02, max: 1 },
  ];
  readonly parameters: Parameters;

  /** A shell with parameter values (canonical units) overriding the defaults, in `frame`. */
  constructor(values?: SpatialParameterValues, frame?: Frame) {
    super(frame);
    this.parameters = buildParameters(Shell2SpatialModel.defaults, values);
  }

  /** eta r_0. */
  override get evaluationBinSizeMinDeg(): number {
    return this.parameters.at(3).value * this.parameters.at(2).value;
  }
  /** r_0. */
  override get evaluationRadiusDeg(): number {
    return this.parameters.at(2).value;
  }
  /** Inner radius (deg). */
  get rInDeg(): number {
    return (1 - this.parameters.at(3).value) * this.parameters.at(2).value;
  }

  evaluate(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    return shellValues(this, this.rInDeg, this.parameters.at(2).value, lonDeg, latDeg, out);
  }
}

/** Isotropic model of constant surface brightness `value` (sr-1, frozen). Frame icrs, no position. */
export class ConstantSpatialModel extends SpatialModel {
  readonly tag = "ConstantSpatialModel";
  /** Gammapy's parameter defaults. */
  static readonly defaults: readonly ParameterSpec[] = [{ name: "value", value: 1, unit: "sr-1", frozen: true }];
  readonly parameters: Parameters;

  /** A constant model with `value` (sr-1) overriding the default 1. */
  constructor(values?: SpatialParameterValues) {
    super("icrs");
    this.parameters = buildParameters(ConstantSpatialModel.defaults, values);
  }

  override get position(): null {
    return null;
  }

  evaluate(lonDeg: ArrayLike<number>, _latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    return out.fill(this.parameters.at(0).value, 0, lonDeg.length);
  }
}

/** Constant flux per pixel: `integrateGeom` is 1 in every pixel, `evaluateGeom` 1 / solid angle. No parameters. */
export class ConstantFluxSpatialModel extends SpatialModel {
  readonly tag = "ConstantFluxSpatialModel";
  readonly parameters = new Parameters();

  constructor() {
    super("icrs");
  }

  override get position(): null {
    return null;
  }

  /** 1 sr-1 everywhere (Gammapy's `evaluate`). */
  evaluate(lonDeg: ArrayLike<number>, _latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    return out.fill(1, 0, lonDeg.length);
  }

  /** 1 / pixel solid angle (sr-1). */
  override evaluateGeom(geom: WcsGeom, out = new Float64Array(geom.imageSize)): Float64Array {
    const sa = geom.solidAngle();
    for (let i = 0; i < out.length; i++) out[i] = 1 / sa[i];
    return out;
  }

  /** 1 in every pixel. */
  override integrateGeom(geom: WcsGeom, out = new Float64Array(geom.imageSize)): Float64Array {
    return out.fill(1);
  }
}

/** Options of `TemplateSpatialModel`. */
export interface TemplateSpatialOptions {
  /** Normalise the map to integrate to one (in each true-energy plane of a cube; default true, as Gammapy). */
  readonly normalize?: boolean;
  /** File name written to YAML. */
  readonly filename?: string;
}

/** Canonical units of template values: a surface brightness, or a flux density per solid angle (diffuse cubes). */
const TEMPLATE_UNITS = ["sr-1", "cm-2 s-1 TeV-1 sr-1"] as const;

/**
 * A sky map template: an image, or a cube with an `energy_true` axis (e.g. Fermi-LAT's Galactic diffuse model). With
 * `normalize` each image plane is divided by its sum and by the pixel solid angles (so that it integrates to one;
 * float32 maps keep float32 rounding, as numpy); otherwise its unit must convert to sr-1 (an empty unit is taken as
 * sr-1) or, for diffuse cubes used with a norm spectral model, to cm-2 s-1 TeV-1 sr-1. Evaluation interpolates
 * linearly in pixel coordinates (and in the log-energy pixel coordinate of a cube), 0 outside the pixel-centre grid,
 * negative values clipped to 0. No parameters; position = map centre, frame = map frame.
 */
export class TemplateSpatialModel extends SpatialModel {
  readonly tag = "TemplateSpatialModel";
  readonly parameters = new Parameters();
  /** The template in `unit`, true energies in TeV (after normalisation). */
  readonly map: WcsNDMap;
  readonly normalize: boolean;
  /** Unit of the values: `sr-1` or `cm-2 s-1 TeV-1 sr-1`. */
  readonly unit: (typeof TEMPLATE_UNITS)[number];
  filename: string | undefined;

  /** Template from a WCS image or energy cube map (data copied). */
  constructor(map: WcsNDMap, options: TemplateSpatialOptions = {}) {
    super(map.geom.frame);
    const axes = map.geom.axes;
    if (!(map.geom.isImage || (axes.length === 1 && axes.axes[0].name === "energy_true")))
      throw new ArgumentError(
        `spatial template axes [${axes.names.join(", ")}]`,
        "map",
        "an image, or a cube with one energy_true axis",
      );
    this.normalize = options.normalize ?? true;
    this.filename = options.filename;
    const n = map.data.length;
    const data = new Float64Array(n);
    const f32 = map.data instanceof Float32Array;
    if (this.normalize) {
      const sa = map.geom.solidAngle();
      const npix = sa.length;
      for (let o = 0; o < n; o += npix) {
        let sum = 0;
        for (let i = 0; i < npix; i++) sum += Number(map.data[o + i]);
        if (f32) {
          const s = Math.fround(sum);
          for (let i = 0; i < npix; i++) data[o + i] = Math.fround(Math.fround(Number(map.data[o + i]) / s) / sa[i]);
        } else {
          for (let i = 0; i < npix; i++) data[o + i] = Number(map.data[o + i]) / sum / sa[i];
        }
      }
      this.unit = "sr-1";
    } else {
      const unit = map.unit.trim();
      const target = unit === "" ? "sr-1" : TEMPLATE_UNITS.find((u) => convertible(unit, u));
      if (!target)
        throw new ArgumentError(`spatial template unit '${map.unit}'`, "map.unit", TEMPLATE_UNITS.join(" or "));
      const factor = unit === "" ? 1 : unitConversionFactor(unit, target);
      for (let i = 0; i < n; i++) data[i] = Number(map.data[i]) * factor;
      this.unit = target;
    }
    for (let i = 0; i < n; i++) if (!Number.isFinite(data[i])) data[i] = 0;
    const geom = map.geom.isImage ? map.geom : map.geom.withAxes([canonicalEnergyAxis(axes.axes[0])]);
    this.map = new WcsNDMap(geom, data, this.unit, { ...map.meta });
  }

  /** Whether the template has an energy axis (Gammapy's `is_energy_dependent`). */
  get isEnergyDependent(): boolean {
    return !this.map.geom.isImage;
  }

  /** Half the larger map width. */
  override get evaluationRadiusDeg(): number {
    return Math.max(...this.map.geom.widthDeg) / 2;
  }

  /** The map centre. */
  override get position(): SkyCoord {
    return this.map.geom.centerSkydir;
  }

  /**
   * Bilinear interpolation in pixel coordinates as Gammapy's `WcsNDMap.interp_by_pix`: scipy's grid interpolator
   * extrapolating linearly from the edge cells, then 0 where the nearest pixel index is outside the map (so values
   * within half a pixel beyond the outer pixel centres are extrapolated); negative values clipped to 0. A cube is
   * evaluated in its first plane (use `evaluateAtEnergy`).
   */
  evaluate(lonDeg: ArrayLike<number>, latDeg: ArrayLike<number>, out = new Float64Array(lonDeg.length)): Float64Array {
    return this.evaluateAtEnergy(lonDeg, latDeg, undefined, out);
  }

  /**
   * Values at sky positions (deg, model frame) and, for a cube, one true energy (TeV): trilinear in the pixel
   * coordinates (the energy pixel coordinate in the axis' log scale), 0 where any nearest index is outside the map.
   */
  evaluateAtEnergy(
    lonDeg: ArrayLike<number>,
    latDeg: ArrayLike<number>,
    energyTeV: number | undefined,
    out: Float64Array = new Float64Array(lonDeg.length),
  ): Float64Array {
    const geom = this.map.geom;
    const data = this.map.data as Float64Array;
    const { x, y } = geom.skyToPix(lonDeg, latDeg, this.frame);
    const [nx, ny] = geom.npix;
    const npix = nx * ny;
    // energy: two planes and their weights (a single plane for images)
    let p0 = 0;
    let p1 = 0;
    let te = 0;
    if (this.isEnergyDependent) {
      const axis = geom.axes.axes[0];
      const e = energyTeV ?? axis.center[0];
      const pe = axis.coordToPix([e])[0];
      const ie = rint(pe);
      if (!(ie >= 0 && ie < axis.nbin)) return out.fill(0, 0, lonDeg.length);
      const [e0, t] = edgeCell(pe, axis.nbin);
      p0 = e0 * npix;
      p1 = (axis.nbin > 1 ? e0 + 1 : e0) * npix;
      te = t;
    }
    for (let i = 0; i < x.length; i++) {
      const ix = rint(x[i]);
      const iy = rint(y[i]);
      if (!(ix >= 0 && ix < nx && iy >= 0 && iy < ny)) {
        out[i] = 0;
        continue;
      }
      const [x0, tx] = edgeCell(x[i], nx);
      const [y0, ty] = edgeCell(y[i], ny);
      const x1 = nx > 1 ? x0 + 1 : x0;
      const y1 = ny > 1 ? y0 + 1 : y0;
      const plane = (o: number) =>
        data[o + y0 * nx + x0] * (1 - tx) * (1 - ty) +
        data[o + y1 * nx + x0] * (1 - tx) * ty +
        data[o + y0 * nx + x1] * tx * (1 - ty) +
        data[o + y1 * nx + x1] * tx * ty;
      const v = te === 0 ? plane(p0) : plane(p0) * (1 - te) + plane(p1) * te;
      out[i] = Number.isFinite(v) ? Math.max(v, 0) : 0;
    }
    return out;
  }

  /**
   * Gammapy's `integrate_geom`: the value at each pixel centre times the pixel solid angle; for a cube, per true-energy
   * plane of `geom` (which must have an `energy_true` axis), at the bin centres: shape (nEnergyTrue, ny, nx).
   */
  override integrateGeom(geom: WcsGeom, out?: Float64Array, oversamplingFactor?: number): Float64Array {
    if (!this.isEnergyDependent)
      return super.integrateGeom(geom, out as Float64Array<ArrayBuffer> | undefined, oversamplingFactor);
    if (!geom.axes.has("energy_true"))
      throw new ArgumentError("an energy-dependent template needs a geometry with an energy_true axis", "geom");
    const image = geom.toImage();
    const n = image.imageSize;
    const energy = geom.axes.get("energy_true").center;
    const result = out ?? new Float64Array(energy.length * n);
    let { lon, lat } = image.imageCoords();
    if (image.frame !== this.frame) ({ lon, lat } = transformArrays(lon, lat, image.frame, this.frame));
    const sa = image.solidAngle();
    for (let t = 0; t < energy.length; t++) {
      const plane = result.subarray(t * n, (t + 1) * n);
      this.evaluateAtEnergy(lon, lat, energy[t], plane);
      for (let i = 0; i < n; i++) plane[i] *= sa[i];
    }
    return result;
  }
}

/** Whether a unit converts to another (same dimensions). */
function convertible(from: string, to: string): boolean {
  try {
    unitConversionFactor(from, to);
    return true;
  } catch {
    return false;
  }
}

/** An energy axis with its nodes in TeV. */
function canonicalEnergyAxis(axis: MapAxis): MapAxis {
  if (axis.unit === "TeV") return axis;
  const f = unitConversionFactor(axis.unit || "TeV", "TeV");
  return new MapAxis(
    axis.nodes.map((v) => v * f),
    { name: axis.name, unit: "TeV", interp: axis.interp, nodeType: axis.nodeType },
  );
}

/** Lower cell index (clamped to [0, n - 2]) and the fractional distance (may be outside [0, 1]) of a pixel coordinate. */
function edgeCell(p: number, n: number): [number, number] {
  if (n === 1) return [0, 0];
  let lo = Math.ceil(p) - 1;
  if (lo < 0) lo = 0;
  if (lo > n - 2) lo = n - 2;
  return [lo, p - lo];
}
