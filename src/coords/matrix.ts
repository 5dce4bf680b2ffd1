/**
 * Small 3x3 rotation-matrix helpers (row-major `Float64Array(9)`), with the conventions of astropy's
 * `rotation_matrix` and ERFA's `Rx/Ry/Rz`: `rotZ(a)` rotates the coordinate frame by `a` radians about z, i.e.
 * `[[c, s, 0], [-s, c, 0], [0, 0, 1]]`. Internal to the coords layer.
 */

/** A row-major 3x3 matrix. */
export type Mat3 = Float64Array;

/** Frame rotation about x by `a` radians. */
export function rotX(a: number): Mat3 {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return Float64Array.of(1, 0, 0, 0, c, s, 0, -s, c);
}

/** Frame rotation about y by `a` radians. */
export function rotY(a: number): Mat3 {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return Float64Array.of(c, 0, -s, 0, 1, 0, s, 0, c);
}

/** Frame rotation about z by `a` radians. */
export function rotZ(a: number): Mat3 {
  const c = Math.cos(a);
  const s = Math.sin(a);
  return Float64Array.of(c, s, 0, -s, c, 0, 0, 0, 1);
}

/** Matrix product `a b`. */
export function matMul(a: Mat3, b: Mat3): Mat3 {
  const r = new Float64Array(9);
  for (let i = 0; i < 3; i++) {
    for (let j = 0; j < 3; j++) r[3 * i + j] = a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
  }
  return r;
}

/** Product of several matrices, left to right (`chain(a, b, c)` is `a b c`). */
export function chain(...ms: Mat3[]): Mat3 {
  let r = ms[0];
  for (let i = 1; i < ms.length; i++) r = matMul(r, ms[i]);
  return r;
}

/** Transpose (the inverse of a rotation). */
export function transpose(a: Mat3): Mat3 {
  return Float64Array.of(a[0], a[3], a[6], a[1], a[4], a[7], a[2], a[5], a[8]);
}
