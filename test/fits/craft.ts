/**
 * Helpers to build valid FITS files and corrupt them in controlled ways, for bad-input and fuzz tests.
 */
import { gzipSync } from "fflate";
import { writeFits } from "../../src/fits/index.js";

/** A small valid file: primary image, a table with scalar, vector (TDIM) and VLA columns, and an image extension. */
export function sampleFile(): Uint8Array {
  return writeFits([
    { kind: "image", data: Float32Array.from({ length: 12 }, (_, i) => i), shape: [3, 4] },
    {
      kind: "bintable",
      name: "EVENTS",
      columns: [
        { name: "ENERGY", data: Float32Array.of(1, 2, 3, 4), unit: "TeV" },
        { name: "ID", data: BigInt64Array.of(1n, 2n, 3n, 4n) },
        { name: "M", data: Float64Array.from({ length: 24 }, (_, i) => i), cellShape: [2, 3] },
        { name: "V", data: { rows: [Int32Array.of(1), Int32Array.of(2, 3), Int32Array.of(), Int32Array.of(4, 5, 6)] } },
        { name: "S", data: ["a", "bb", "ccc", "dddd"] },
      ],
    },
    { kind: "image", name: "IMG", data: Int16Array.of(1, 2, 3, 4), shape: [2, 2] },
  ]);
}

/** Byte offset of the card with this keyword (first occurrence), or -1. */
export function findCard(bytes: Uint8Array, key: string): number {
  const k = key.padEnd(8);
  for (let o = 0; o + 80 <= bytes.length; o += 80) {
    let ok = true;
    for (let j = 0; j < 8; j++) if (bytes[o + j] !== k.charCodeAt(j)) ok = false;
    if (ok && bytes[o + 8] === 0x3d) return o;
  }
  return -1;
}

/** A copy with the first card of `key` replaced by `text` (padded to 80 characters). */
export function patchCard(bytes: Uint8Array, key: string, text: string, occurrence = 0): Uint8Array {
  const out = bytes.slice();
  let o = -1;
  let from = 0;
  for (let i = 0; i <= occurrence; i++) {
    o = findCard(out.subarray(from), key);
    if (o < 0) throw new Error(`card ${key} not found`);
    o += from;
    from = o + 80;
  }
  const t = text.padEnd(80);
  for (let j = 0; j < 80; j++) out[o + j] = t.charCodeAt(j);
  return out;
}

/** gzip-compressed copy. */
export function gz(bytes: Uint8Array): Uint8Array {
  return gzipSync(bytes);
}
