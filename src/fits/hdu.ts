/**
 * Header-data units: the common part (header, location of the data) and size computation from the mandatory keywords.
 */
import type { ErrorPath } from "../util/errors.js";
import { FitsError } from "./errors.js";
import { BLOCK, type Header } from "./header.js";
import type { ByteSource } from "./source.js";

/** Kind of HDU. */
export type HduType = "primary" | "image" | "bintable" | "table" | "unknown";

/** Everything an HDU needs to read its data lazily. */
export interface HduInit {
  readonly index: number;
  readonly header: Header;
  readonly source: ByteSource;
  /** Byte offset of the header in the (decompressed) file. */
  readonly headerOffset: number;
  /** Byte offset of the data. */
  readonly dataOffset: number;
  /** Size of the data in bytes, without the padding to 2880 (includes the heap of a binary table). */
  readonly dataBytes: number;
  /** Cap on the bytes a single decode may allocate. */
  readonly maxBytes: number;
}

/** An HDU: a header plus lazily read data. Subclasses add typed access to image and table data. */
export class Hdu {
  /** 0-based position in the file. */
  readonly index: number;
  readonly header: Header;
  readonly headerOffset: number;
  readonly dataOffset: number;
  readonly dataBytes: number;
  protected readonly source: ByteSource;
  protected readonly maxBytes: number;

  constructor(init: HduInit) {
    this.index = init.index;
    this.header = init.header;
    this.source = init.source;
    this.headerOffset = init.headerOffset;
    this.dataOffset = init.dataOffset;
    this.dataBytes = init.dataBytes;
    this.maxBytes = init.maxBytes;
  }

  /** HDU kind. */
  get type(): HduType {
    if (this.index === 0) return "primary";
    const x = String(this.header.get("XTENSION") ?? "").toUpperCase();
    if (x === "IMAGE") return "image";
    if (x === "BINTABLE") return "bintable";
    if (x === "TABLE") return "table";
    return "unknown";
  }

  /** EXTNAME, or `PRIMARY` for the first HDU without one, or `""`. */
  get name(): string {
    const n = this.header.get("EXTNAME");
    if (typeof n === "string") return n.trim();
    return this.index === 0 ? "PRIMARY" : "";
  }

  /** EXTVER (default 1). */
  get ver(): number {
    const v = this.header.get("EXTVER");
    return typeof v === "number" ? v : 1;
  }

  /** Error location of this HDU. */
  get path(): ErrorPath {
    return this.header.path;
  }

  /** Size in bytes of the header and padded data, i.e. the span of this HDU in the file. */
  get spanBytes(): number {
    return this.dataOffset - this.headerOffset + paddedSize(this.dataBytes);
  }

  /** Raw data bytes (unpadded), read from the source; throws `TOO_LARGE` above the cap. */
  rawData(): Uint8Array {
    this.checkCap(this.dataBytes, "data");
    return this.source.read(this.dataOffset, this.dataBytes);
  }

  /** Throws `TOO_LARGE` when `bytes` exceeds the cap of this file. */
  protected checkCap(bytes: number, what: string): void {
    if (bytes > this.maxBytes) {
      throw new FitsError(
        "TOO_LARGE",
        `${what} needs ${bytes} bytes, above the cap of ${this.maxBytes}`,
        this.path,
        "raise maxBytes",
      );
    }
  }
}

/** Rounds a byte count up to a whole number of 2880-byte blocks. */
export function paddedSize(bytes: number): number {
  return Math.ceil(bytes / BLOCK) * BLOCK;
}

/** The data array geometry of an HDU from its mandatory keywords. */
export interface DataLayout {
  readonly bitpix: number;
  /** NAXIS1..NAXISn in FITS order. */
  readonly naxes: readonly number[];
  readonly pcount: number;
  readonly gcount: number;
  /** Data size in bytes without padding. */
  readonly bytes: number;
}

const BITPIX_VALUES = new Set([8, 16, 32, 64, -32, -64]);

/**
 * Reads BITPIX, NAXIS, NAXISn, PCOUNT, GCOUNT and computes the data size, with every value checked (integers,
 * non-negative, no overflow beyond 2^53). Throws `BAD_KEYWORD` or `BAD_SIZE`.
 */
export function dataLayout(header: Header, isPrimary: boolean): DataLayout {
  const path = header.path;
  const bitpix = header.requireInt("BITPIX");
  if (!BITPIX_VALUES.has(bitpix)) {
    throw new FitsError("BAD_KEYWORD", `BITPIX = ${bitpix}`, { ...path, key: "BITPIX" }, "8, 16, 32, 64, -32 or -64");
  }
  const naxis = header.requireInt("NAXIS");
  if (naxis < 0 || naxis > 999)
    throw new FitsError("BAD_SIZE", `NAXIS = ${naxis}`, { ...path, key: "NAXIS" }, "0..999");
  const naxes: number[] = [];
  for (let i = 1; i <= naxis; i++) {
    const n = header.requireInt(`NAXIS${i}`);
    if (n < 0)
      throw new FitsError("BAD_SIZE", `NAXIS${i} = ${n}`, { ...path, key: `NAXIS${i}` }, "a non-negative integer");
    naxes.push(n);
  }
  const pcount = isPrimary ? 0 : (header.getInt("PCOUNT") ?? 0);
  const gcount = isPrimary ? 1 : (header.getInt("GCOUNT") ?? 1);
  if (pcount < 0) throw new FitsError("BAD_SIZE", `PCOUNT = ${pcount}`, { ...path, key: "PCOUNT" }, ">= 0");
  if (gcount < 0) throw new FitsError("BAD_SIZE", `GCOUNT = ${gcount}`, { ...path, key: "GCOUNT" }, ">= 0");
  let bytes = 0;
  if (naxis > 0) {
    // Random groups (primary with NAXIS1 = 0 and GROUPS = T) skip NAXIS1.
    const groups = isPrimary && naxes[0] === 0 && header.get("GROUPS") === true;
    let n = 1;
    for (let i = groups ? 1 : 0; i < naxis; i++) {
      n *= naxes[i];
      if (n > Number.MAX_SAFE_INTEGER)
        throw new FitsError("BAD_SIZE", "data size overflows", { ...path, key: `NAXIS${i + 1}` });
    }
    bytes = (Math.abs(bitpix) / 8) * gcount * (pcount + n);
    if (!Number.isSafeInteger(bytes)) throw new FitsError("BAD_SIZE", "data size overflows", path);
  }
  return { bitpix, naxes, pcount, gcount, bytes };
}
