/**
 * FITS CHECKSUM / DATASUM (the FITS checksum convention, Seaman et al., FITS standard 4.0 appendix J):
 * a 32-bit ones' complement sum over big-endian 32-bit words, and its 16-character ASCII encoding.
 */

const WORD = 0x10000;

/**
 * Ones' complement sum of big-endian 32-bit words of `bytes` (length a multiple of 4, typically of 2880), added to
 * `initial`. Returns an unsigned 32-bit integer.
 */
export function onesComplementSum(bytes: Uint8Array, initial = 0): number {
  let hi = Math.floor(initial / WORD);
  let lo = initial % WORD;
  const n = bytes.length - (bytes.length % 4);
  // Fold carries every 2^16 words so the accumulators stay far below 2^53.
  const chunk = 4 * 65536;
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    for (let i = start; i < end; i += 4) {
      hi += (bytes[i] << 8) | bytes[i + 1];
      lo += (bytes[i + 2] << 8) | bytes[i + 3];
    }
    [hi, lo] = fold(hi, lo);
  }
  return hi * WORD + lo;
}

/** Ones' complement addition of two unsigned 32-bit sums. */
export function addSums(a: number, b: number): number {
  const [hi, lo] = fold(Math.floor(a / WORD) + Math.floor(b / WORD), (a % WORD) + (b % WORD));
  return hi * WORD + lo;
}

function fold(hi: number, lo: number): [number, number] {
  let hiCarry = Math.floor(hi / WORD);
  let loCarry = Math.floor(lo / WORD);
  while (hiCarry || loCarry) {
    hi = (hi % WORD) + loCarry;
    lo = (lo % WORD) + hiCarry;
    hiCarry = Math.floor(hi / WORD);
    loCarry = Math.floor(lo / WORD);
  }
  return [hi, lo];
}

const EXCLUDED = new Set([0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60]);

/**
 * Encodes a 32-bit sum as the 16-character CHECKSUM string. With `complement` (the default, as for CHECKSUM) the
 * bitwise complement of `sum` is encoded.
 */
export function encodeChecksum(sum: number, complement = true): string {
  const value = complement ? 0xffffffff - sum : sum;
  const ascii = new Array<number>(16);
  for (let i = 0; i < 4; i++) {
    const byte = Math.floor(value / 2 ** (24 - 8 * i)) & 0xff;
    const q = (byte >> 2) + 0x30;
    const ch = [q + (byte & 3), q, q, q];
    // Shift pairs away from ASCII punctuation while keeping each pair's sum.
    for (let changed = true; changed; ) {
      changed = false;
      for (let j = 0; j < 4; j += 2) {
        if (EXCLUDED.has(ch[j]) || EXCLUDED.has(ch[j + 1])) {
          ch[j]++;
          ch[j + 1]--;
          changed = true;
        }
      }
    }
    for (let j = 0; j < 4; j++) ascii[4 * j + i] = ch[j];
  }
  // The FITS byte alignment: rotate right by one character.
  let out = "";
  for (let i = 0; i < 16; i++) out += String.fromCharCode(ascii[(i + 15) % 16]);
  return out;
}

/** Decodes a 16-character CHECKSUM string back into the 32-bit value it encodes (complemented by default). */
export function decodeChecksum(text: string, complement = true): number {
  let hi = 0;
  let lo = 0;
  const c = new Array<number>(16);
  for (let i = 0; i < 16; i++) c[i] = text.charCodeAt((i + 1) % 16) - 0x30;
  for (let i = 0; i < 16; i += 4) {
    hi += (c[i] << 8) + c[i + 1];
    lo += (c[i + 2] << 8) + c[i + 3];
  }
  [hi, lo] = fold(hi, lo);
  const sum = hi * WORD + lo;
  return complement ? 0xffffffff - sum : sum;
}
