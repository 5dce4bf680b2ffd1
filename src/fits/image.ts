/**
 * Image HDUs (primary and IMAGE extensions): N-D arrays with BITPIX 8/16/32/64/-32/-64, BSCALE/BZERO (including the
 * unsigned-integer conventions) and BLANK, decoded into typed arrays in C order (shape = [NAXISn, ..., NAXIS1]).
 */

import type { BigIntArray, NumericArray } from "../util/ndarray.js";
import { FitsError } from "./errors.js";
import { dataLayout, Hdu, type HduInit } from "./hdu.js";

export type { BigIntArray, NumericArray };

/** Decoded image data. */
export interface ImageData {
  /** Values in C order (last axis = NAXIS1 fastest). */
  readonly data: NumericArray | BigIntArray;
  /** C-order shape `[NAXISn, ..., NAXIS1]`. */
  readonly shape: number[];
}

/** A primary or IMAGE extension HDU. */
export class ImageHdu extends Hdu {
  /** BITPIX of the stored data. */
  readonly bitpix: number;
  /** C-order shape `[NAXISn, ..., NAXIS1]` (empty for NAXIS = 0). */
  readonly shape: number[];

  constructor(init: HduInit) {
    super(init);
    const layout = dataLayout(init.header, init.index === 0);
    this.bitpix = layout.bitpix;
    this.shape = [...layout.naxes].reverse();
  }

  /** Number of pixels. */
  get size(): number {
    return this.shape.length === 0 ? 0 : this.shape.reduce((a, b) => a * b, 1);
  }

  /**
   * Decodes the image as astropy does: raw typed array when unscaled; `Int8Array`/`Uint16Array`/`Uint32Array`/
   * `BigUint64Array` for the unsigned conventions (BZERO = -128 / 2^15 / 2^31 / 2^63 with BSCALE = 1); otherwise scaled
   * to `Float32Array` (BITPIX 8, 16, -32) or `Float64Array` (32, 64, -64) with BLANK pixels set to NaN.
   */
  read(): ImageData {
    if (this.index === 0 && this.header.get("GROUPS") === true) {
      throw new FitsError("UNSUPPORTED", "random-groups data are not supported", this.path);
    }
    const n = this.size;
    const bytesPer = Math.abs(this.bitpix) / 8;
    this.checkCap(n * bytesPer * (this.bitpix === 64 ? 1 : 2), "image");
    const raw = this.source.read(this.dataOffset, n * bytesPer);
    if (raw.length < n * bytesPer)
      throw new FitsError("TRUNCATED", "image data cut short", this.path, `${n * bytesPer} bytes`);
    const bscale = this.header.getNumber("BSCALE") ?? 1;
    const bzero = this.header.getNumber("BZERO") ?? 0;
    const blank = this.bitpix > 0 ? this.header.getNumber("BLANK") : undefined;
    return { data: decodeScaled(raw, this.bitpix, n, bscale, bzero, blank), shape: [...this.shape] };
  }
}

/** Decodes `n` big-endian values of a BITPIX type with optional scaling, as described in `ImageHdu.read`. */
export function decodeScaled(
  raw: Uint8Array,
  bitpix: number,
  n: number,
  bscale: number,
  bzero: number,
  blank?: number,
): NumericArray | BigIntArray {
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const unsigned = bscale === 1 && unsignedZero(bitpix) === bzero;
  if (bitpix === 64) {
    if (unsigned) {
      const out = new BigUint64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getBigUint64(8 * i) ^ 0x8000000000000000n;
      return out;
    }
    if (bscale === 1 && bzero === 0) {
      const out = new BigInt64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getBigInt64(8 * i);
      return out;
    }
    const out = new Float64Array(n);
    const nullBig = blank === undefined ? undefined : BigInt(blank);
    for (let i = 0; i < n; i++) {
      const v = view.getBigInt64(8 * i);
      out[i] = v === nullBig ? Number.NaN : Number(v) * bscale + bzero;
    }
    return out;
  }
  if (unsigned) {
    if (bitpix === 8) {
      const out = new Int8Array(n);
      for (let i = 0; i < n; i++) out[i] = raw[i] - 128;
      return out;
    }
    if (bitpix === 16) {
      const out = new Uint16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i) + 32768;
      return out;
    }
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i) + 2147483648;
    return out;
  }
  const plain = decodeRaw(view, bitpix, n);
  if (bscale === 1 && bzero === 0) return plain;
  const out = bitpix === 8 || bitpix === 16 || bitpix === -32 ? new Float32Array(n) : new Float64Array(n);
  const checkBlank = blank !== undefined && bitpix > 0;
  for (let i = 0; i < n; i++) {
    const v = plain[i];
    out[i] = checkBlank && v === blank ? Number.NaN : v * bscale + bzero;
  }
  return out;
}

function unsignedZero(bitpix: number): number | undefined {
  switch (bitpix) {
    case 8:
      return -128;
    case 16:
      return 32768;
    case 32:
      return 2147483648;
    case 64:
      return 2 ** 63;
    default:
      return undefined;
  }
}

function decodeRaw(view: DataView, bitpix: number, n: number): NumericArray {
  switch (bitpix) {
    case 8: {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getUint8(i);
      return out;
    }
    case 16: {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(2 * i);
      return out;
    }
    case 32: {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(4 * i);
      return out;
    }
    case -32: {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(4 * i);
      return out;
    }
    default: {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(8 * i);
      return out;
    }
  }
}
