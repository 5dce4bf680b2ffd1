/**
 * Binary-table HDUs: column descriptors from TTYPEn/TFORMn/TDIMn/TUNITn/TSCALn/TZEROn/TNULLn, and lazy decoding of
 * one column at a time into typed arrays (the rest of the table is not decoded). Variable-length arrays (P/Q) are read
 * from the heap with every descriptor bounds-checked.
 */
import type { ErrorPath } from "../util/errors.js";
import { toFloat64 } from "../util/ndarray.js";
import { FitsError } from "./errors.js";
import { dataLayout, Hdu, type HduInit } from "./hdu.js";
import type { BigIntArray, NumericArray } from "./image.js";
import { ELEMENT_BYTES, parseTDim, parseTForm, type TForm, type TFormType } from "./tform.js";

/** Description of one binary-table column. */
export interface ColumnInfo {
  /** 1-based column number n (as in TTYPEn). */
  readonly index: number;
  /** TTYPEn (may be empty). */
  readonly name: string;
  readonly tform: TForm;
  /** TUNITn, if any. */
  readonly unit?: string;
  /**
   * C-order shape of one cell: `[]` for scalars, `[repeat]` for plain vectors, the reversed TDIMn otherwise. For `A`
   * columns the character dimension is dropped (a cell of TDIM `(8,3)` is 3 strings). Complex cells get no extra axis
   * here; decoded complex columns add a trailing axis of 2.
   */
  readonly cellShape: readonly number[];
  /** Byte offset of the column within a row. */
  readonly offset: number;
  readonly tscal: number;
  readonly tzero: number;
  /** TNULLn for integer columns, if any. */
  readonly tnull?: number | bigint;
  /** TDIMn text, if any. */
  readonly tdim?: string;
}

/** A decoded fixed-size numeric, logical or bit column. */
export interface NumericColumn {
  readonly kind: "numeric";
  readonly info: ColumnInfo;
  /** Values in C order, `shape = [nrows, ...cellShape]` (+ `[2]` for complex). */
  readonly data: NumericArray;
  readonly shape: number[];
}

/** A decoded 64-bit integer column (K), exact. */
export interface BigIntColumn {
  readonly kind: "bigint";
  readonly info: ColumnInfo;
  readonly data: BigIntArray;
  readonly shape: number[];
}

/** A decoded character column: one string per cell element (trailing spaces and NULs removed, as astropy). */
export interface StringColumn {
  readonly kind: "string";
  readonly info: ColumnInfo;
  readonly data: string[];
  readonly shape: number[];
}

/** A decoded variable-length-array column: one array (or string, for `PA`) per row. */
export interface VarColumn {
  readonly kind: "vla";
  readonly info: ColumnInfo;
  readonly rows: Array<NumericArray | BigIntArray | string>;
}

/** Any decoded column. */
export type Column = NumericColumn | BigIntColumn | StringColumn | VarColumn;

/** Rows read per chunk when decoding a column from a file-backed source. */
const CHUNK_BYTES = 8 * 1024 * 1024;

/** A BINTABLE extension. Column decoding is lazy: `column(name)` reads and decodes only that column. */
export class BinTableHdu extends Hdu {
  /** Number of rows (NAXIS2). */
  readonly nrows: number;
  /** Bytes per row (NAXIS1). */
  readonly rowBytes: number;
  /** Offset of the heap from the start of the data (THEAP, default NAXIS1 * NAXIS2). */
  readonly heapOffset: number;
  private _columns?: ColumnInfo[];

  constructor(init: HduInit) {
    super(init);
    const layout = dataLayout(init.header, false);
    if (layout.bitpix !== 8 || layout.naxes.length !== 2) {
      throw new FitsError("BAD_KEYWORD", "a BINTABLE needs BITPIX = 8 and NAXIS = 2", this.path, "BITPIX 8, NAXIS 2");
    }
    this.rowBytes = layout.naxes[0];
    this.nrows = layout.naxes[1];
    const tableBytes = this.rowBytes * this.nrows;
    const theap = init.header.getInt("THEAP") ?? tableBytes;
    if (theap < tableBytes || theap > this.dataBytes) {
      throw new FitsError(
        "BAD_HEAP",
        `THEAP = ${theap} outside the data`,
        { ...this.path, key: "THEAP" },
        `${tableBytes}..${this.dataBytes}`,
      );
    }
    this.heapOffset = theap;
  }

  /** Column descriptors. Throws `BAD_TFORM` if any TFORMn is invalid or the widths do not add up to NAXIS1. */
  get columns(): readonly ColumnInfo[] {
    this._columns ??= parseColumns(this);
    return this._columns;
  }

  /** Column names (TTYPEn) in order. */
  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** Descriptor of a column by name (case-insensitive) or 1-based number, or `undefined`. */
  findColumn(name: string | number): ColumnInfo | undefined {
    if (typeof name === "number") return this.columns[name - 1];
    const upper = name.toUpperCase();
    return this.columns.find((c) => c.name === name) ?? this.columns.find((c) => c.name.toUpperCase() === upper);
  }

  /** Whether a column exists (case-insensitive). */
  hasColumn(name: string): boolean {
    return this.findColumn(name) !== undefined;
  }

  /** Descriptor of a column; throws `NOT_FOUND` listing the available columns. */
  columnInfo(name: string | number): ColumnInfo {
    const c = this.findColumn(name);
    if (!c) {
      throw new FitsError(
        "NOT_FOUND",
        `no column ${name}`,
        { ...this.path, key: String(name) },
        `one of ${this.columnNames.join(", ")}`,
      );
    }
    return c;
  }

  /** Decodes one column. */
  column(name: string | number): Column {
    const info = this.columnInfo(name);
    const path: ErrorPath = { ...this.path, key: info.name || `column ${info.index}` };
    if (info.tform.vla) return this.readVla(info, path);
    if (info.tform.type === "A") return this.readStrings(info);
    return this.readFixed(info);
  }

  /**
   * A numeric column as `Float64Array` (C order, shape `[nrows, ...cellShape]`): integer, float and logical columns,
   * with scaling applied; 64-bit integers converted (exact below 2^53). Throws `WRONG_TYPE` for strings, complex and
   * variable-length columns.
   */
  float64(name: string | number): { data: Float64Array; shape: number[]; unit?: string } {
    const col = this.column(name);
    if (col.kind === "vla" || col.kind === "string" || col.info.tform.type === "C" || col.info.tform.type === "M") {
      throw new FitsError(
        "WRONG_TYPE",
        `column ${col.info.name} is not real-numeric`,
        { ...this.path, key: col.info.name },
        "a numeric column",
      );
    }
    const src = col.data;
    const data = src instanceof Float64Array ? src : toFloat64(src as ArrayLike<number | bigint>);
    return { data, shape: col.shape, unit: col.info.unit };
  }

  /** A character column as strings (flattened over the cell shape). Throws `WRONG_TYPE` otherwise. */
  strings(name: string | number): string[] {
    const col = this.column(name);
    if (col.kind === "string") return col.data;
    if (col.kind === "vla" && col.info.tform.type === "A") return col.rows as string[];
    throw new FitsError(
      "WRONG_TYPE",
      `column ${col.info.name} is not a character column`,
      { ...this.path, key: col.info.name },
      "TFORM A",
    );
  }

  /** Calls `fn` on consecutive chunks of whole rows: bytes of `count` rows starting at row `start`. */
  private forEachChunk(fn: (bytes: Uint8Array, start: number, count: number) => void): void {
    const rowsPerChunk = Math.max(1, Math.floor(CHUNK_BYTES / Math.max(1, this.rowBytes)));
    for (let start = 0; start < this.nrows; start += rowsPerChunk) {
      const count = Math.min(rowsPerChunk, this.nrows - start);
      const bytes = this.source.read(this.dataOffset + start * this.rowBytes, count * this.rowBytes);
      if (bytes.length < count * this.rowBytes) throw new FitsError("TRUNCATED", "table data cut short", this.path);
      fn(bytes, start, count);
    }
  }

  private readFixed(info: ColumnInfo): NumericColumn | BigIntColumn {
    const { type, repeat } = info.tform;
    const nPerRow = type === "C" || type === "M" ? 2 * repeat : repeat;
    const total = this.nrows * nPerRow;
    const shape = [this.nrows, ...info.cellShape];
    if (type === "C" || type === "M") shape.push(2);
    const scaled = info.tscal !== 1 || info.tzero !== 0;
    const unsigned = !scaled ? undefined : unsignedKind(type, info.tscal, info.tzero);
    const outBytes = type === "K" || type === "D" || type === "M" || (scaled && !unsigned) ? 8 : ELEMENT_BYTES[type];
    this.checkCap(total * outBytes, `column ${info.name}`);
    if (total === 0) {
      const empty =
        type === "K" ? (unsigned ? new BigUint64Array(0) : new BigInt64Array(0)) : makeArray(type, 0, scaled, unsigned);
      return type === "K" && !(scaled && !unsigned)
        ? { kind: "bigint", info, data: empty as BigIntArray, shape }
        : { kind: "numeric", info, data: empty as NumericArray, shape };
    }

    if (type === "K") return this.readInt64(info, shape, total, scaled && !unsigned, unsigned !== undefined);

    const out = makeArray(type, total, scaled, unsigned);
    const reader = elementReader(type);
    const elBytes = type === "C" ? 4 : type === "M" ? 8 : ELEMENT_BYTES[type];
    const nullRaw = info.tnull === undefined ? undefined : Number(info.tnull);
    if (!scaled && (type === "E" || type === "D" || type === "C" || type === "M" || type === "I" || type === "J")) {
      this.forEachChunk((bytes, start, count) =>
        decodePlain(bytes, count, this.rowBytes, info.offset, type, nPerRow, out, start * nPerRow),
      );
      return { kind: "numeric", info, data: out, shape };
    }
    this.forEachChunk((bytes, start, count) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let k = start * nPerRow;
      for (let r = 0; r < count; r++) {
        const base = r * this.rowBytes + info.offset;
        if (type === "X") {
          for (let j = 0; j < repeat; j++) out[k++] = (bytes[base + (j >> 3)] >> (7 - (j & 7))) & 1;
          continue;
        }
        for (let j = 0; j < nPerRow; j++) {
          const v = reader(view, base + elBytes * j);
          if (!scaled) out[k++] = v;
          else if (unsigned) out[k++] = v + info.tzero;
          else out[k++] = v === nullRaw ? Number.NaN : v * info.tscal + info.tzero;
        }
      }
    });
    return { kind: "numeric", info, data: out, shape };
  }

  /** K columns: exact (BigInt64Array, or BigUint64Array for TZERO = 2^63), or scaled to Float64Array. */
  private readInt64(
    info: ColumnInfo,
    shape: number[],
    total: number,
    toFloat: boolean,
    unsigned: boolean,
  ): NumericColumn | BigIntColumn {
    const repeat = info.tform.repeat;
    const out = toFloat ? new Float64Array(total) : unsigned ? new BigUint64Array(total) : new BigInt64Array(total);
    const nullBig = info.tnull === undefined ? undefined : BigInt(info.tnull);
    this.forEachChunk((bytes, start, count) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let k = start * repeat;
      for (let r = 0; r < count; r++) {
        const base = r * this.rowBytes + info.offset;
        for (let j = 0; j < repeat; j++) {
          if (toFloat) {
            const v = view.getBigInt64(base + 8 * j);
            out[k++] = v === nullBig ? Number.NaN : Number(v) * info.tscal + info.tzero;
          } else if (unsigned) out[k++] = view.getBigUint64(base + 8 * j) ^ 0x8000000000000000n;
          else out[k++] = view.getBigInt64(base + 8 * j);
        }
      }
    });
    return toFloat
      ? { kind: "numeric", info, data: out as Float64Array, shape }
      : { kind: "bigint", info, data: out as BigIntArray, shape };
  }

  private readStrings(info: ColumnInfo): StringColumn {
    const perCell = info.cellShape.reduce((a, b) => a * b, 1);
    const width = perCell === 0 ? 0 : info.tform.repeat / perCell;
    // strings cost at least a pointer each, plus their characters
    this.checkCap(this.nrows * (perCell * 8 + info.tform.repeat * 2), `column ${info.name}`);
    const out: string[] = new Array(this.nrows * perCell);
    if (width === 0) {
      out.fill("");
      return { kind: "string", info, data: out, shape: [this.nrows, ...info.cellShape] };
    }
    this.forEachChunk((bytes, start, count) => {
      let k = start * perCell;
      for (let r = 0; r < count; r++) {
        const base = r * this.rowBytes + info.offset;
        for (let j = 0; j < perCell; j++) out[k++] = decodeString(bytes, base + j * width, width);
      }
    });
    return { kind: "string", info, data: out, shape: [this.nrows, ...info.cellShape] };
  }

  private readVla(info: ColumnInfo, path: ErrorPath): VarColumn {
    const { type, vla, repeat } = info.tform;
    const rows: Array<NumericArray | BigIntArray | string> = new Array(this.nrows);
    if (repeat === 0) {
      for (let r = 0; r < this.nrows; r++) rows[r] = makeArray(type, 0, false, undefined);
      return { kind: "vla", info, rows };
    }
    const heapStart = this.heapOffset;
    const heapEnd = this.dataBytes;
    const elBytes = type === "X" ? 1 : ELEMENT_BYTES[type];
    const descriptors = new Float64Array(2 * this.nrows);
    this.forEachChunk((bytes, start, count) => {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      for (let r = 0; r < count; r++) {
        const base = r * this.rowBytes + info.offset;
        const n = vla === "P" ? view.getInt32(base) : Number(view.getBigInt64(base));
        const off = vla === "P" ? view.getInt32(base + 4) : Number(view.getBigInt64(base + 8));
        const nBytes = type === "X" ? Math.ceil(n / 8) : n * elBytes;
        if (n < 0 || off < 0 || heapStart + off + nBytes > heapEnd || !Number.isSafeInteger(heapStart + off + nBytes)) {
          throw new FitsError(
            "BAD_HEAP",
            `row ${start + r}: descriptor (n=${n}, offset=${off}) points outside the heap of ${heapEnd - heapStart} bytes`,
            path,
            "offset + size within the heap",
          );
        }
        descriptors[2 * (start + r)] = n;
        descriptors[2 * (start + r) + 1] = off;
      }
    });
    let totalBytes = 0;
    for (let r = 0; r < this.nrows; r++)
      totalBytes += descriptors[2 * r] * (type === "K" || type === "M" ? 8 : elBytes);
    this.checkCap(totalBytes, `column ${info.name}`);
    const heap = this.source.read(this.dataOffset + heapStart, heapEnd - heapStart);
    const view = new DataView(heap.buffer, heap.byteOffset, heap.byteLength);
    const reader = type === "A" || type === "K" ? undefined : elementReader(type);
    for (let r = 0; r < this.nrows; r++) {
      const n = descriptors[2 * r];
      const off = descriptors[2 * r + 1];
      if (type === "A") {
        rows[r] = decodeString(heap, off, n);
      } else if (type === "K") {
        const arr = new BigInt64Array(n);
        for (let j = 0; j < n; j++) arr[j] = view.getBigInt64(off + 8 * j);
        rows[r] = arr;
      } else if (type === "X") {
        const arr = new Uint8Array(n);
        for (let j = 0; j < n; j++) arr[j] = (heap[off + (j >> 3)] >> (7 - (j & 7))) & 1;
        rows[r] = arr;
      } else {
        const m = type === "C" || type === "M" ? 2 * n : n;
        const step = type === "C" ? 4 : type === "M" ? 8 : elBytes;
        const arr = makeArray(type, m, false, undefined);
        for (let j = 0; j < m; j++) arr[j] = (reader as ElementReader)(view, off + step * j);
        rows[r] = arr;
      }
    }
    return { kind: "vla", info, rows };
  }
}

type ElementReader = (view: DataView, offset: number) => number;

/** Fast path: big-endian floats and 16/32-bit integers of `count` rows into `out` from `outStart`. */
function decodePlain(
  bytes: Uint8Array,
  count: number,
  rowBytes: number,
  colOffset: number,
  type: "E" | "D" | "C" | "M" | "I" | "J",
  nPerRow: number,
  out: NumericArray,
  outStart: number,
): void {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let k = outStart;
  for (let r = 0; r < count; r++) {
    let o = r * rowBytes + colOffset;
    switch (type) {
      case "E":
      case "C":
        for (let j = 0; j < nPerRow; j++, o += 4) out[k++] = view.getFloat32(o);
        break;
      case "D":
      case "M":
        for (let j = 0; j < nPerRow; j++, o += 8) out[k++] = view.getFloat64(o);
        break;
      case "I":
        for (let j = 0; j < nPerRow; j++, o += 2) out[k++] = view.getInt16(o);
        break;
      default:
        for (let j = 0; j < nPerRow; j++, o += 4) out[k++] = view.getInt32(o);
    }
  }
}

function elementReader(type: TFormType): ElementReader {
  switch (type) {
    case "L":
      return (v, o) => (v.getUint8(o) === 0x54 ? 1 : 0);
    case "B":
    case "X":
      return (v, o) => v.getUint8(o);
    case "I":
      return (v, o) => v.getInt16(o);
    case "J":
      return (v, o) => v.getInt32(o);
    case "E":
    case "C":
      return (v, o) => v.getFloat32(o);
    case "D":
    case "M":
      return (v, o) => v.getFloat64(o);
    default:
      return (v, o) => Number(v.getBigInt64(o));
  }
}

/** The unsigned typed-array kind for the TZERO conventions, or undefined. */
function unsignedKind(type: TFormType, tscal: number, tzero: number): "i8" | "u16" | "u32" | "u64" | undefined {
  if (tscal !== 1) return undefined;
  if (type === "B" && tzero === -128) return "i8";
  if (type === "I" && tzero === 32768) return "u16";
  if (type === "J" && tzero === 2147483648) return "u32";
  if (type === "K" && tzero === 2 ** 63) return "u64";
  return undefined;
}

function makeArray(type: TFormType, n: number, scaled: boolean, unsigned: string | undefined): NumericArray {
  if (unsigned === "i8") return new Int8Array(n);
  if (unsigned === "u16") return new Uint16Array(n);
  if (unsigned === "u32") return new Uint32Array(n);
  if (scaled) return new Float64Array(n);
  switch (type) {
    case "L":
    case "X":
    case "B":
      return new Uint8Array(n);
    case "I":
      return new Int16Array(n);
    case "J":
      return new Int32Array(n);
    case "E":
    case "C":
      return new Float32Array(n);
    default:
      return new Float64Array(n);
  }
}

/** Latin-1 string of `width` bytes, cut at the first NUL, trailing spaces removed. */
function decodeString(bytes: Uint8Array, start: number, width: number): string {
  let end = start;
  const stop = start + width;
  while (end < stop && bytes[end] !== 0) end++;
  while (end > start && bytes[end - 1] === 0x20) end--;
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function parseColumns(hdu: BinTableHdu): ColumnInfo[] {
  const h = hdu.header;
  const tfields = h.requireInt("TFIELDS");
  if (tfields < 0 || tfields > 999) {
    throw new FitsError("BAD_KEYWORD", `TFIELDS = ${tfields}`, { ...h.path, key: "TFIELDS" }, "0..999");
  }
  const cols: ColumnInfo[] = [];
  let offset = 0;
  for (let n = 1; n <= tfields; n++) {
    const key = `TFORM${n}`;
    const tform = parseTForm(h.requireString(key), { ...h.path, key });
    const name = (h.getString(`TTYPE${n}`) ?? "").trim();
    const tscal = h.getNumber(`TSCAL${n}`) ?? 1;
    const tzero = h.getNumber(`TZERO${n}`) ?? 0;
    const rawNull = h.get(`TNULL${n}`);
    const tnull = typeof rawNull === "number" || typeof rawNull === "bigint" ? rawNull : undefined;
    const tdim = h.getString(`TDIM${n}`);
    const unit = h.getString(`TUNIT${n}`)?.trim() || undefined;
    cols.push({
      index: n,
      name,
      tform,
      unit,
      cellShape: cellShape(tform, tdim, { ...h.path, key: `TDIM${n}` }),
      offset,
      tscal,
      tzero,
      tnull,
      tdim,
    });
    offset += tform.width;
  }
  if (offset !== hdu.rowBytes) {
    throw new FitsError(
      "BAD_TFORM",
      `column widths add up to ${offset} bytes but NAXIS1 = ${hdu.rowBytes}`,
      { ...h.path, key: "NAXIS1" },
      "the sum of the TFORMn widths",
    );
  }
  return cols;
}

function cellShape(tform: TForm, tdim: string | undefined, path: ErrorPath): number[] {
  if (tform.vla) return [];
  if (tdim === undefined || tdim.trim() === "") {
    if (tform.type === "A") return [];
    return tform.repeat === 1 ? [] : [tform.repeat];
  }
  const dims = parseTDim(tdim, path);
  const product = dims.reduce((a, b) => a * b, 1);
  if (product !== tform.repeat) {
    throw new FitsError(
      "BAD_TDIM",
      `TDIM ${tdim} has ${product} elements but TFORM ${tform.text} has ${tform.repeat}`,
      path,
      `${tform.repeat} elements`,
    );
  }
  // For character columns the first FITS dimension (last in C order) is the string length.
  return tform.type === "A" ? dims.slice(0, -1) : dims;
}
