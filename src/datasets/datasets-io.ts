/**
 * Gammapy's datasets YAML (`Datasets.write` / `Datasets.read`): an index `datasets: [{name, type, filename}]` next to
 * one file per dataset in its type's own format. Readers and writers are pluggable `DatasetFormat`s, one per dataset
 * kind; file access goes through `DatasetFiles` (bytes in, bytes out) so that this module runs in a browser, and the
 * Node entry point (`datasets/node.ts`) provides a folder on disk.
 *
 * The formats of this layer: `spectrumFormat` (SpectrumDatasetOnOff/SpectrumDataset: OGIP file sets, or GADF files,
 * told apart by their HDUs) and `fluxPointsFormat` (FluxPointsDataset: a gadf-sed table with mask_safe/mask_fit
 * columns). Map datasets plug in from the makers layer (`mapDatasetFormat`, `mapDatasetOnOffFormat`), and any new kind
 * by passing its format in `formats`.
 */
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { BinTableHdu } from "../fits/bintable.js";
import { FitsError } from "../fits/errors.js";
import { FitsFile } from "../fits/file.js";
import { readTable } from "../fits/table-io.js";
import { type ColumnSpec, writeFits } from "../fits/writer.js";
import { readEcsv } from "../util/ecsv.js";
import { GammatsError } from "../util/errors.js";
import type { Table } from "../util/table.js";
import type { Dataset } from "./dataset.js";
import { Datasets } from "./datasets.js";
import { fluxPointsDataFromTable } from "./flux-points-data.js";
import { FluxPointsDataset } from "./flux-points-dataset.js";
import { readGadfDataset, writeGadfDataset } from "./io-gadf.js";
import { type DatasetReadOptions, type DatasetWriteOptions, ogipReferences, readOgip, writeOgip } from "./io-ogip.js";
import { SpectrumDataset } from "./spectrum-dataset.js";

/** Access to the files of a datasets index; paths are as `resolve` returns them. */
export interface DatasetFiles {
  /** Bytes of a file; throws `FitsError` `NOT_FOUND` naming the file when it cannot be read. */
  read(path: string): Uint8Array;
  /** Whether a file exists. */
  exists(path: string): boolean;
  /**
   * Path of a file name ($VAR / ${VAR} expanded) relative to the folder of `base` (default: the index's folder);
   * absolute names stay as they are.
   */
  resolve(name: string, base?: string): string;
  /** Writes a file (atomically where the medium allows; gzip when the name ends in .gz). */
  write(path: string, bytes: Uint8Array): void;
}

/** One entry of the index (Gammapy's `Dataset.to_dict`), with any extra keys of the file kept. */
export interface DatasetEntry {
  readonly name: string;
  readonly type: string;
  readonly filename: string;
  readonly [key: string]: unknown;
}

/** Reader and writer of one dataset kind in the datasets YAML. */
export interface DatasetFormat {
  /** The index `type` values this format reads (Gammapy's dataset tags). */
  readonly types: readonly string[];
  /** Reads the dataset of an entry (named as the entry). */
  read(entry: DatasetEntry, files: DatasetFiles, options: DatasetReadOptions): Dataset;
  /** Whether this format writes a dataset. */
  canWrite(dataset: Dataset): boolean;
  /** Writes a dataset's file(s) next to the index; returns its entry. */
  write(dataset: Dataset, files: DatasetFiles, options: DatasetIoWriteOptions): DatasetEntry;
}

/** Options of the writers. */
export interface DatasetIoWriteOptions extends DatasetWriteOptions {
  /** Spectrum datasets: OGIP file sets (default, as Gammapy's `Datasets.write`) or single GADF files. */
  readonly spectrumFormat?: "ogip" | "gadf";
}

function indexError(message: string, file: string, key: string, expected?: string): GammatsError {
  return new GammatsError("BAD_INDEX", message, { file, key }, expected);
}

/** File name without folder and extension. */
function stemOf(path: string): string {
  return path.replace(/^.*[\\/]/, "").replace(/\..*$/, "");
}

/** Gammapy's file name of a dataset (`Dataset.to_dict`): the name with blanks as underscores, `.fits`. */
function fileNameOf(dataset: Dataset): string {
  return `${dataset.name.replace(/ /g, "_")}.fits`;
}

/**
 * Spectrum datasets: `SpectrumDatasetOnOff` and `SpectrumDataset` entries, read from an OGIP PHA file (with the
 * BKG/ARF/RMF files its header names, relative to its folder) or a GADF dataset file; written as OGIP
 * (`pha_obs<name>.fits` + `_bkg`, `_arf`, `_rmf`) or GADF (`<name>.fits`).
 */
export const spectrumFormat: DatasetFormat = {
  types: ["SpectrumDatasetOnOff", "SpectrumDataset"],
  read(entry, files, options) {
    const path = files.resolve(entry.filename);
    const bytes = files.read(path);
    const fits = FitsFile.open(bytes, { name: path });
    let ds: SpectrumDataset;
    if (fits.find("SPECTRUM")) {
      const refs = ogipReferences(bytes, path);
      const companion = (name: string | undefined) => {
        if (!name) return undefined;
        const p = files.resolve(name, path);
        return files.exists(p) ? p : undefined;
      };
      const arf = files.resolve(refs.arf, path);
      const bkg = companion(refs.bkg);
      const rmf = companion(refs.rmf);
      ds = readOgip(
        {
          pha: bytes,
          arf: files.read(arf),
          bkg: bkg === undefined ? undefined : files.read(bkg),
          rmf: rmf === undefined ? undefined : files.read(rmf),
        },
        { ...options, names: { pha: path, arf, bkg, rmf } },
      );
    } else if (fits.find("COUNTS")) ds = readGadfDataset(bytes, { ...options, fileName: path });
    else throw new FitsError("NOT_FOUND", "neither a SPECTRUM nor a COUNTS HDU", { file: path }, "a spectrum dataset");
    if (entry.name) ds.name = entry.name;
    return ds;
  },
  canWrite: (d) => d instanceof SpectrumDataset,
  write(dataset, files, options) {
    const d = dataset as SpectrumDataset;
    if (options.spectrumFormat === "gadf") {
      const filename = fileNameOf(d);
      files.write(files.resolve(filename), writeGadfDataset(d, options));
      return { name: d.name, type: d.tag, filename };
    }
    const filename = `pha_obs${d.name}.fits`;
    const { names, files: bytes } = writeOgip(d, filename, options);
    files.write(files.resolve(names.pha), bytes.pha);
    files.write(files.resolve(names.arf), bytes.arf);
    if (bytes.bkg) files.write(files.resolve(names.bkg), bytes.bkg);
    if (bytes.rmf) files.write(files.resolve(names.rmf), bytes.rmf);
    // Gammapy reads OGIP files as SpectrumDatasetOnOff only
    return { name: d.name, type: "SpectrumDatasetOnOff", filename };
  },
};

/**
 * Flux-point datasets: a gadf-sed table (any SED type; the first table HDU of a FITS file) whose optional
 * `mask_safe`/`mask_fit` columns are the dataset's masks; written as Gammapy's `FluxPointsDataset.write` (the points'
 * own SED type: likelihood tables keep their norms and scans, others become dN/dE).
 */
export const fluxPointsFormat: DatasetFormat = {
  types: ["FluxPointsDataset"],
  read(entry, files) {
    const path = files.resolve(entry.filename);
    const data = fluxPointsDataFromTable(readSedTable(files.read(path), path), { file: path });
    return new FluxPointsDataset({ name: entry.name || stemOf(path), data });
  },
  canWrite: (d) => d instanceof FluxPointsDataset,
  write(dataset, files) {
    const d = dataset as FluxPointsDataset;
    const filename = fileNameOf(d);
    files.write(files.resolve(filename), writeFits(fluxPointsDatasetHdus(d)));
    return { name: d.name, type: d.tag, filename };
  },
};

/** The table of a flux-points file: astropy's ECSV (name ending in .ecsv, scalar columns) or a FITS file's first table. */
export function readSedTable(bytes: Uint8Array, path: string): Table {
  if (/\.ecsv$/i.test(path)) return readEcsv(new TextDecoder().decode(bytes), path);
  const fits = FitsFile.open(bytes, { name: path });
  const hdu = fits.hdus.find((h): h is BinTableHdu => h instanceof BinTableHdu);
  if (!hdu) throw new FitsError("NOT_FOUND", "no table HDU", { file: path }, "a flux points table");
  return readTable(hdu);
}

/** The HDUs of a flux-point dataset's file: empty primary + table of the points and masks (SED_TYPE keyword). */
export function fluxPointsDatasetHdus(d: FluxPointsDataset) {
  const p = d.data;
  const likelihood = p.sedTypeInit === "likelihood";
  const cols: ColumnSpec[] = [{ name: "e_ref", data: p.eRefTeV, unit: "TeV" }];
  // bin edges only for points read with edges (as Gammapy): e_ref-only points keep their reference energies
  if (p.energyAxis.nodeType === "edges")
    cols.push(
      { name: "e_min", data: p.eMinTeV.slice(), unit: "TeV" },
      { name: "e_max", data: p.eMaxTeV.slice(), unit: "TeV" },
    );
  const add = (name: string, v: Float64Array | undefined, unit = "") => {
    if (v) cols.push({ name, data: v, unit });
  };
  if (likelihood) {
    add("ref_dnde", p.dndeRef, "cm-2 s-1 TeV-1");
    add("norm", p.norm);
    add("norm_err", p.normErr);
    add("norm_errn", p.normErrn);
    add("norm_errp", p.normErrp);
    add("norm_ul", p.normUl);
  } else {
    const unit = "cm-2 s-1 TeV-1";
    add("dnde", d.dnde, unit);
    add("dnde_err", d.dndeErr, unit);
    add("dnde_errn", d.dndeErrn, unit);
    add("dnde_errp", d.dndeErrp, unit);
    add("dnde_ul", d.dndeUl, unit);
  }
  add("sqrt_ts", p.sqrtTs);
  add("stat", p.stat);
  cols.push({ name: "is_ul", data: p.isUl, logical: true });
  if (likelihood && p.normScan && p.statScan) {
    const n = p.normScan.length;
    const normScan = new Float64Array(p.norm.length * n);
    for (let i = 0; i < p.norm.length; i++) normScan.set(p.normScan, i * n);
    cols.push({ name: "norm_scan", data: normScan, cellShape: [n], tdim: true });
    cols.push({ name: "stat_scan", data: p.statScan, cellShape: [n], tdim: true });
  }
  cols.push({ name: "mask_fit", data: d.maskFit ?? d.maskSafe, logical: true });
  cols.push({ name: "mask_safe", data: d.maskSafe, logical: true });
  return [
    { kind: "image" as const },
    {
      kind: "bintable" as const,
      name: "TABLE",
      columns: cols,
      cards: [{ key: "SED_TYPE", value: likelihood ? "likelihood" : "dnde" }],
    },
  ];
}

/** The formats of this layer (spectrum and flux-point datasets). */
export const DATASET_FORMATS: readonly DatasetFormat[] = [spectrumFormat, fluxPointsFormat];

/** Options of `readDatasetsIndex`. */
export interface ReadDatasetsOptions extends DatasetReadOptions {
  /** Formats to read with (default `DATASET_FORMATS`; add e.g. the makers' map dataset formats). */
  readonly formats?: readonly DatasetFormat[];
  /** Index file name, for errors. */
  readonly file?: string;
}

/** The entries of a datasets YAML text; throws `BAD_INDEX` naming the key for anything else. */
export function parseDatasetsIndex(text: string, file = "datasets index"): DatasetEntry[] {
  let doc: unknown;
  try {
    doc = parseYaml(text, { logLevel: "error" });
  } catch (err) {
    throw indexError(`cannot parse the datasets index: ${(err as Error).message}`, file, "datasets", "valid YAML");
  }
  const list = (doc as { datasets?: unknown } | null)?.datasets;
  if (!Array.isArray(list)) throw indexError("no datasets list", file, "datasets", "a list of datasets");
  return list.map((entry, i) => {
    const e = entry as Partial<Record<string, unknown>> | null;
    const key = `datasets.${i}`;
    if (e === null || typeof e !== "object" || Array.isArray(e))
      throw indexError("an entry is not a mapping", file, key, "name, type, filename");
    if (typeof e.filename !== "string" || !e.filename)
      throw indexError("entry without filename", file, `${key}.filename`, "a file name");
    if (e.type !== undefined && typeof e.type !== "string")
      throw indexError(`type ${JSON.stringify(e.type)}`, file, `${key}.type`, "a dataset type name");
    const name = e.name === undefined || e.name === null ? "" : String(e.name);
    return { ...e, name, type: (e.type as string | undefined) ?? "", filename: e.filename } as DatasetEntry;
  });
}

/**
 * Reads the datasets of an index text (Gammapy's `Datasets.read`): each entry with the format of its `type` (an
 * entry without type is read as a spectrum dataset), named as the entry. Throws `BAD_INDEX` for unknown types or
 * duplicate names, naming the entry.
 */
export function readDatasetsIndex(text: string, files: DatasetFiles, options: ReadDatasetsOptions = {}): Datasets {
  const file = options.file ?? "datasets index";
  const formats = options.formats ?? DATASET_FORMATS;
  const entries = parseDatasetsIndex(text, file);
  const out = new Datasets();
  entries.forEach((e, i) => {
    const type = e.type || "SpectrumDatasetOnOff";
    const format = formats.find((f) => f.types.includes(type));
    if (!format)
      throw indexError(
        `unsupported dataset type ${type}`,
        file,
        `datasets.${i}.type`,
        formats.flatMap((f) => f.types).join(", "),
      );
    const ds = format.read(e, files, options);
    if (out.has(ds.name))
      throw indexError(`duplicate dataset name '${ds.name}'`, file, `datasets.${i}.name`, "unique names");
    out.append(ds);
  });
  return out;
}

/**
 * Writes datasets with their formats (Gammapy's `Datasets.write`) and returns the index YAML text to store next to
 * them. Throws `ArgumentError`-like `BAD_INDEX` for a dataset no format writes.
 */
export function writeDatasetsIndex(
  datasets: Iterable<Dataset>,
  files: DatasetFiles,
  options: DatasetIoWriteOptions & { readonly formats?: readonly DatasetFormat[] } = {},
): string {
  const formats = options.formats ?? DATASET_FORMATS;
  const entries = [...datasets].map((d) => {
    const format = formats.find((f) => f.canWrite(d));
    if (!format)
      throw new GammatsError(
        "UNSUPPORTED",
        `no writer for dataset '${d.name}' of type ${d.tag}`,
        { key: d.name },
        formats.flatMap((f) => f.types).join(", "),
      );
    return format.write(d, files, options);
  });
  return stringifyYaml({ datasets: entries });
}
