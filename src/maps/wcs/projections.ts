/**
 * FITS celestial projections (Calabretta & Greisen 2002, "Paper II"), as wcslib implements them: projection-plane
 * coordinates (x, y) in degrees <-> native spherical coordinates (phi, theta) in degrees.
 * Points outside a projection's domain give NaN.
 */

const R0 = 180 / Math.PI;
const D2R = Math.PI / 180;

/** Projection codes supported. */
export type ProjectionCode = "TAN" | "SIN" | "ARC" | "ZEA" | "STG" | "CAR" | "CEA" | "MER" | "AIT" | "MOL";

/** A projection: its native reference point and the two directions of the mapping. */
export interface Projection {
  readonly code: ProjectionCode;
  /** Native longitude and latitude of the reference point (phi0, theta0), deg. */
  readonly phi0: number;
  readonly theta0: number;
  /** (x, y) -> (phi, theta); writes into out[0], out[1]. */
  toNative(x: number, y: number, out: Float64Array): void;
  /** (phi, theta) -> (x, y); writes into out[0], out[1]. */
  fromNative(phi: number, theta: number, out: Float64Array): void;
}

function zenithal(
  code: ProjectionCode,
  rOfTheta: (theta: number) => number,
  thetaOfR: (r: number) => number,
): Projection {
  return {
    code,
    phi0: 0,
    theta0: 90,
    toNative(x, y, out) {
      const r = Math.hypot(x, y);
      out[0] = r === 0 ? 0 : Math.atan2(x, -y) * R0;
      out[1] = thetaOfR(r);
    },
    fromNative(phi, theta, out) {
      const r = rOfTheta(theta);
      out[0] = r * Math.sin(phi * D2R);
      out[1] = -r * Math.cos(phi * D2R);
    },
  };
}

/** Native longitude of a cylindrical projection: beyond +-180 deg (1e-13 tolerance) it is outside (wcslib's bounds check). */
function boundedPhi(x: number): number {
  if (Math.abs(x) <= 180) return x;
  return Math.abs(x) - 180 < 1e-13 ? Math.sign(x) * 180 : Number.NaN;
}

/** Gnomonic: R = R0 cot(theta); points at or below the native equator are outside. */
const TAN = zenithal(
  "TAN",
  (t) => (t <= 0 ? Number.NaN : (R0 * Math.cos(t * D2R)) / Math.sin(t * D2R)),
  (r) => Math.atan2(R0, r) * R0,
);

/** Orthographic (no PV terms): R = R0 cos(theta), visible hemisphere only. */
const SIN = zenithal(
  "SIN",
  (t) => (t < 0 ? Number.NaN : R0 * Math.cos(t * D2R)),
  (r) => {
    const s = r / R0;
    return s > 1 ? Number.NaN : Math.acos(s) * R0;
  },
);

/** Zenithal equidistant: R = 90 - theta. */
const ARC = zenithal(
  "ARC",
  (t) => 90 - t,
  (r) => (r > 180 ? Number.NaN : 90 - r),
);

/** Zenithal equal area: R = 2 R0 sin((90 - theta) / 2). */
const ZEA = zenithal(
  "ZEA",
  (t) => 2 * R0 * Math.sin(((90 - t) / 2) * D2R),
  (r) => {
    const s = r / (2 * R0);
    return s > 1 ? Number.NaN : 90 - 2 * Math.asin(s) * R0;
  },
);

/** Stereographic: R = 2 R0 tan((90 - theta) / 2). */
const STG = zenithal(
  "STG",
  (t) => (t <= -90 ? Number.NaN : 2 * R0 * Math.tan(((90 - t) / 2) * D2R)),
  (r) => 90 - 2 * Math.atan(r / (2 * R0)) * R0,
);

/** Plate carree: x = phi, y = theta. */
const CAR: Projection = {
  code: "CAR",
  phi0: 0,
  theta0: 0,
  toNative(x, y, out) {
    out[0] = boundedPhi(x);
    out[1] = Math.abs(y) > 90 ? Number.NaN : y;
  },
  fromNative(phi, theta, out) {
    out[0] = phi;
    out[1] = theta;
  },
};

/** Cylindrical equal area with lambda = 1 (no PV2_1): y = R0 sin(theta). */
const CEA: Projection = {
  code: "CEA",
  phi0: 0,
  theta0: 0,
  toNative(x, y, out) {
    const s = y / R0;
    out[0] = boundedPhi(x);
    out[1] = Math.abs(s) > 1 ? Number.NaN : Math.asin(s) * R0;
  },
  fromNative(phi, theta, out) {
    out[0] = phi;
    out[1] = R0 * Math.sin(theta * D2R);
  },
};

/** Mercator: y = R0 ln tan((90 + theta) / 2). */
const MER: Projection = {
  code: "MER",
  phi0: 0,
  theta0: 0,
  toNative(x, y, out) {
    out[0] = boundedPhi(x);
    out[1] = 2 * Math.atan(Math.exp(y / R0)) * R0 - 90;
  },
  fromNative(phi, theta, out) {
    out[0] = phi;
    out[1] = Math.abs(theta) >= 90 ? Number.NaN : R0 * Math.log(Math.tan(((90 + theta) / 2) * D2R));
  },
};

/** Hammer-Aitoff. */
const AIT: Projection = {
  code: "AIT",
  phi0: 0,
  theta0: 0,
  toNative(x, y, out) {
    const u = (x * D2R) / 4;
    const v = (y * D2R) / 2;
    const z2 = 1 - u * u - v * v;
    if (z2 < 0.5) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
      return;
    }
    const z = Math.sqrt(z2);
    out[0] = 2 * Math.atan2((z * x * D2R) / 2, 2 * z2 - 1) * R0;
    out[1] = Math.asin(z * y * D2R) * R0;
  },
  fromNative(phi, theta, out) {
    const ct = Math.cos(theta * D2R);
    const g = R0 * Math.sqrt(2 / (1 + ct * Math.cos((phi * D2R) / 2)));
    out[0] = 2 * g * ct * Math.sin((phi * D2R) / 2);
    out[1] = g * Math.sin(theta * D2R);
  },
};

/** Mollweide. */
const MOL: Projection = {
  code: "MOL",
  phi0: 0,
  theta0: 0,
  toNative(x, y, out) {
    const s = y / (Math.SQRT2 * R0);
    if (Math.abs(s) > 1) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
      return;
    }
    const gamma = Math.asin(s);
    const c = Math.cos(gamma);
    const phi = c === 0 ? 0 : (Math.PI * x) / (2 * Math.SQRT2 * c);
    if (Math.abs(phi) > 180) {
      out[0] = Number.NaN;
      out[1] = Number.NaN;
      return;
    }
    const z = (2 * gamma + Math.sin(2 * gamma)) / Math.PI;
    out[0] = phi;
    out[1] = Math.asin(Math.max(-1, Math.min(1, z))) * R0;
  },
  fromNative(phi, theta, out) {
    // solve 2 gamma + sin(2 gamma) = pi sin(theta) by Newton iteration
    const target = Math.PI * Math.sin(theta * D2R);
    let g = theta * D2R;
    if (Math.abs(theta) >= 90) g = Math.sign(theta) * (Math.PI / 2);
    else {
      for (let i = 0; i < 100; i++) {
        const f = 2 * g + Math.sin(2 * g) - target;
        const d = 2 + 2 * Math.cos(2 * g);
        if (d === 0) break;
        const step = f / d;
        g -= step;
        if (Math.abs(step) < 1e-15) break;
      }
    }
    out[0] = ((2 * Math.SQRT2) / Math.PI) * phi * Math.cos(g);
    out[1] = Math.SQRT2 * R0 * Math.sin(g);
  },
};

const ALL: Readonly<Record<ProjectionCode, Projection>> = { TAN, SIN, ARC, ZEA, STG, CAR, CEA, MER, AIT, MOL };

/** The projection for a code; undefined if unsupported. */
export function projection(code: string): Projection | undefined {
  return ALL[code as ProjectionCode];
}

/** Supported projection codes. */
export const PROJECTION_CODES = Object.keys(ALL) as ProjectionCode[];
