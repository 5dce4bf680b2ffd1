/**
 * FITS celestial world coordinate systems (Calabretta & Greisen 2002, as wcslib/astropy): a linear transform
 * (CRPIX, CDELT with PC or CD, or CROTA2), a projection, and the spherical rotation to the celestial frame
 * (CRVAL, LONPOLE, LATPOLE). Pixel coordinates are 0-based with pixel centers at integers (astropy `origin=0`).
 */

import type { Frame } from "../../coords/frames.js";
import { ArgumentError, GammatsError } from "../../util/errors.js";
import { type Projection, projection } from "./projections.js";

const D2R = Math.PI / 180;
const R2D = 180 / Math.PI;
const TOL = 1e-10;

/** FITS keyword values, as a plain record (a FITS `Header.toRecord()` works). */
export type WcsKeywords = Readonly<Record<string, string | number | bigint | boolean | null | undefined | object>>;

/** Parameters of a celestial WCS. */
export interface WcsParams {
  /** Projection code, e.g. `CAR`, `TAN`. */
  readonly proj: string;
  readonly frame: Frame;
  /** Reference pixel (1-based, FITS CRPIX1/2). */
  readonly crpix: readonly [number, number];
  /** Reference world coordinates (deg). */
  readonly crval: readonly [number, number];
  /** Pixel scale (deg / pixel). */
  readonly cdelt: readonly [number, number];
  /** PC matrix [PC1_1, PC1_2, PC2_1, PC2_2] (default identity). */
  readonly pc?: readonly [number, number, number, number];
  /** CD matrix [CD1_1, CD1_2, CD2_1, CD2_2]; replaces cdelt * pc when given. */
  readonly cd?: readonly [number, number, number, number];
  readonly lonpole?: number;
  readonly latpole?: number;
  /** RADESYS for equatorial frames (written as is; default ICRS). */
  readonly radesys?: string;
  /** EQUINOX, if given in the header. */
  readonly equinox?: number;
}

/** An immutable celestial WCS with vectorised pixel <-> world transforms. */
export class Wcs {
  readonly params: WcsParams;
  readonly projection: Projection;
  /** Celestial coordinates of the native pole (alpha_p, delta_p) and the native longitude of the celestial pole. */
  private readonly alphaP: number;
  private readonly deltaP: number;
  private readonly phiP: number;
  /** Linear matrix (deg per pixel) and its inverse. */
  private readonly m: [number, number, number, number];
  private readonly mInv: [number, number, number, number];

  constructor(params: WcsParams) {
    const proj = projection(params.proj);
    if (!proj)
      throw new ArgumentError(
        `unsupported projection ${params.proj}`,
        "CTYPE1",
        "CAR, TAN, SIN, ARC, ZEA, STG, CEA, MER, AIT or MOL",
      );
    this.params = params;
    this.projection = proj;
    const pc = params.pc ?? [1, 0, 0, 1];
    this.m = params.cd
      ? [params.cd[0], params.cd[1], params.cd[2], params.cd[3]]
      : [params.cdelt[0] * pc[0], params.cdelt[0] * pc[1], params.cdelt[1] * pc[2], params.cdelt[1] * pc[3]];
    const det = this.m[0] * this.m[3] - this.m[1] * this.m[2];
    if (det === 0 || !Number.isFinite(det)) throw new ArgumentError("singular WCS linear transform", "CDELT");
    this.mInv = [this.m[3] / det, -this.m[1] / det, -this.m[2] / det, this.m[0] / det];
    const { alphaP, deltaP, phiP } = celestialPole(params, proj);
    this.alphaP = alphaP;
    this.deltaP = deltaP;
    this.phiP = phiP;
  }

  /** A WCS from FITS header keywords (CTYPEi, CRPIXi, CRVALi, CDELTi, PCi_j / CDi_j / CROTA2, LONPOLE, LATPOLE). */
  static fromHeader(h: WcsKeywords, file?: string): Wcs {
    const str = (k: string) => (typeof h[k] === "string" ? (h[k] as string).trim() : undefined);
    const num = (k: string) => (h[k] === undefined || h[k] === null ? undefined : Number(h[k]));
    const ctype1 = str("CTYPE1") ?? "";
    const ctype2 = str("CTYPE2") ?? "";
    // CTYPEi is 'AAAA-PPP': the axis name padded with '-' to 4 characters, '-', the projection code
    const code = ctype1.slice(5, 8);
    const lonAxis = ctype1.slice(0, 4).replace(/-+$/, "");
    const latAxis = ctype2.slice(0, 4).replace(/-+$/, "");
    let frame: Frame;
    if (lonAxis === "RA" && latAxis === "DEC") frame = "icrs";
    else if (lonAxis === "GLON" && latAxis === "GLAT") frame = "galactic";
    else {
      throw new GammatsError(
        "BAD_WCS",
        `unsupported celestial axes ${ctype1} / ${ctype2}`,
        { file, key: "CTYPE1" },
        "RA---xxx/DEC--xxx or GLON-xxx/GLAT-xxx",
      );
    }
    const crpix: [number, number] = [num("CRPIX1") ?? 0, num("CRPIX2") ?? 0];
    const crval: [number, number] = [num("CRVAL1") ?? 0, num("CRVAL2") ?? 0];
    const hasCd = ["CD1_1", "CD1_2", "CD2_1", "CD2_2"].some((k) => h[k] !== undefined);
    const cd = hasCd
      ? ([num("CD1_1") ?? 0, num("CD1_2") ?? 0, num("CD2_1") ?? 0, num("CD2_2") ?? 0] as const)
      : undefined;
    const cdelt: [number, number] = [num("CDELT1") ?? 1, num("CDELT2") ?? 1];
    let pc: [number, number, number, number] | undefined;
    if (["PC1_1", "PC1_2", "PC2_1", "PC2_2"].some((k) => h[k] !== undefined)) {
      pc = [num("PC1_1") ?? 1, num("PC1_2") ?? 0, num("PC2_1") ?? 0, num("PC2_2") ?? 1];
    } else if (num("CROTA2")) {
      const rho = (num("CROTA2") as number) * D2R;
      pc = [
        Math.cos(rho),
        (-Math.sin(rho) * cdelt[1]) / cdelt[0],
        (Math.sin(rho) * cdelt[0]) / cdelt[1],
        Math.cos(rho),
      ];
    }
    const radesys = str("RADESYS") ?? str("RADECSYS");
    return new Wcs({
      proj: code,
      frame,
      crpix,
      crval,
      cdelt,
      pc,
      cd,
      lonpole: num("LONPOLE"),
      latpole: num("LATPOLE"),
      radesys,
      equinox: num("EQUINOX"),
    });
  }

  /**
   * The WCS Gammapy's `WcsGeom.create` makes: reference pixel at the image center ((n + 1) / 2, 1-based) unless given,
   * CRVAL at the center, CDELT = (-binsz, binsz).
   */
  static create(options: {
    lonDeg: number;
    latDeg: number;
    binszDeg: number | readonly [number, number];
    npix: readonly [number, number];
    proj?: string;
    frame?: Frame;
    refpix?: readonly [number, number];
  }): Wcs {
    const [bx, by] = typeof options.binszDeg === "number" ? [options.binszDeg, options.binszDeg] : options.binszDeg;
    const frame = options.frame ?? "icrs";
    return new Wcs({
      proj: options.proj ?? "CAR",
      frame,
      crpix: options.refpix ?? [(options.npix[0] + 1) / 2, (options.npix[1] + 1) / 2],
      crval: [options.lonDeg, options.latDeg],
      cdelt: [-bx, by],
      radesys: frame === "icrs" ? "ICRS" : undefined,
    });
  }

  /** The frame of the world coordinates. */
  get frame(): Frame {
    return this.params.frame;
  }

  /**
   * World coordinates (deg) of 0-based pixel coordinates. Longitudes in [0, 360). Pixels outside the projection's
   * domain give NaN. Writes into `outLon`/`outLat` (which may alias the inputs).
   */
  pixToWorld(
    x: ArrayLike<number>,
    y: ArrayLike<number>,
    outLon: Float64Array = new Float64Array(x.length),
    outLat: Float64Array = new Float64Array(x.length),
  ): { lon: Float64Array; lat: Float64Array } {
    const [m0, m1, m2, m3] = this.m;
    const [c1, c2] = this.params.crpix;
    const native = new Float64Array(2);
    const sdp = Math.sin(this.deltaP * D2R);
    const cdp = Math.cos(this.deltaP * D2R);
    for (let i = 0; i < x.length; i++) {
      const dx = x[i] + 1 - c1;
      const dy = y[i] + 1 - c2;
      this.projection.toNative(m0 * dx + m1 * dy, m2 * dx + m3 * dy, native);
      const phi = native[0];
      const theta = native[1];
      if (Number.isNaN(phi) || Number.isNaN(theta)) {
        outLon[i] = Number.NaN;
        outLat[i] = Number.NaN;
        continue;
      }
      const st = Math.sin(theta * D2R);
      const ct = Math.cos(theta * D2R);
      const dphi = (phi - this.phiP) * D2R;
      const sdphi = Math.sin(dphi);
      const cdphi = Math.cos(dphi);
      const ex = -ct * sdphi;
      const ey = st * cdp - ct * sdp * cdphi;
      let lon = this.alphaP + Math.atan2(ex, ey) * R2D;
      lon %= 360;
      if (lon < 0) lon += 360;
      outLon[i] = lon;
      // atan2 rather than asin keeps full precision near the poles
      outLat[i] = Math.atan2(st * sdp + ct * cdp * cdphi, Math.hypot(ex, ey)) * R2D;
    }
    return { lon: outLon, lat: outLat };
  }

  /** 0-based pixel coordinates of world coordinates (deg); NaN outside the projection's domain. */
  worldToPix(
    lon: ArrayLike<number>,
    lat: ArrayLike<number>,
    outX: Float64Array = new Float64Array(lon.length),
    outY: Float64Array = new Float64Array(lon.length),
  ): { x: Float64Array; y: Float64Array } {
    const [n0, n1, n2, n3] = this.mInv;
    const [c1, c2] = this.params.crpix;
    const plane = new Float64Array(2);
    const sdp = Math.sin(this.deltaP * D2R);
    const cdp = Math.cos(this.deltaP * D2R);
    for (let i = 0; i < lon.length; i++) {
      const a = (lon[i] - this.alphaP) * D2R;
      const d = lat[i] * D2R;
      const sd = Math.sin(d);
      const cd = Math.cos(d);
      const ex = -cd * Math.sin(a);
      const ey = sd * cdp - cd * sdp * Math.cos(a);
      let phi = this.phiP + Math.atan2(ex, ey) * R2D;
      phi = ((((phi + 180) % 360) + 360) % 360) - 180;
      const theta = Math.atan2(sd * sdp + cd * cdp * Math.cos(a), Math.hypot(ex, ey)) * R2D;
      this.projection.fromNative(phi, theta, plane);
      const px = plane[0];
      const py = plane[1];
      outX[i] = n0 * px + n1 * py + c1 - 1;
      outY[i] = n2 * px + n3 * py + c2 - 1;
    }
    return { x: outX, y: outY };
  }

  /** FITS keywords of this WCS, as astropy writes them for Gammapy maps. */
  toHeaderCards(): { key: string; value: string | number; comment?: string }[] {
    const p = this.params;
    const [lonName, latName] = p.frame === "galactic" ? ["GLON", "GLAT"] : ["RA", "DEC"];
    const cards: { key: string; value: string | number; comment?: string }[] = [
      { key: "CTYPE1", value: `${lonName}${"-".repeat(5 - lonName.length)}${p.proj}`.padEnd(8) },
      { key: "CTYPE2", value: `${latName}${"-".repeat(5 - latName.length)}${p.proj}`.padEnd(8) },
      { key: "CRPIX1", value: p.crpix[0] },
      { key: "CRPIX2", value: p.crpix[1] },
      { key: "CRVAL1", value: p.crval[0] },
      { key: "CRVAL2", value: p.crval[1] },
    ];
    if (p.cd) {
      cards.push(
        { key: "CD1_1", value: p.cd[0] },
        { key: "CD1_2", value: p.cd[1] },
        { key: "CD2_1", value: p.cd[2] },
        { key: "CD2_2", value: p.cd[3] },
      );
    } else {
      cards.push({ key: "CDELT1", value: p.cdelt[0] }, { key: "CDELT2", value: p.cdelt[1] });
      if (p.pc && (p.pc[0] !== 1 || p.pc[1] !== 0 || p.pc[2] !== 0 || p.pc[3] !== 1)) {
        cards.push(
          { key: "PC1_1", value: p.pc[0] },
          { key: "PC1_2", value: p.pc[1] },
          { key: "PC2_1", value: p.pc[2] },
          { key: "PC2_2", value: p.pc[3] },
        );
      }
    }
    cards.push({ key: "CUNIT1", value: "deg" }, { key: "CUNIT2", value: "deg" });
    cards.push({ key: "LONPOLE", value: this.phiP }, { key: "LATPOLE", value: p.latpole ?? latpoleOf(this) });
    if (p.frame === "icrs") cards.push({ key: "RADESYS", value: p.radesys ?? "ICRS" });
    if (p.equinox !== undefined) cards.push({ key: "EQUINOX", value: p.equinox });
    return cards;
  }

  /** Whether another WCS describes the same pixelisation (projection, frame, and parameters within `tol`). */
  isClose(other: Wcs, tol = 1e-9): boolean {
    const a = this.params;
    const b = other.params;
    const close = (x: number, y: number) => Math.abs(x - y) <= tol * Math.max(1, Math.abs(x), Math.abs(y));
    const m1 = this.m;
    const m2 = other.m;
    return (
      a.proj === b.proj &&
      a.frame === b.frame &&
      close(a.crpix[0], b.crpix[0]) &&
      close(a.crpix[1], b.crpix[1]) &&
      close(this.alphaP, other.alphaP) &&
      close(this.deltaP, other.deltaP) &&
      close(this.phiP, other.phiP) &&
      close(a.crval[0], b.crval[0]) &&
      close(a.crval[1], b.crval[1]) &&
      m1.every((v, i) => close(v, m2[i]))
    );
  }
}

function latpoleOf(w: Wcs): number {
  return w.params.latpole ?? 90;
}

/**
 * The celestial coordinates of the native pole (alpha_p, delta_p) and LONPOLE (phi_p), from CRVAL, the projection's
 * reference point and LONPOLE/LATPOLE, following wcslib's `celset`.
 */
function celestialPole(p: WcsParams, proj: Projection): { alphaP: number; deltaP: number; phiP: number } {
  const [lng0, lat0] = p.crval;
  const { phi0, theta0 } = proj;
  const phiP = p.lonpole ?? (lat0 < theta0 ? 180 : 0) + phi0;
  const latpole = p.latpole ?? 90;
  if (theta0 === 90) return { alphaP: lng0, deltaP: lat0, phiP };
  const slat0 = Math.sin(lat0 * D2R);
  const clat0 = Math.cos(lat0 * D2R);
  const sthe0 = Math.sin(theta0 * D2R);
  const cthe0 = Math.cos(theta0 * D2R);
  const sphip = Math.sin((phiP - phi0) * D2R);
  const cphip = Math.cos((phiP - phi0) * D2R);
  const x = cthe0 * cphip;
  const y = sthe0;
  const z = Math.hypot(x, y);
  let latp: number;
  if (z === 0) {
    latp = latpole;
  } else {
    let slz = slat0 / z;
    if (Math.abs(slz) > 1) {
      if (Math.abs(slz) - 1 < TOL) slz = Math.sign(slz);
      else throw new GammatsError("BAD_WCS", "inconsistent LONPOLE / CRVAL: no celestial pole", { key: "LONPOLE" });
    }
    const u = Math.atan2(y, x) * R2D;
    const v = Math.acos(slz) * R2D;
    const norm = (a: number) => (a > 180 ? a - 360 : a < -180 ? a + 360 : a);
    const latp1 = norm(u + v);
    const latp2 = norm(u - v);
    const ok1 = Math.abs(latp1) <= 90 + TOL;
    const ok2 = Math.abs(latp2) <= 90 + TOL;
    if (ok1 && ok2) latp = Math.abs(latpole - latp1) < Math.abs(latpole - latp2) ? latp1 : latp2;
    else if (ok1) latp = latp1;
    else if (ok2) latp = latp2;
    else throw new GammatsError("BAD_WCS", "no valid celestial pole latitude", { key: "LATPOLE" });
    latp = Math.max(-90, Math.min(90, latp));
  }
  const zz = Math.cos(latp * D2R) * clat0;
  let lngp: number;
  if (Math.abs(zz) < TOL) {
    if (Math.abs(clat0) < TOL) lngp = lng0;
    else if (latp > 0) lngp = lng0 + phiP - phi0 - 180;
    else lngp = lng0 - phiP + phi0;
  } else {
    const xx = (sthe0 - Math.sin(latp * D2R) * slat0) / zz;
    const yy = (sphip * cthe0) / clat0;
    lngp = lng0 - Math.atan2(yy, xx) * R2D;
  }
  return { alphaP: lngp, deltaP: latp, phiP };
}
