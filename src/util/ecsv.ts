/**
 * A reader of astropy's ECSV text tables (the format of the HAWC catalogs in gammapy-data): a YAML header in `# `
 * comment lines (`datatype` list with name, unit, datatype, description; `meta`; optional `delimiter`), then a header
 * row of column names and one line per row, fields separated by spaces (or the declared delimiter), strings quoted
 * with `"` when they contain the delimiter. Scalar columns only.
 */
import { parse as parseYaml } from "yaml";
import { GammatsError } from "./errors.js";
import { type MetaValue, Table, type TableColumn } from "./table.js";

const FLOAT_TYPES = new Set(["float64", "float32", "float16", "float128"]);
const INT_TYPES = new Set(["int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64"]);

interface EcsvColumnSpec {
  readonly name: string;
  readonly datatype: string;
  readonly unit?: string;
  readonly description?: string;
}

function ecsvError(message: string, file: string | undefined, key: string, expected?: string): GammatsError {
  return new GammatsError("BAD_ECSV", message, { file, key }, expected);
}

/**
 * Splits one data line into fields: runs of the delimiter (space) separate fields, a field in double quotes may
 * contain the delimiter, and `""` inside quotes is a literal quote (CSV rules, as astropy writes it).
 */
export function splitEcsvLine(line: string, delimiter = " "): string[] {
  const out: string[] = [];
  let i = 0;
  const n = line.length;
  const space = delimiter === " ";
  while (i <= n) {
    if (space) while (i < n && (line[i] === " " || line[i] === "\t")) i++;
    if (i >= n) {
      if (!space && (out.length > 0 || n === 0)) out.push("");
      break;
    }
    let field = "";
    if (line[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) break;
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += line[i++];
      }
      while (i < n && line[i] !== delimiter && !(space && line[i] === "\t")) field += line[i++];
    } else {
      while (i < n && line[i] !== delimiter && !(space && line[i] === "\t")) field += line[i++];
    }
    out.push(field);
    if (i < n)
      i++; // the delimiter
    else break;
  }
  return out;
}

function metaValue(v: unknown): MetaValue {
  if (v === null || typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  return JSON.stringify(v instanceof Map ? Object.fromEntries(v) : v);
}

/** Flattens ECSV `meta` (a mapping, or astropy's `!!omap` list of one-key mappings) into table metadata. */
function readMeta(meta: unknown): Record<string, MetaValue> {
  const out: Record<string, MetaValue> = {};
  const add = (obj: unknown) => {
    if (obj instanceof Map) for (const [k, v] of obj) out[String(k)] = metaValue(v);
    else if (obj && typeof obj === "object") for (const [k, v] of Object.entries(obj)) out[k] = metaValue(v);
  };
  if (Array.isArray(meta)) meta.forEach(add);
  else add(meta);
  return out;
}

/**
 * Parses ECSV text into a `Table`: float columns become `Float64Array`/`Float32Array` (empty fields and `nan` are
 * NaN), integer columns `Float64Array` (exact up to 2^53; empty fields NaN), `bool` columns `Uint8Array`, strings
 * `string[]`. Units and descriptions are kept; `meta` becomes the table metadata. Throws `BAD_ECSV` naming the line
 * or column for malformed input.
 */
export function readEcsv(text: string, file?: string): Table {
  const lines = text.split(/\r?\n/);
  const headerLines: string[] = [];
  let k = 0;
  for (; k < lines.length && lines[k].startsWith("#"); k++) headerLines.push(lines[k].replace(/^# ?/, ""));
  if (!/^%ECSV \d/.test(headerLines[0] ?? ""))
    throw ecsvError("not an ECSV file", file, "line 1", "a first line '# %ECSV <version>'");
  let header: { datatype?: unknown; meta?: unknown; delimiter?: unknown };
  try {
    header = (parseYaml(headerLines.slice(1).join("\n"), { logLevel: "error" }) ?? {}) as typeof header;
  } catch (e) {
    throw ecsvError(`cannot parse the YAML header: ${(e as Error).message}`, file, "header", "valid YAML");
  }
  if (!Array.isArray(header.datatype)) throw ecsvError("no 'datatype' list", file, "header.datatype", "a list");
  const specs = header.datatype.map((d, i) => {
    const s = d as Partial<EcsvColumnSpec> & { subtype?: unknown };
    if (typeof s?.name !== "string" || typeof s.datatype !== "string")
      throw ecsvError("a column has no name or datatype", file, `header.datatype[${i}]`, "name and datatype");
    if (s.subtype !== undefined)
      throw ecsvError(`column '${s.name}' has subtype ${String(s.subtype)}`, file, s.name, "scalar columns");
    return s as EcsvColumnSpec;
  });
  const delimiter = header.delimiter === undefined ? " " : String(header.delimiter);
  if (delimiter !== " " && delimiter !== ",")
    throw ecsvError(`unsupported delimiter '${delimiter}'`, file, "header.delimiter", "space or comma");

  const body = lines.slice(k).filter((l) => l.trim() !== "");
  if (body.length === 0) throw ecsvError("no column-name row", file, `line ${k + 1}`, "a row of column names");
  const names = splitEcsvLine(body[0], delimiter);
  if (names.length !== specs.length || names.some((n, i) => n !== specs[i].name))
    throw ecsvError(
      `column-name row '${body[0]}' does not match the header`,
      file,
      `line ${k + 1}`,
      specs.map((s) => s.name).join(" "),
    );
  const nrows = body.length - 1;
  const cells: string[][] = specs.map(() => new Array<string>(nrows));
  for (let r = 0; r < nrows; r++) {
    const fields = splitEcsvLine(body[r + 1], delimiter);
    if (fields.length !== specs.length)
      throw ecsvError(
        `row has ${fields.length} fields`,
        file,
        `data row ${r + 1}`,
        `${specs.length} fields (${specs.map((s) => s.name).join(", ")})`,
      );
    for (let c = 0; c < specs.length; c++) cells[c][r] = fields[c];
  }

  const columns: TableColumn[] = specs.map((s, c) => {
    const raw = cells[c];
    const base = { name: s.name, unit: s.unit, description: s.description };
    if (s.datatype === "string") return { ...base, data: raw };
    if (s.datatype === "bool") {
      const data = new Uint8Array(nrows);
      raw.forEach((v, r) => {
        if (v === "True" || v === "true" || v === "1") data[r] = 1;
        else if (!(v === "False" || v === "false" || v === "0"))
          throw ecsvError(`'${v}' is not a boolean`, file, `${s.name}[${r}]`, "True or False");
      });
      return { ...base, data };
    }
    if (FLOAT_TYPES.has(s.datatype) || INT_TYPES.has(s.datatype)) {
      const data = s.datatype === "float32" ? new Float32Array(nrows) : new Float64Array(nrows);
      raw.forEach((v, r) => {
        const t = v.trim();
        const x =
          t === "" || /^[+-]?nan$/i.test(t) ? Number.NaN : /^[+-]?inf(inity)?$/i.test(t) ? parseInf(t) : Number(t);
        if (Number.isNaN(x) && !(t === "" || /nan/i.test(t)))
          throw ecsvError(`'${v}' is not a number`, file, `${s.name}[${r}]`, s.datatype);
        data[r] = x;
      });
      return { ...base, data };
    }
    throw ecsvError(`unsupported datatype '${s.datatype}'`, file, s.name, "string, bool, int* or float*");
  });
  return new Table(columns, readMeta(header.meta));
}

function parseInf(t: string): number {
  return t.startsWith("-") ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
}
