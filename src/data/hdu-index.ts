/**
 * The GADF HDU index table (`hdu-index.fits.gz`): where each HDU of each observation lives
 * (OBS_ID, HDU_TYPE, HDU_CLASS, FILE_DIR, FILE_NAME, HDU_NAME).
 */
import { GammatsError } from "../util/errors.js";
import type { Table } from "../util/table.js";
import { joinPath } from "./files.js";

/** HDU types of the GADF index, in Gammapy's order. */
export const HDU_TYPES = ["events", "gti", "aeff", "edisp", "psf", "bkg", "rad_max"] as const;
/** One HDU type. */
export type HduType = (typeof HDU_TYPES)[number];
/** The IRF HDU types. */
export const IRF_TYPES = ["aeff", "edisp", "psf", "bkg", "rad_max"] as const;
/** One IRF type. */
export type IrfType = (typeof IRF_TYPES)[number];

/** HDU classes of the GADF index. */
export const HDU_CLASSES = [
  "events",
  "gti",
  "aeff_2d",
  "edisp_2d",
  "psf_table",
  "psf_3gauss",
  "psf_king",
  "bkg_2d",
  "bkg_3d",
  "rad_max_2d",
] as const;

/** Where one HDU lives. */
export interface HduLocation {
  readonly obsId: number;
  readonly hduType: string;
  readonly hduClass: string;
  /** Path of the file: base dir + FILE_DIR + FILE_NAME. */
  readonly path: string;
  /** EXTNAME of the HDU in that file. */
  readonly hduName: string;
}

const REQUIRED = ["OBS_ID", "HDU_TYPE", "HDU_CLASS", "FILE_DIR", "FILE_NAME", "HDU_NAME"];

/** The HDU index: a table plus the base directory its FILE_DIR entries are relative to. */
export class HduIndexTable {
  readonly table: Table;
  readonly baseDir: string;
  private readonly obsIdColumn: Float64Array;
  private readonly types: string[];
  private readonly classes: string[];

  /** Wraps an index table; throws `GammatsError` `BAD_INDEX` when a required column is missing. */
  constructor(table: Table, baseDir: string, file?: string) {
    for (const c of REQUIRED) {
      if (!table.has(c)) {
        throw new GammatsError("BAD_INDEX", `HDU index has no column ${c}`, { file, key: c }, REQUIRED.join(", "));
      }
    }
    this.table = table;
    this.baseDir = baseDir;
    this.obsIdColumn = table.float64("OBS_ID");
    this.types = table.strings("HDU_TYPE").map((s) => s.trim().toLowerCase());
    this.classes = table.strings("HDU_CLASS").map((s) => s.trim().toLowerCase());
  }

  /** Sorted unique observation ids. */
  get obsIds(): number[] {
    return [...new Set(this.obsIdColumn)].sort((a, b) => a - b);
  }

  /** Row indices matching an observation and optionally an HDU type and/or class. */
  rows(obsId: number, hduType?: string, hduClass?: string): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.table.nrows; i++) {
      if (this.obsIdColumn[i] !== obsId) continue;
      if (hduType && this.types[i] !== hduType) continue;
      if (hduClass && this.classes[i] !== hduClass) continue;
      out.push(i);
    }
    return out;
  }

  /** Location of a row. */
  locationOf(row: number): HduLocation {
    const t = this.table;
    return {
      obsId: this.obsIdColumn[row],
      hduType: this.types[row],
      hduClass: this.classes[row],
      path: joinPath(this.baseDir, String(t.value("FILE_DIR", row)).trim(), String(t.value("FILE_NAME", row)).trim()),
      hduName: String(t.value("HDU_NAME", row)).trim(),
    };
  }

  /** Location of the HDU of a type (and/or class) of an observation; the first match, or `undefined`. */
  location(obsId: number, hduType?: string, hduClass?: string): HduLocation | undefined {
    const rows = this.rows(obsId, hduType, hduClass);
    return rows.length ? this.locationOf(rows[0]) : undefined;
  }

  /** Distinct values of HDU_TYPE and HDU_CLASS, for summaries. */
  summary(): { rows: number; obsIdRange: [number, number]; hduTypes: string[]; hduClasses: string[] } {
    const ids = this.obsIds;
    return {
      rows: this.table.nrows,
      obsIdRange: [ids[0], ids[ids.length - 1]],
      hduTypes: [...new Set(this.types)].sort(),
      hduClasses: [...new Set(this.classes)].sort(),
    };
  }
}
