/**
 * Parameter covariance (Gammapy's `Covariance`): a symmetric matrix over a list of parameters (in their units), with
 * per-model blocks, the correlation matrix, and the text file Gammapy writes next to a models YAML
 * (`<stem>_covariance.dat`, astropy's `ascii.fixed_width` with `|` delimiters, rows named by the parameters' unique
 * names).
 */
import { ArgumentError, GammatsError } from "../util/errors.js";
import type { Models, SkyModel } from "./models.js";
import { type Parameter, Parameters } from "./parameter.js";

/** A covariance matrix over parameters; `data` is n x n row-major in the parameters' units. */
export class Covariance {
  readonly parameters: Parameters;
  readonly data: Float64Array;

  /** Covariance over `parameters`; default diagonal of the squared errors (as Gammapy). */
  constructor(parameters: Parameters, data?: ArrayLike<number>) {
    const n = parameters.length;
    if (data && data.length !== n * n)
      throw new ArgumentError(`covariance has ${data.length} values`, "data", `${n} x ${n} = ${n * n}`);
    this.parameters = parameters;
    this.data = data ? Float64Array.from(data) : new Float64Array(n * n);
    if (!data) for (let i = 0; i < n; i++) this.data[i * n + i] = parameters.at(i).error ** 2;
  }

  /** Number of parameters. */
  get size(): number {
    return this.parameters.length;
  }

  /** Element (i, j). */
  get(i: number, j: number): number {
    return this.data[i * this.size + j];
  }

  /** Correlation matrix C_ij / sqrt(C_ii C_jj), n x n, with NaN (zero variance) set to 0 as Gammapy. */
  get correlation(): Float64Array {
    const n = this.size;
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const v = this.data[i * n + j] / Math.sqrt(this.data[i * n + i] * this.data[j * n + j]);
        out[i * n + j] = Number.isFinite(v) ? v : 0;
      }
    return out;
  }

  /** The block of some of the parameters (Gammapy's `get_subcovariance`). */
  getSubcovariance(parameters: Parameters): Covariance {
    const idx = [...parameters].map((p) => this.indexOf(p));
    const m = idx.length;
    const n = this.size;
    const out = new Float64Array(m * m);
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) out[i * m + j] = this.data[idx[i] * n + idx[j]];
    return new Covariance(parameters, out);
  }

  /**
   * Sets the block of `other`'s parameters (Gammapy's `set_subcovariance`): when the block changes, the rows and
   * columns of those parameters are cleared first (their correlations with the rest are no longer known).
   */
  setSubcovariance(other: Covariance): void {
    const idx = [...other.parameters].map((p) => this.indexOf(p));
    const n = this.size;
    const m = idx.length;
    let same = true;
    for (let i = 0; i < m && same; i++)
      for (let j = 0; j < m; j++) {
        const a = this.data[idx[i] * n + idx[j]];
        const b = other.data[i * m + j];
        if (Math.abs(a - b) > 1e-8 + 1e-5 * Math.abs(b)) {
          same = false;
          break;
        }
      }
    if (!same)
      for (const i of idx)
        for (let k = 0; k < n; k++) {
          this.data[i * n + k] = 0;
          this.data[k * n + i] = 0;
        }
    for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) this.data[idx[i] * n + idx[j]] = other.data[i * m + j];
  }

  /** The block of one model's parameters. */
  forModel(model: SkyModel): Covariance {
    return this.getSubcovariance(model.parameters);
  }

  /** Sets the parameters' errors to the square roots of the diagonal. */
  applyErrors(): void {
    for (let i = 0; i < this.size; i++) this.parameters.at(i).error = Math.sqrt(Math.max(0, this.get(i, i)));
  }

  private indexOf(p: Parameter): number {
    const i = this.parameters.indexOf(p);
    if (i < 0)
      throw new ArgumentError(`parameter '${p.name}' is not in the covariance`, p.name, "a covariance parameter");
    return i;
  }
}

/** Python's `repr` of a float (what astropy writes): shortest round-trip digits, exponent form outside 1e-4..1e16. */
export function pythonFloatRepr(v: number): string {
  if (Number.isNaN(v)) return "nan";
  if (!Number.isFinite(v)) return v > 0 ? "inf" : "-inf";
  if (v === 0) return Object.is(v, -0) ? "-0.0" : "0.0";
  const a = Math.abs(v);
  if (a >= 1e-4 && a < 1e16) {
    const s = String(v);
    return /[.e]/.test(s) ? s : `${s}.0`;
  }
  const [m, e] = v.toExponential().split("e");
  const exp = Number(e);
  return `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
}

/**
 * The covariance file of a models YAML as Gammapy writes it (`Models.write_covariance`): a `Parameters` column of
 * unique names (`model.role.name`) then one column per parameter index, astropy's fixed-width layout.
 */
export function covarianceToText(models: Models, covariance: Covariance): string {
  const names = models.parameterNames();
  const n = covariance.size;
  const rows: string[][] = [["Parameters", ...Array.from({ length: n }, (_, i) => String(i))]];
  for (let i = 0; i < n; i++) {
    const p = covariance.parameters.at(i);
    rows.push([names.get(p) ?? p.name, ...Array.from({ length: n }, (_, j) => pythonFloatRepr(covariance.get(i, j)))]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return `${rows.map((r) => `| ${r.map((v, c) => v.padStart(widths[c])).join(" | ")} |`).join("\n")}\n`;
}

/**
 * Reads a covariance file (Gammapy's fixed-width layout above) for `models`: rows are matched to the models'
 * parameters by unique name. Throws `BAD_COVARIANCE` naming the file for a malformed table or unknown names.
 */
export function covarianceFromText(text: string, models: Models, file?: string): Covariance {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !/^\s*\|?[-=\s|]+\|?\s*$/.test(l));
  const cells = lines.map((l) =>
    l
      .trim()
      .replace(/^\|/, "")
      .replace(/\|$/, "")
      .split("|")
      .map((c) => c.trim()),
  );
  const bad = (message: string, key: string) =>
    new GammatsError("BAD_COVARIANCE", message, { file, key }, "Gammapy's covariance table of the models");
  if (cells.length < 2 || cells[0][0] !== "Parameters") throw bad("no 'Parameters' header", "Parameters");
  const n = cells.length - 1;
  const byName = new Map([...models.parameterNames()].map(([p, name]) => [name, p]));
  const params = cells.slice(1).map((r, i) => {
    const p = byName.get(r[0]);
    if (!p) throw bad(`unknown parameter '${r[0]}' in row ${i + 1}`, r[0]);
    if (r.length !== n + 1) throw bad(`row ${r[0]} has ${r.length - 1} values`, r[0]);
    return p;
  });
  const data = new Float64Array(n * n);
  cells.slice(1).forEach((r, i) => {
    for (let j = 0; j < n; j++) {
      const v = Number(r[j + 1].replace(/^nan$/i, "NaN").replace(/^(-?)inf$/i, "$1Infinity"));
      if (Number.isNaN(v) && !/nan/i.test(r[j + 1])) throw bad(`'${r[j + 1]}' is not a number`, r[0]);
      data[i * n + j] = v;
    }
  });
  return new Covariance(new Parameters(params), data);
}
