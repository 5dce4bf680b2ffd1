/**
 * Reading a binary-table HDU into a `Table` (all or selected columns) with the header as metadata.
 */
import { type MetaValue, Table, type TableColumn } from "../util/table.js";
import type { BinTableHdu } from "./bintable.js";
import type { Header } from "./header.js";

/** Header keywords that describe the table layout, left out of `Table.meta`. */
const STRUCTURAL =
  /^(XTENSION|BITPIX|NAXIS\d*|PCOUNT|GCOUNT|TFIELDS|THEAP|T(TYPE|FORM|UNIT|DIM|SCAL|ZERO|NULL|DISP)\d+)$/;

/** The non-structural value keywords of a header as table metadata (complex values become strings). */
export function headerMeta(header: Header): Record<string, MetaValue> {
  const meta: Record<string, MetaValue> = {};
  for (const [k, v] of Object.entries(header.toRecord())) {
    if (STRUCTURAL.test(k)) continue;
    meta[k] = v !== null && typeof v === "object" ? `(${v.re}, ${v.im})` : v;
  }
  return meta;
}

/**
 * Reads columns of a binary table into a `Table`. By default every fixed-size column is read; variable-length columns
 * are skipped unless named (and then rejected with `WRONG_TYPE`, since a `Table` holds fixed-size cells only).
 */
export function readTable(hdu: BinTableHdu, columns?: readonly string[]): Table {
  const names = columns ?? hdu.columns.filter((c) => !c.tform.vla).map((c) => c.name);
  const out: TableColumn[] = names.map((name) => {
    const col = hdu.column(name);
    if (col.kind === "vla") {
      return { name: col.info.name, data: hdu.strings(name) }; // throws WRONG_TYPE unless a string VLA
    }
    return { name: col.info.name, data: col.data, unit: col.info.unit, cellShape: col.shape.slice(1) };
  });
  return new Table(out, headerMeta(hdu.header));
}
