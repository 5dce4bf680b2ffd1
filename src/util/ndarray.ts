/**
 * Small helpers for N-D data in flat typed arrays (C order: last axis fastest).
 */
import { ArgumentError } from "./errors.js";

/** Typed arrays of numbers (what images and numeric table columns decode into). */
export type NumericArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

/** Typed arrays of 64-bit integers. */
export type BigIntArray = BigInt64Array | BigUint64Array;

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** C-order strides of a shape, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/**
 * Permutes the axes of C-order data: output axis k is input axis `perm[k]` (numpy `transpose(perm)`); without `perm`
 * the axes are reversed. Returns a new Float64Array and the new shape.
 */
export function transpose(
  data: ArrayLike<number>,
  shape: readonly number[],
  perm: readonly number[] = shape.map((_, i) => shape.length - 1 - i),
): { data: Float64Array; shape: number[] } {
  const n = shapeSize(shape);
  if (data.length !== n) throw new ArgumentError(`data length ${data.length} does not match shape ${shape.join("x")}`);
  const outShape = perm.map((p) => shape[p]);
  const inStrides = stridesOf(shape);
  const stepIn = perm.map((p) => inStrides[p]);
  const out = new Float64Array(n);
  const nd = outShape.length;
  if (nd === 0 || n === 0) {
    if (n === 1) out[0] = data[0];
    return { data: out, shape: outShape };
  }
  // innermost output axis in a tight loop, an odometer over the others
  const last = nd - 1;
  const innerN = outShape[last];
  const innerStep = stepIn[last];
  const counter = new Array<number>(nd).fill(0);
  let src = 0;
  for (let k = 0; k < n; k += innerN) {
    let s = src;
    for (let j = 0; j < innerN; j++, s += innerStep) out[k + j] = data[s];
    for (let d = last - 1; d >= 0; d--) {
      counter[d]++;
      src += stepIn[d];
      if (counter[d] < outShape[d]) break;
      src -= stepIn[d] * outShape[d];
      counter[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}

/**
 * A Float64Array copy of any numeric array (64-bit integers converted with rounding beyond 2^53). A plain loop:
 * `Float64Array.from(x, Number)` is an order of magnitude slower.
 */
export function toFloat64(values: ArrayLike<number | bigint>): Float64Array {
  const n = values.length;
  const out = new Float64Array(n);
  if (n > 0 && typeof values[0] === "bigint") {
    for (let i = 0; i < n; i++) out[i] = Number(values[i]);
  } else {
    const v = values as ArrayLike<number>;
    for (let i = 0; i < n; i++) out[i] = v[i];
  }
  return out;
}
