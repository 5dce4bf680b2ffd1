/**
 * A DL3 data store: the HDU and observation index tables of a folder of DL3 files (or index tables made from the
 * EVENTS headers of files without index), and access to its observations.
 */

import { transformTo } from "../coords/frames.js";
import { metToTime, Time, timeRefFromHeader, timeToMet } from "../coords/time.js";
import { readTable } from "../fits/table-io.js";
import { GammatsError } from "../util/errors.js";
import { type MetaValue, Table, type TableColumn } from "../util/table.js";
import { baseName, dirName, type FileProvider, joinPath } from "./files.js";
import { HDU_TYPES, HduIndexTable, type HduLocation, type HduType } from "./hdu-index.js";
import { ObservationTable } from "./obs-table.js";
import { Observation } from "./observation.js";

/** HDUs an observation must have: a named set (as Gammapy) or an explicit list. */
export type RequiredIrf = "full-enclosure" | "point-like" | "all-optional" | readonly HduType[];

const REQUIRED: Record<string, readonly HduType[]> = {
  "full-enclosure": ["aeff", "edisp", "psf", "bkg"],
  "point-like": ["aeff", "edisp"],
  "all-optional": [],
};

/** Default index file names, as Gammapy. */
export const DEFAULT_HDU_TABLE = "hdu-index.fits.gz";
/** Default observation index file name. */
export const DEFAULT_OBS_TABLE = "obs-index.fits.gz";

/** Options of `DataStore.getObservations`. */
export interface GetObservationsOptions {
  /** Skip ids that are not in the store instead of throwing. Default false. */
  readonly skipMissing?: boolean;
  /** HDUs that must be present; observations lacking them are skipped (default `full-enclosure`). */
  readonly requiredIrf?: RequiredIrf;
  /** Receives the ids skipped and why. */
  readonly onSkip?: (obsId: number, reason: string) => void;
}

/** A data store of DL3 observations. */
export class DataStore {
  readonly hduTable: HduIndexTable;
  readonly obsTable?: ObservationTable;
  readonly files: FileProvider;

  constructor(hduTable: HduIndexTable, obsTable: ObservationTable | undefined, files: FileProvider) {
    this.hduTable = hduTable;
    this.obsTable = obsTable;
    this.files = files;
  }

  /**
   * A data store from a folder with index tables (`hdu-index.fits.gz`, optional `obs-index.fits.gz`, or other names
   * relative to the folder). FILE_DIR entries are relative to the folder of the HDU index.
   */
  static fromDir(
    files: FileProvider,
    baseDir: string,
    hduTableName = DEFAULT_HDU_TABLE,
    obsTableName = DEFAULT_OBS_TABLE,
  ): DataStore {
    const hduPath = joinPath(baseDir, hduTableName);
    if (!files.exists(hduPath)) {
      throw new GammatsError(
        "NOT_FOUND",
        "no HDU index table",
        { file: hduPath },
        `${hduTableName} in the data store folder`,
      );
    }
    const hduFits = files.openFits(hduPath);
    const hduTable = new HduIndexTable(readTable(hduFits.table(1)), dirName(hduPath), hduPath);
    const obsPath = joinPath(baseDir, obsTableName);
    const obsTable = files.exists(obsPath)
      ? new ObservationTable(readTable(files.openFits(obsPath).table(1)))
      : undefined;
    return new DataStore(hduTable, obsTable, files);
  }

  /**
   * A data store from DL3 files without index tables (Gammapy's `DataStore.from_events_files`): each file holds the
   * EVENTS and GTI HDUs and, if present, its IRFs (HDUs found by their HDUCLAS keywords).
   */
  static fromEventsFiles(files: FileProvider, paths: readonly string[]): DataStore {
    const hduRows: { obsId: number; type: string; cls: string; dir: string; name: string; hdu: string }[] = [];
    const obsRows: Record<string, MetaValue>[] = [];
    for (const path of paths) {
      const fits = files.openFits(path);
      const events = fits.table("EVENTS");
      const h = events.header;
      const obsId = h.requireInt("OBS_ID");
      const add = (type: string, cls: string, hdu: string) =>
        hduRows.push({ obsId, type, cls, dir: dirName(path), name: baseName(path), hdu });
      add("events", "events", events.name);
      const gti = fits.find("GTI");
      if (gti) add("gti", "gti", gti.name);
      for (const hdu of fits.hdus) {
        const cls4 = String(hdu.header.get("HDUCLAS4") ?? "")
          .trim()
          .toLowerCase();
        const type = IRF_TYPE_OF_CLASS[cls4];
        if (type) add(type, cls4, hdu.name);
      }
      const row: Record<string, MetaValue> = { OBS_ID: obsId };
      for (const k of OBS_KEYS) {
        const v = h.get(k);
        if (typeof v === "number" || typeof v === "string") row[k] = v;
      }
      // TSTART/TSTOP re-expressed relative to the table's reference (Gammapy copies them unchanged).
      const ref = timeRefFromHeader(h, path);
      for (const k of ["TSTART", "TSTOP"]) {
        if (typeof row[k] === "number") row[k] = timeToMet(OBS_TABLE_REF, metToTime(ref, row[k] as number));
      }
      if (typeof row.RA_PNT === "number" && typeof row.DEC_PNT === "number") {
        const g = transformTo({ lon: row.RA_PNT, lat: row.DEC_PNT, frame: "icrs" }, "galactic");
        row.GLON_PNT = g.lon;
        row.GLAT_PNT = g.lat;
      }
      row.EVENT_COUNT = events.nrows;
      obsRows.push(row);
    }
    const hduTable = new Table(
      [
        { name: "OBS_ID", data: Float64Array.from(hduRows, (r) => r.obsId) },
        { name: "HDU_TYPE", data: hduRows.map((r) => r.type) },
        { name: "HDU_CLASS", data: hduRows.map((r) => r.cls) },
        { name: "FILE_DIR", data: hduRows.map((r) => r.dir) },
        { name: "FILE_NAME", data: hduRows.map((r) => r.name) },
        { name: "HDU_NAME", data: hduRows.map((r) => r.hdu) },
      ],
      { HDUCLASS: "GADF", HDUVERS: "0.2", HDUCLAS1: "INDEX", HDUCLAS2: "HDU" },
    );
    const keys = [...new Set(obsRows.flatMap((r) => Object.keys(r)))];
    const columns: TableColumn[] = keys.map((k) =>
      obsRows.every((r) => typeof r[k] === "number" || r[k] === undefined)
        ? { name: k, data: Float64Array.from(obsRows, (r) => (r[k] === undefined ? Number.NaN : Number(r[k]))) }
        : { name: k, data: obsRows.map((r) => String(r[k] ?? "")) },
    );
    const obsMeta = {
      MJDREFI: 51544,
      MJDREFF: 0.5,
      TIMEUNIT: "s",
      TIMESYS: "TT",
      HDUCLASS: "GADF",
      HDUCLAS1: "INDEX",
      HDUCLAS2: "OBS",
    };
    return new DataStore(new HduIndexTable(hduTable, ""), new ObservationTable(new Table(columns, obsMeta)), files);
  }

  /** Sorted unique observation ids of the HDU index. */
  get obsIds(): number[] {
    return this.hduTable.obsIds;
  }

  /**
   * One observation. Throws `NOT_FOUND` for an unknown id and `MISSING_HDU` when a required HDU is absent
   * (`requiredIrf`, default `full-enclosure`; events and GTI are always required).
   */
  obs(obsId: number, requiredIrf: RequiredIrf = "full-enclosure"): Observation {
    if (!this.hduTable.rows(obsId).length) {
      throw new GammatsError(
        "NOT_FOUND",
        `observation ${obsId} is not in the HDU index`,
        { key: "OBS_ID" },
        "an OBS_ID of the index",
      );
    }
    const required = new Set<HduType>([
      "events",
      "gti",
      ...(typeof requiredIrf === "string" ? REQUIRED[requiredIrf] : requiredIrf),
    ]);
    const locations: Partial<Record<HduType, HduLocation>> = {};
    const missing: HduType[] = [];
    for (const type of HDU_TYPES) {
      const loc = this.hduTable.location(obsId, type);
      if (loc) locations[type] = loc;
      else if (required.has(type)) missing.push(type);
    }
    if (missing.length) {
      throw new GammatsError(
        "MISSING_HDU",
        `observation ${obsId} lacks required HDUs: ${missing.join(", ")}`,
        { key: missing[0] },
        [...required].join(", "),
      );
    }
    return new Observation(obsId, locations, this.files);
  }

  /**
   * Observations for a list of ids (default: all, sorted). Unknown ids throw unless `skipMissing`; observations
   * lacking a required HDU are skipped (reported to `onSkip`), as Gammapy does.
   */
  getObservations(obsIds: readonly number[] = this.obsIds, options: GetObservationsOptions = {}): Observation[] {
    const out: Observation[] = [];
    for (const id of obsIds) {
      try {
        out.push(this.obs(id, options.requiredIrf ?? "full-enclosure"));
      } catch (err) {
        if (err instanceof GammatsError && err.code === "MISSING_HDU") {
          options.onSkip?.(id, err.message);
          continue;
        }
        if (err instanceof GammatsError && err.code === "NOT_FOUND" && options.skipMissing) {
          options.onSkip?.(id, err.message);
          continue;
        }
        throw err;
      }
    }
    return out;
  }

  /** A summary like Gammapy's `DataStore.info()`. */
  info(): string {
    const s = this.hduTable.summary();
    const lines = [
      "Data store:",
      "HDU index table:",
      `BASE_DIR: ${this.hduTable.baseDir || "."}`,
      `Rows: ${s.rows}`,
      `OBS_ID: ${s.obsIdRange[0]} -- ${s.obsIdRange[1]}`,
      `HDU_TYPE: [${s.hduTypes.map((t) => `'${t}'`).join(", ")}]`,
      `HDU_CLASS: [${s.hduClasses.map((t) => `'${t}'`).join(", ")}]`,
      "",
      this.obsTable
        ? `Observation table:\nNumber of observations: ${this.obsTable.length}`
        : "No observation index table.",
    ];
    return lines.join("\n");
  }
}

/** Time reference of observation tables made from files (as Gammapy's DataStoreMaker: MJD 51544.5 TT). */
const OBS_TABLE_REF = { time: Time.fromMjd(51544, "tt", 0.5), scale: "tt" as const, unitSeconds: 1 };

/** HDU type for each IRF HDUCLAS4, for building an index from files. */
const IRF_TYPE_OF_CLASS: Readonly<Record<string, HduType>> = {
  aeff_2d: "aeff",
  edisp_2d: "edisp",
  psf_table: "psf",
  psf_3gauss: "psf",
  psf_king: "psf",
  bkg_2d: "bkg",
  bkg_3d: "bkg",
  rad_max_2d: "rad_max",
};

/** EVENTS header keywords copied into an observation table made from files. */
const OBS_KEYS = [
  "TSTART",
  "TSTOP",
  "ONTIME",
  "LIVETIME",
  "DEADC",
  "TELESCOP",
  "RA_PNT",
  "DEC_PNT",
  "ALT_PNT",
  "AZ_PNT",
  "OBJECT",
  "N_TELS",
  "DATE-OBS",
  "DATE-END",
];
