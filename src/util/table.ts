/**
 * A small column-oriented table (the role astropy's `Table` plays in Gammapy): named columns of typed arrays or
 * strings, each with an optional unit and cell shape, plus header-like metadata. Rows are selected by index lists or
 * boolean masks without copying column by column more than once.
 */
import { ArgumentError } from "./errors.js";
import { type BigIntArray, type NumericArray, toFloat64 } from "./ndarray.js";

/** Metadata value (FITS-header-like). */
export type MetaValue = string | number | bigint | boolean | null;

/** Storage of a column: numbers, 64-bit integers, or strings. Booleans are `Uint8Array` 0/1. */
export type ColumnData = NumericArray | BigIntArray | string[];

/** One table column. `data.length === nrows * product(cellShape)`. */
export interface TableColumn {
  readonly name: string;
  readonly data: ColumnData;
  /** Unit string as in FITS TUNIT (e.g. `TeV`, `deg`, `m2`), if any. */
  readonly unit?: string;
  /** C-order shape of one cell (`[]` for scalars). */
  readonly cellShape?: readonly number[];
  /** Free-text description. */
  readonly description?: string;
}

/** An immutable column-oriented table. */
export class Table {
  readonly columns: readonly TableColumn[];
  readonly meta: Readonly<Record<string, MetaValue>>;
  readonly nrows: number;
  private readonly byName = new Map<string, TableColumn>();

  constructor(columns: readonly TableColumn[], meta: Record<string, MetaValue> = {}) {
    this.columns = columns;
    this.meta = meta;
    let nrows: number | undefined;
    for (const c of columns) {
      const per = cellSize(c);
      const n = per === 0 ? 0 : c.data.length / per;
      if (!Number.isInteger(n))
        throw new ArgumentError(`column ${c.name}: length ${c.data.length} is not a multiple of its cell size ${per}`);
      if (nrows === undefined) nrows = n;
      else if (n !== nrows && per !== 0)
        throw new ArgumentError(`column ${c.name} has ${n} rows, others have ${nrows}`);
      this.byName.set(c.name.toUpperCase(), c);
    }
    this.nrows = nrows ?? 0;
  }

  /** Column names in order. */
  get colnames(): string[] {
    return this.columns.map((c) => c.name);
  }

  /** Whether a column exists (case-insensitive). */
  has(name: string): boolean {
    return this.byName.has(name.toUpperCase());
  }

  /** A column by name (case-insensitive); throws `ArgumentError` listing the columns if absent. */
  column(name: string): TableColumn {
    const c = this.byName.get(name.toUpperCase());
    if (!c) throw new ArgumentError(`no column ${name}`, name, `one of ${this.colnames.join(", ")}`);
    return c;
  }

  /** A numeric column as `Float64Array` (copy unless already Float64; 64-bit integers converted to numbers). */
  float64(name: string): Float64Array {
    const d = this.column(name).data;
    if (d instanceof Float64Array) return d;
    if (Array.isArray(d)) throw new ArgumentError(`column ${name} holds strings, not numbers`, name);
    return toFloat64(d as ArrayLike<number | bigint>);
  }

  /** A string column; numbers are formatted. */
  strings(name: string): string[] {
    const d = this.column(name).data;
    return Array.isArray(d) ? d : Array.from(d as ArrayLike<number | bigint>, String);
  }

  /** The value of a scalar cell as number or string (64-bit integers become numbers). */
  value(name: string, row: number): number | string {
    const d = this.column(name).data;
    const v = d[row];
    return typeof v === "bigint" ? Number(v) : v;
  }

  /** One row as a plain object of scalar values (vector cells are omitted). */
  row(i: number): Record<string, number | string> {
    const out: Record<string, number | string> = {};
    for (const c of this.columns) if (cellSize(c) === 1) out[c.name] = this.value(c.name, i);
    return out;
  }

  /** A new table with the rows at `indices` (in that order). */
  take(indices: ArrayLike<number>): Table {
    const cols = this.columns.map((c) => ({ ...c, data: takeRows(c.data, indices, cellSize(c)) }));
    return new Table(cols, { ...this.meta });
  }

  /** A new table with the rows where `mask` is non-zero/true. */
  filter(mask: ArrayLike<number | boolean>): Table {
    return this.take(maskToIndices(mask));
  }

  /** A new table with extra or replaced columns. */
  withColumns(columns: readonly TableColumn[]): Table {
    const replaced = new Set(columns.map((c) => c.name.toUpperCase()));
    return new Table([...this.columns.filter((c) => !replaced.has(c.name.toUpperCase())), ...columns], {
      ...this.meta,
    });
  }

  /** A new table with different metadata. */
  withMeta(meta: Record<string, MetaValue>): Table {
    return new Table(this.columns, meta);
  }
}

/** Number of elements in one cell of a column. */
export function cellSize(c: TableColumn): number {
  return (c.cellShape ?? []).reduce((a, b) => a * b, 1);
}

/** Indices of the non-zero/true entries of a mask. */
export function maskToIndices(mask: ArrayLike<number | boolean>): Int32Array {
  let n = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) n++;
  const out = new Int32Array(n);
  let k = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) out[k++] = i;
  return out;
}

function takeRows(data: ColumnData, indices: ArrayLike<number>, per: number): ColumnData {
  const n = indices.length;
  if (Array.isArray(data)) {
    const out: string[] = new Array(n * per);
    for (let i = 0; i < n; i++) for (let j = 0; j < per; j++) out[i * per + j] = data[indices[i] * per + j];
    return out;
  }
  const Ctor = data.constructor as new (len: number) => typeof data;
  const out = new Ctor(n * per);
  for (let i = 0; i < n; i++) {
    const src = indices[i] * per;
    for (let j = 0; j < per; j++) (out as unknown as number[])[i * per + j] = (data as unknown as number[])[src + j];
  }
  return out;
}
