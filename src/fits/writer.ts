/**
 * Writing FITS files: a primary HDU, IMAGE and BINTABLE extensions built from typed arrays (types, units, TDIM for
 * multi-dimensional cells, unsigned-integer conventions, variable-length arrays with a heap), serialised with
 * 2880-byte padding and, by default, CHECKSUM/DATASUM on every HDU. Files written here read back in astropy
 * unchanged.
 */
import { ArgumentError } from "../util/errors.js";
import { addSums, encodeChecksum, onesComplementSum } from "./checksum.js";
import { paddedSize } from "./hdu.js";
import { type FitsValue, Header } from "./header.js";
import type { BigIntArray, NumericArray } from "./image.js";
import { formatTDim } from "./tform.js";

/** Extra header cards: key, value and optional comment. */
export interface CardInput {
  readonly key: string;
  readonly value: FitsValue;
  readonly comment?: string;
}

/** An image HDU to write (the first HDU of a file becomes the primary HDU). */
export interface ImageHduSpec {
  readonly kind: "image";
  /** Pixel values in C order; omitted for an empty HDU (NAXIS = 0). */
  readonly data?: NumericArray | BigIntArray;
  /** C-order shape `[NAXISn, ..., NAXIS1]`; default `[data.length]`. */
  readonly shape?: readonly number[];
  /** EXTNAME. */
  readonly name?: string;
  /** Extra cards after the mandatory ones. */
  readonly cards?: readonly CardInput[];
}

/** Per-row arrays of a variable-length-array column. */
export interface VarArrayData {
  readonly rows: readonly (NumericArray | BigIntArray)[];
}

/** One column of a binary table to write. */
export interface ColumnSpec {
  readonly name: string;
  /**
   * Values in C order over `[nrows, ...cellShape]`: a typed array (TFORM from its type), strings (A), or per-row arrays
   * for a variable-length column (P, or Q when the heap is beyond 2 GiB).
   */
  readonly data: NumericArray | BigIntArray | readonly string[] | VarArrayData;
  /**
   * C-order shape of one cell (default `[]`: one value per row). TDIM is written for more than one dimension, or for
   * any cell shape when `tdim` is true (as astropy writes multidimensional table columns of shape (n, k)).
   */
  readonly cellShape?: readonly number[];
  /** TUNIT. */
  readonly unit?: string;
  /** Write TDIM even for a one-dimensional cell shape. */
  readonly tdim?: boolean;
  /** Write a Uint8Array of 0/1 as logical (L) instead of bytes (B). */
  readonly logical?: boolean;
  /** Character width for string columns (default: the longest string, at least 1). */
  readonly width?: number;
}

/** A binary-table HDU to write. */
export interface TableHduSpec {
  readonly kind: "bintable";
  readonly name?: string;
  readonly columns: readonly ColumnSpec[];
  /** Extra cards after the column keywords. */
  readonly cards?: readonly CardInput[];
}

/** Any HDU to write. */
export type HduSpec = ImageHduSpec | TableHduSpec;

/** Options of `writeFits`. */
export interface WriteOptions {
  /** Add CHECKSUM and DATASUM to every HDU (default true). */
  readonly checksum?: boolean;
}

/** Serialises HDUs to a FITS file. A table as the first HDU gets an empty primary HDU in front. */
export function writeFits(hdus: readonly HduSpec[], options: WriteOptions = {}): Uint8Array {
  const list = hdus.length === 0 || hdus[0].kind === "bintable" ? [{ kind: "image" } as ImageHduSpec, ...hdus] : hdus;
  const parts = list
    .map((h, i) => (h.kind === "image" ? imageHdu(h, i === 0) : tableHdu(h)))
    .map((p) => finish(p, options.checksum ?? true));
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

interface Built {
  header: Header;
  data: Uint8Array;
}

function finish(b: Built, checksum: boolean): Uint8Array {
  // the HEASARC long-string convention recommends announcing CONTINUE cards
  if (!b.header.has("LONGSTRN") && b.header.cards.some((c) => typeof c.value === "string" && c.value.length > 68)) {
    b.header.set("LONGSTRN", "OGIP 1.0", "The OGIP long string convention may be used");
  }
  const data = new Uint8Array(paddedSize(b.data.length));
  data.set(b.data);
  if (checksum) {
    const dataSum = onesComplementSum(data);
    b.header.set("CHECKSUM", "0000000000000000", "HDU checksum");
    b.header.set("DATASUM", String(dataSum), "data unit checksum");
    const sum = addSums(onesComplementSum(b.header.toBytes()), dataSum);
    b.header.set("CHECKSUM", encodeChecksum(sum), "HDU checksum");
  }
  const head = b.header.toBytes();
  const out = new Uint8Array(head.length + data.length);
  out.set(head);
  out.set(data, head.length);
  return out;
}

function addCards(h: Header, cards: readonly CardInput[] | undefined): void {
  for (const c of cards ?? []) {
    if (c.key === "COMMENT") h.addComment(String(c.value ?? ""));
    else if (c.key === "HISTORY") h.addHistory(String(c.value ?? ""));
    else h.set(c.key, c.value, c.comment);
  }
}

const IMAGE_TYPES: ReadonlyArray<[new (n: number) => NumericArray | BigIntArray, number, number]> = [
  [Uint8Array, 8, 0],
  [Int8Array, 8, -128],
  [Int16Array, 16, 0],
  [Uint16Array, 16, 32768],
  [Int32Array, 32, 0],
  [Uint32Array, 32, 2147483648],
  [BigInt64Array, 64, 0],
  [BigUint64Array, 64, 2 ** 63],
  [Float32Array, -32, 0],
  [Float64Array, -64, 0],
];

function imageHdu(spec: ImageHduSpec, primary: boolean): Built {
  const h = new Header();
  if (primary) h.set("SIMPLE", true, "conforms to FITS standard");
  else h.set("XTENSION", "IMAGE", "Image extension");
  const data = spec.data;
  const entry = data ? IMAGE_TYPES.find(([C]) => data instanceof C) : undefined;
  if (data && !entry) throw new ArgumentError("unsupported image array type", spec.name);
  const bitpix = entry ? entry[1] : 8;
  const shape = data ? [...(spec.shape ?? [data.length])] : [];
  if (data && shape.reduce((a, b) => a * b, 1) !== data.length) {
    throw new ArgumentError(`image shape ${shape.join("x")} does not match ${data.length} values`, spec.name);
  }
  h.set("BITPIX", bitpix, "array data type");
  h.set("NAXIS", shape.length, "number of array dimensions");
  for (const [i, n] of [...shape].reverse().entries()) h.set(`NAXIS${i + 1}`, n);
  if (primary) h.set("EXTEND", true);
  else {
    h.set("PCOUNT", 0, "number of group parameters");
    h.set("GCOUNT", 1, "number of groups");
  }
  if (entry && entry[2] !== 0) {
    h.set("BZERO", entry[2]);
    h.set("BSCALE", 1);
  }
  if (spec.name) h.set("EXTNAME", spec.name, "extension name");
  addCards(h, spec.cards);
  const bytes = data ? encodeValues(data, bitpix, entry ? entry[2] : 0) : new Uint8Array(0);
  return { header: h, data: bytes };
}

/** Big-endian bytes of values stored with a BITPIX (unsigned conventions shifted by their zero point). */
function encodeValues(data: NumericArray | BigIntArray, bitpix: number, zero: number): Uint8Array {
  const n = data.length;
  const size = Math.abs(bitpix) / 8;
  const out = new Uint8Array(n * size);
  const view = new DataView(out.buffer);
  for (let i = 0; i < n; i++) writeElement(view, i * size, data[i], bitpix, zero);
  return out;
}

function writeElement(view: DataView, o: number, v: number | bigint, bitpix: number, zero: number): void {
  switch (bitpix) {
    case 8:
      view.setUint8(o, Number(v) - zero);
      break;
    case 16:
      view.setInt16(o, Number(v) - zero);
      break;
    case 32:
      view.setInt32(o, Number(v) - zero);
      break;
    case 64:
      if (zero !== 0) view.setBigUint64(o, (v as bigint) ^ 0x8000000000000000n);
      else view.setBigInt64(o, v as bigint);
      break;
    case -32:
      view.setFloat32(o, v as number);
      break;
    default:
      view.setFloat64(o, v as number);
  }
}

/** Column layout decided from its data. */
interface ColumnPlan {
  spec: ColumnSpec;
  code: string;
  repeat: number;
  width: number;
  bitpix: number;
  zero: number;
  vla?: "P" | "Q";
}

function isVar(data: ColumnSpec["data"]): data is VarArrayData {
  return typeof data === "object" && data !== null && "rows" in data && Array.isArray((data as VarArrayData).rows);
}

const TABLE_TYPES: ReadonlyArray<[new (n: number) => NumericArray | BigIntArray, string, number, number]> = [
  [Uint8Array, "B", 8, 0],
  [Int8Array, "B", 8, -128],
  [Int16Array, "I", 16, 0],
  [Uint16Array, "I", 16, 32768],
  [Int32Array, "J", 32, 0],
  [Uint32Array, "J", 32, 2147483648],
  [BigInt64Array, "K", 64, 0],
  [BigUint64Array, "K", 64, 2 ** 63],
  [Float32Array, "E", -32, 0],
  [Float64Array, "D", -64, 0],
];

function plan(spec: ColumnSpec, nrows: number, heapBytes: number): ColumnPlan {
  const perCell = (spec.cellShape ?? []).reduce((a, b) => a * b, 1);
  if (isVar(spec.data)) {
    const first = spec.data.rows.find((r) => r.length > 0) ?? new Float64Array(0);
    const entry = TABLE_TYPES.find(([C]) => first instanceof C);
    if (!entry) throw new ArgumentError(`column ${spec.name}: unsupported array type`, spec.name);
    const vla = heapBytes > 2 ** 31 - 1 ? "Q" : "P";
    return { spec, code: entry[1], repeat: 1, width: vla === "P" ? 8 : 16, bitpix: entry[2], zero: entry[3], vla };
  }
  if (Array.isArray(spec.data)) {
    const strings = spec.data as readonly string[];
    const w = spec.width ?? Math.max(1, ...strings.map((s) => s.length));
    return { spec, code: "A", repeat: w * perCell, width: w * perCell, bitpix: 8, zero: 0 };
  }
  const data = spec.data as NumericArray | BigIntArray;
  if (data.length !== nrows * perCell) {
    throw new ArgumentError(
      `column ${spec.name} has ${data.length} values, ${nrows} rows x ${perCell} need ${nrows * perCell}`,
      spec.name,
    );
  }
  if (spec.logical) return { spec, code: "L", repeat: perCell, width: perCell, bitpix: 8, zero: 0 };
  const entry = TABLE_TYPES.find(([C]) => data instanceof C);
  if (!entry) throw new ArgumentError(`column ${spec.name}: unsupported array type`, spec.name);
  return {
    spec,
    code: entry[1],
    repeat: perCell,
    width: perCell * (Math.abs(entry[2]) / 8),
    bitpix: entry[2],
    zero: entry[3],
  };
}

function rowCount(spec: ColumnSpec): number {
  const perCell = (spec.cellShape ?? []).reduce((a, b) => a * b, 1);
  if (isVar(spec.data)) return spec.data.rows.length;
  return perCell === 0 ? 0 : spec.data.length / perCell;
}

function tableHdu(spec: TableHduSpec): Built {
  const nrows = spec.columns.length ? rowCount(spec.columns[0]) : 0;
  for (const c of spec.columns) {
    if (rowCount(c) !== nrows)
      throw new ArgumentError(`column ${c.name} has ${rowCount(c)} rows, others ${nrows}`, c.name);
  }
  // heap size first (decides P or Q)
  let heapBytes = 0;
  for (const c of spec.columns) {
    if (isVar(c.data)) for (const r of c.data.rows) heapBytes += r.length * r.BYTES_PER_ELEMENT;
  }
  const plans = spec.columns.map((c) => plan(c, nrows, heapBytes));
  const rowBytes = plans.reduce((n, p) => n + p.width, 0);
  const h = new Header();
  h.set("XTENSION", "BINTABLE", "binary table extension");
  h.set("BITPIX", 8, "array data type");
  h.set("NAXIS", 2, "number of array dimensions");
  h.set("NAXIS1", rowBytes, "length of dimension 1");
  h.set("NAXIS2", nrows, "length of dimension 2");
  h.set("PCOUNT", heapBytes, "number of group parameters");
  h.set("GCOUNT", 1, "number of groups");
  h.set("TFIELDS", plans.length, "number of table fields");
  plans.forEach((p, i) => {
    const n = i + 1;
    h.set(`TTYPE${n}`, p.spec.name);
    const max = p.vla ? `(${Math.max(0, ...(p.spec.data as VarArrayData).rows.map((r) => r.length))})` : "";
    h.set(`TFORM${n}`, p.vla ? `${p.vla}${p.code}${max}` : `${p.repeat}${p.code}`);
    if (p.zero !== 0) {
      h.set(`TZERO${n}`, p.zero);
      h.set(`TSCAL${n}`, 1);
    }
    if (p.spec.unit) h.set(`TUNIT${n}`, p.spec.unit);
    const cell = p.spec.cellShape ?? [];
    if (p.code === "A" && cell.length > 0)
      h.set(`TDIM${n}`, formatTDim([...cell, p.repeat / cell.reduce((a, b) => a * b, 1)]));
    else if (cell.length > 1 || (p.spec.tdim && cell.length > 0)) h.set(`TDIM${n}`, formatTDim(cell));
  });
  if (spec.name) h.set("EXTNAME", spec.name, "extension name");
  addCards(h, spec.cards);

  const bytes = new Uint8Array(rowBytes * nrows + heapBytes);
  const view = new DataView(bytes.buffer);
  let colOffset = 0;
  let heapPos = 0;
  const heapStart = rowBytes * nrows;
  for (const p of plans) {
    const d = p.spec.data;
    if (isVar(d)) {
      const size = Math.abs(p.bitpix) / 8;
      d.rows.forEach((row, r) => {
        const o = r * rowBytes + colOffset;
        if (p.vla === "P") {
          view.setInt32(o, row.length);
          view.setInt32(o + 4, heapPos);
        } else {
          view.setBigInt64(o, BigInt(row.length));
          view.setBigInt64(o + 8, BigInt(heapPos));
        }
        for (let j = 0; j < row.length; j++)
          writeElement(view, heapStart + heapPos + j * size, row[j], p.bitpix, p.zero);
        heapPos += row.length * size;
      });
    } else if (p.code === "A") {
      const strings = d as readonly string[];
      const perCell = (p.spec.cellShape ?? []).reduce((a, b) => a * b, 1);
      const w = p.repeat / perCell;
      for (let r = 0; r < nrows; r++) {
        for (let j = 0; j < perCell; j++) {
          const s = strings[r * perCell + j] ?? "";
          const o = r * rowBytes + colOffset + j * w;
          for (let k = 0; k < w; k++) bytes[o + k] = k < s.length ? s.charCodeAt(k) & 0xff : 0x20;
        }
      }
    } else if (p.code === "L") {
      const v = d as Uint8Array;
      for (let r = 0; r < nrows; r++) {
        for (let j = 0; j < p.repeat; j++) bytes[r * rowBytes + colOffset + j] = v[r * p.repeat + j] ? 0x54 : 0x46;
      }
    } else {
      const v = d as NumericArray | BigIntArray;
      const size = Math.abs(p.bitpix) / 8;
      for (let r = 0; r < nrows; r++) {
        const o = r * rowBytes + colOffset;
        for (let j = 0; j < p.repeat; j++) writeElement(view, o + j * size, v[r * p.repeat + j], p.bitpix, p.zero);
      }
    }
    colOffset += p.width;
  }
  return { header: h, data: bytes };
}
