/**
 * A small PNG encoder for 8-bit RGBA rasters (colour type 6, no interlace, filter "None" on every row), with zlib
 * compression by `fflate`, and `data:` URIs for embedding the result in SVG. Browser-safe.
 */
import { zlibSync } from "fflate";
import { ArgumentError } from "../util/errors.js";

/** The 8-byte signature that starts every PNG file. */
export const PNG_SIGNATURE: readonly number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let crcTable: Uint32Array | undefined;

/** The 256-entry table of the reflected CRC-32 polynomial 0xEDB88320, built on first use. */
function getCrcTable(): Uint32Array {
  if (crcTable) return crcTable;
  crcTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  return crcTable;
}

/**
 * CRC-32 (ISO 3309 / ITU-T V.42, as used by PNG, zlib's `crc32` and gzip) of `bytes`, as an unsigned 32-bit
 * integer. Pass the result of a previous call as `crc` to continue a checksum over several pieces.
 */
export function crc32(bytes: Uint8Array, crc = 0): number {
  const table = getCrcTable();
  let c = (crc ^ 0xffffffff) >>> 0;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Encodes an 8-bit RGBA raster as PNG bytes. `rgba` holds `width × height × 4` bytes, rows from the top of the
 * image down, pixels left to right (R, G, B, A each). `level` is the zlib compression level (0…9, default 6).
 * Throws an `ArgumentError` for a size that is not a positive integer (≤ 2³¹ − 1) or a buffer of the wrong length.
 */
export function encodePngRgba(rgba: Uint8Array, width: number, height: number, level = 6): Uint8Array {
  for (const [key, v] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (!(Number.isInteger(v) && v > 0 && v <= 0x7fffffff)) {
      throw new ArgumentError(`invalid PNG ${key} ${v}`, key, "a positive integer");
    }
  }
  if (rgba.length !== width * height * 4) {
    throw new ArgumentError(`RGBA buffer has length ${rgba.length}`, "rgba", `length ${width * height * 4}`);
  }
  if (!(Number.isInteger(level) && level >= 0 && level <= 9)) {
    throw new ArgumentError(`invalid compression level ${level}`, "level", "an integer 0…9");
  }
  // Each scanline is preceded by its filter type byte (0 = None).
  const rowBytes = width * 4;
  const raw = new Uint8Array((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) raw.set(rgba.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA; compression, filter and interlace methods 0
  const chunks = [
    chunk("IHDR", ihdr),
    chunk("IDAT", zlibSync(raw, { level: level as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 })),
    chunk("IEND", new Uint8Array(0)),
  ];
  const out = new Uint8Array(8 + chunks.reduce((n, c) => n + c.length, 0));
  out.set(PNG_SIGNATURE, 0);
  let offset = 8;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** One PNG chunk: length, 4-character type, data and the CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 (RFC 4648, with `=` padding) of `bytes`. */
export function base64Encode(bytes: Uint8Array): string {
  const parts: string[] = [];
  let s = "";
  const n = bytes.length;
  for (let i = 0; i < n; i += 3) {
    const b0 = bytes[i];
    const b1 = i + 1 < n ? bytes[i + 1] : 0;
    const b2 = i + 2 < n ? bytes[i + 2] : 0;
    s +=
      BASE64[b0 >> 2] +
      BASE64[((b0 & 3) << 4) | (b1 >> 4)] +
      (i + 1 < n ? BASE64[((b1 & 15) << 2) | (b2 >> 6)] : "=") +
      (i + 2 < n ? BASE64[b2 & 63] : "=");
    // flush in pieces: keeps string concatenation cheap for large images
    if (s.length >= 8192) {
      parts.push(s);
      s = "";
    }
  }
  parts.push(s);
  return parts.join("");
}

/** A `data:image/png;base64,…` URI of PNG bytes, for an SVG `<image href>`. */
export function pngDataUri(png: Uint8Array): string {
  return `data:image/png;base64,${base64Encode(png)}`;
}
