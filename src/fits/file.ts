/**
 * Opening a FITS file: walking the HDUs (headers are parsed eagerly, data lazily), transparent gzip, checksum
 * verification, and HDU lookup by index, EXTNAME (+EXTVER) or header keywords such as GADF's HDUCLASn.
 */
import type { ErrorPath } from "../util/errors.js";
import { ignoreWarnings, type WarningSink } from "../util/warnings.js";
import { BinTableHdu } from "./bintable.js";
import { addSums, onesComplementSum } from "./checksum.js";
import { FitsError } from "./errors.js";
import { dataLayout, Hdu, type HduInit, paddedSize } from "./hdu.js";
import { BLOCK, Header } from "./header.js";
import { ImageHdu } from "./image.js";
import { type ByteSource, DEFAULT_MAX_INFLATED_BYTES, gunzipCapped, isGzip, memorySource } from "./source.js";

/** What to do when CHECKSUM/DATASUM keywords do not match: nothing, a warning, or a `BAD_CHECKSUM` error. */
export type ChecksumPolicy = "ignore" | "warn" | "error";

/** Options for `FitsFile.open`. */
export interface FitsOpenOptions {
  /** Name of the file for error messages (defaults to the source's name). */
  readonly name?: string;
  /** Checksum verification of every HDU that carries CHECKSUM/DATASUM (default `ignore`). */
  readonly checksum?: ChecksumPolicy;
  /** Cap on the bytes one decode (a column, an image) may allocate; default 2 GiB. */
  readonly maxBytes?: number;
  /** Cap on the inflated size of a gzip file; default 1 GiB. */
  readonly maxInflatedBytes?: number;
  /** Receives warnings (duplicate keys, missing padding, trailing bytes, checksum mismatches with `warn`). */
  readonly warn?: WarningSink;
}

/** Selects an HDU: 0-based index, EXTNAME (case-insensitive), EXTNAME + EXTVER, or header keyword values. */
export type HduSelector =
  | number
  | string
  | { readonly extname: string; readonly extver?: number }
  | { readonly keywords: Readonly<Record<string, string | number | boolean>> };

/** Default cap on a single decode allocation: 2 GiB. */
export const DEFAULT_MAX_BYTES = 2 * 1024 ** 3;

/** Any HDU class the reader creates. */
export type AnyHdu = Hdu | ImageHdu | BinTableHdu;

/** Result of verifying one HDU's checksums. */
export interface ChecksumResult {
  readonly hdu: number;
  /** `true`/`false` when DATASUM is present, `undefined` otherwise. */
  readonly datasumOk?: boolean;
  /** `true`/`false` when CHECKSUM is present, `undefined` otherwise. */
  readonly checksumOk?: boolean;
}

/** An open FITS file: the list of HDUs, with lazily decoded data. */
export class FitsFile {
  readonly name?: string;
  readonly hdus: readonly AnyHdu[];
  private readonly source: ByteSource;

  private constructor(source: ByteSource, hdus: AnyHdu[], name?: string) {
    this.source = source;
    this.hdus = hdus;
    this.name = name;
  }

  /**
   * Opens FITS bytes (plain or gzip-compressed) or a byte source. Parses every header, checks that every data unit
   * lies within the file, and verifies checksums according to `options.checksum`.
   * Throws `FitsError` (NOT_FITS, TRUNCATED, MISSING_END, BAD_KEYWORD, BAD_SIZE, TOO_LARGE, BAD_GZIP, BAD_CHECKSUM).
   */
  static open(input: Uint8Array | ByteSource, options: FitsOpenOptions = {}): FitsFile {
    let source = input instanceof Uint8Array ? memorySource(input, options.name) : input;
    const name = options.name ?? source.name;
    const warn = options.warn ?? ignoreWarnings;
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    if (isGzip(source.read(0, 2))) {
      const compressed = source.read(0, source.size);
      source = memorySource(
        gunzipCapped(compressed, options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES, name),
        name,
      );
    }
    checkSignature(source, name);
    const hdus: AnyHdu[] = [];
    let offset = 0;
    const size = source.size;
    while (offset < size) {
      const index = hdus.length;
      const path: ErrorPath = { file: name, hdu: index };
      if (index > 0) {
        const head = ascii(source.read(offset, 80));
        if (!head.startsWith("XTENSION=")) {
          if (!/^[\0 ]*$/.test(head)) {
            warn({ code: "TRAILING_BYTES", message: `${size - offset} bytes after the last HDU are ignored`, path });
          }
          break;
        }
      }
      const { header, dataOffset } = Header.parse((o, n) => source.read(o, n), offset, size, { warn, path });
      const layout = dataLayout(header, index === 0);
      const dataEnd = dataOffset + layout.bytes;
      if (dataEnd > size) {
        throw new FitsError(
          "TRUNCATED",
          `data ends at byte ${dataEnd} but the file has ${size} bytes`,
          path,
          `${dataEnd} bytes`,
        );
      }
      const init: HduInit = {
        index,
        header,
        source,
        headerOffset: offset,
        dataOffset,
        dataBytes: layout.bytes,
        maxBytes,
      };
      hdus.push(makeHdu(init, index));
      const next = dataOffset + paddedSize(layout.bytes);
      if (next > size) {
        warn({ code: "MISSING_PADDING", message: "the last data unit is not padded to 2880 bytes", path });
      }
      offset = next;
    }
    const file = new FitsFile(source, hdus, name);
    const policy = options.checksum ?? "ignore";
    if (policy !== "ignore") {
      for (const r of file.verifyChecksums()) {
        for (const [key, ok] of [
          ["CHECKSUM", r.checksumOk],
          ["DATASUM", r.datasumOk],
        ] as const) {
          if (ok !== false) continue;
          const path = { file: name, hdu: r.hdu, key };
          if (policy === "error")
            throw new FitsError("BAD_CHECKSUM", `${key} does not match the bytes`, path, "a matching checksum");
          warn({ code: "BAD_CHECKSUM", message: `${key} does not match the bytes`, path });
        }
      }
    }
    return file;
  }

  /** The HDU for a selector, or `undefined`. */
  find(selector: HduSelector): AnyHdu | undefined {
    if (typeof selector === "number") return this.hdus[selector];
    if (typeof selector === "string") {
      const upper = selector.toUpperCase();
      return this.hdus.find((h) => h.name.toUpperCase() === upper);
    }
    if ("extname" in selector) {
      const upper = selector.extname.toUpperCase();
      return this.hdus.find(
        (h) => h.name.toUpperCase() === upper && (selector.extver === undefined || h.ver === selector.extver),
      );
    }
    return this.hdus.find((h) =>
      Object.entries(selector.keywords).every(([k, v]) => {
        const got = h.header.get(k);
        return typeof v === "string" && typeof got === "string"
          ? got.trim().toUpperCase() === v.toUpperCase()
          : got === v;
      }),
    );
  }

  /** The HDU for a selector; throws `NOT_FOUND` listing the HDUs. */
  hdu(selector: HduSelector): AnyHdu {
    const h = this.find(selector);
    if (!h) {
      const names = this.hdus.map((x, i) => `${i}:${x.name || "(unnamed)"}`).join(", ");
      throw new FitsError("NOT_FOUND", `no HDU ${JSON.stringify(selector)}`, { file: this.name }, `one of ${names}`);
    }
    return h;
  }

  /** A binary-table HDU; throws `NOT_FOUND` or `WRONG_TYPE`. */
  table(selector: HduSelector): BinTableHdu {
    const h = this.hdu(selector);
    if (!(h instanceof BinTableHdu)) {
      throw new FitsError("WRONG_TYPE", `HDU ${h.index} (${h.name}) is not a binary table`, h.path, "a BINTABLE");
    }
    return h;
  }

  /** An image HDU (primary or IMAGE); throws `NOT_FOUND` or `WRONG_TYPE`. */
  image(selector: HduSelector): ImageHdu {
    const h = this.hdu(selector);
    if (!(h instanceof ImageHdu)) {
      throw new FitsError("WRONG_TYPE", `HDU ${h.index} (${h.name}) is not an image`, h.path, "an image HDU");
    }
    return h;
  }

  /** Verifies DATASUM and CHECKSUM of every HDU that has them. Reads every byte of the file. */
  verifyChecksums(): ChecksumResult[] {
    const out: ChecksumResult[] = [];
    for (const h of this.hdus) {
      const checksum = h.header.getString("CHECKSUM");
      const datasum = h.header.getString("DATASUM");
      if (checksum === undefined && datasum === undefined) continue;
      const dataSum = onesComplementSum(
        padded(this.source.read(h.dataOffset, paddedSize(h.dataBytes)), paddedSize(h.dataBytes)),
      );
      const headerSum = onesComplementSum(this.source.read(h.headerOffset, h.dataOffset - h.headerOffset));
      const total = addSums(headerSum, dataSum);
      out.push({
        hdu: h.index,
        datasumOk: datasum === undefined ? undefined : Number(datasum.trim()) === dataSum,
        checksumOk: checksum === undefined ? undefined : total === 0xffffffff || total === 0,
      });
    }
    return out;
  }

  /** Releases the underlying source (closes the file handle of a file-backed source). */
  close(): void {
    this.source.close?.();
  }
}

function makeHdu(init: HduInit, index: number): AnyHdu {
  if (index === 0) return new ImageHdu(init);
  const x = String(init.header.get("XTENSION") ?? "")
    .trim()
    .toUpperCase();
  if (x === "IMAGE") return new ImageHdu(init);
  if (x === "BINTABLE") return new BinTableHdu(init);
  return new Hdu(init);
}

function checkSignature(source: ByteSource, name?: string): void {
  const head = ascii(source.read(0, 80));
  if (!head.startsWith("SIMPLE  =")) {
    throw new FitsError(
      "NOT_FITS",
      "the bytes do not start with a FITS primary header",
      { file: name },
      "'SIMPLE  =' in the first card",
    );
  }
  if (source.size < BLOCK) {
    throw new FitsError(
      "TRUNCATED",
      `file has ${source.size} bytes, less than one 2880-byte header block`,
      { file: name, hdu: 0 },
      ">= 2880 bytes",
    );
  }
}

function ascii(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function padded(bytes: Uint8Array, size: number): Uint8Array {
  if (bytes.length >= size) return bytes;
  const out = new Uint8Array(size);
  out.set(bytes);
  return out;
}
