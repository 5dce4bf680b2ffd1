/**
 * Node.js file access for spectrum datasets: OGIP file sets and GADF dataset files (atomic writes), and Gammapy's
 * `Datasets` YAML index (`datasets: [{name, type, filename}]`, as `Datasets.write` / `Datasets.read`).
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { gzipSync } from "node:zlib";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { FitsError } from "../fits/errors.js";
import { FitsFile } from "../fits/file.js";
import { writeFileAtomic } from "../fits/node.js";
import { GammatsError } from "../util/errors.js";
import { readGadfDataset, writeGadfDataset } from "./io-gadf.js";
import {
  type DatasetReadOptions,
  type DatasetWriteOptions,
  type OgipFileNames,
  ogipReferences,
  readOgip,
  writeOgip,
} from "./io-ogip.js";
import type { SpectrumDataset } from "./spectrum-dataset.js";

/** Dataset file formats: Gammapy's OGIP file set, or its GADF single-file layout. */
export type DatasetFormat = "ogip" | "gadf";

/** Writes FITS bytes atomically, gzip-compressed when the path ends in `.gz`. */
function writeBytes(path: string, bytes: Uint8Array): void {
  writeFileAtomic(path, path.endsWith(".gz") ? gzipSync(bytes) : bytes);
}

function readBytes(path: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (err) {
    throw new FitsError("NOT_FOUND", `cannot read file: ${(err as Error).message}`, { file: path }, "a readable file", {
      cause: err,
    });
  }
}

/**
 * Writes the OGIP files of a dataset next to `phaPath` (PHA, `_bkg`, `_arf`, `_rmf`), each atomically and
 * gzip-compressed when the name ends in `.gz`. Returns the paths (`bkg` is written only for on-off datasets).
 */
export function writeOgipFiles(
  phaPath: string,
  dataset: SpectrumDataset,
  options: DatasetWriteOptions = {},
): OgipFileNames {
  const dir = dirname(phaPath);
  mkdirSync(dir, { recursive: true });
  const { names, files } = writeOgip(dataset, phaPath, options);
  writeBytes(join(dir, names.pha), files.pha);
  writeBytes(join(dir, names.arf), files.arf);
  if (files.bkg) writeBytes(join(dir, names.bkg), files.bkg);
  if (files.rmf) writeBytes(join(dir, names.rmf), files.rmf);
  return {
    pha: join(dir, names.pha),
    arf: join(dir, names.arf),
    bkg: join(dir, names.bkg),
    rmf: join(dir, names.rmf),
  };
}

/** Reads a dataset from an OGIP PHA file and the ARF/BKG/RMF files its header names (relative to its folder). */
export function readOgipFiles(phaPath: string, options: DatasetReadOptions = {}): SpectrumDataset {
  return readOgipWithPha(phaPath, readBytes(phaPath), options);
}

function readOgipWithPha(phaPath: string, pha: Uint8Array, options: DatasetReadOptions): SpectrumDataset {
  const refs = ogipReferences(pha, phaPath);
  const resolve = (f: string) => (isAbsolute(f) && existsSync(f) ? f : join(dirname(phaPath), f));
  const names = {
    pha: phaPath,
    arf: resolve(refs.arf),
    bkg: refs.bkg ? resolve(refs.bkg) : "",
    rmf: refs.rmf ? resolve(refs.rmf) : "",
  };
  return readOgip(
    {
      pha,
      arf: readBytes(names.arf),
      bkg: refs.bkg && existsSync(names.bkg) ? readBytes(names.bkg) : undefined,
      rmf: refs.rmf && existsSync(names.rmf) ? readBytes(names.rmf) : undefined,
    },
    { ...options, names },
  );
}

/** Writes a dataset to one GADF dataset FITS file (atomically; gzip-compressed when the name ends in `.gz`). */
export function writeGadfFile(path: string, dataset: SpectrumDataset, options: DatasetWriteOptions = {}): void {
  mkdirSync(dirname(path), { recursive: true });
  writeBytes(path, writeGadfDataset(dataset, options));
}

/** Reads a dataset from a GADF dataset FITS file. */
export function readGadfFile(
  path: string,
  options: DatasetReadOptions & { readonly name?: string } = {},
): SpectrumDataset {
  return readGadfDataset(readBytes(path), { ...options, fileName: path });
}

/** Reads a dataset file of either format, told apart by its HDUs (SPECTRUM: OGIP PHA; COUNTS: GADF). */
export function readDatasetFile(
  path: string,
  options: DatasetReadOptions & { readonly name?: string } = {},
): SpectrumDataset {
  const bytes = readBytes(path);
  const fits = FitsFile.open(bytes, { name: path });
  if (fits.find("SPECTRUM")) {
    const ds = readOgipWithPha(path, bytes, options);
    if (options.name !== undefined) ds.name = options.name;
    return ds;
  }
  if (fits.find("COUNTS")) return readGadfDataset(bytes, { ...options, fileName: path });
  throw new FitsError(
    "NOT_FOUND",
    "neither a SPECTRUM nor a COUNTS HDU",
    { file: path },
    "an OGIP PHA or GADF dataset",
  );
}

/** Options of `writeDatasets`. */
export interface WriteDatasetsOptions extends DatasetWriteOptions {
  /** File format of the datasets (default `ogip`, as Gammapy's `Datasets.write`). */
  readonly format?: DatasetFormat;
  /** Name of the index file in `dir` (default `_datasets.yaml`). */
  readonly indexName?: string;
}

/**
 * Writes datasets and their YAML index into `dir`, as Gammapy's `Datasets.write`: `pha_obs<name>.fits` (+ BKG, ARF,
 * RMF) per dataset for `ogip`, `<name>.fits` for `gadf`; the index lists `{name, type: SpectrumDatasetOnOff,
 * filename}` (Gammapy reads the OGIP variant). Returns the index path.
 */
export function writeDatasets(
  dir: string,
  datasets: readonly SpectrumDataset[],
  options: WriteDatasetsOptions = {},
): string {
  const format = options.format ?? "ogip";
  mkdirSync(dir, { recursive: true });
  const entries = datasets.map((d) => {
    const filename = format === "ogip" ? `pha_obs${d.name}.fits` : `${d.name}.fits`;
    if (format === "ogip") writeOgipFiles(join(dir, filename), d, options);
    else writeGadfFile(join(dir, filename), d, options);
    return { name: d.name, type: d.isOnOff ? "SpectrumDatasetOnOff" : "SpectrumDataset", filename };
  });
  const path = join(dir, options.indexName ?? "_datasets.yaml");
  writeFileAtomic(path, stringifyYaml({ datasets: entries }));
  return path;
}

/**
 * Reads the datasets listed in a Gammapy datasets YAML index (file names relative to the index's folder), in order.
 * Throws `GammatsError` `BAD_INDEX` for an index that is not a `datasets:` list of entries with a filename.
 */
export function readDatasets(path: string, options: DatasetReadOptions = {}): SpectrumDataset[] {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(path, "utf8"), { logLevel: "error" });
  } catch (err) {
    throw new GammatsError("BAD_INDEX", `cannot read the datasets index: ${(err as Error).message}`, { file: path });
  }
  const list = (doc as { datasets?: unknown })?.datasets;
  if (!Array.isArray(list)) {
    throw new GammatsError("BAD_INDEX", "no datasets list", { file: path, key: "datasets" }, "a list of datasets");
  }
  return list.map((entry, i) => {
    const e = entry as { name?: unknown; type?: unknown; filename?: unknown };
    if (typeof e?.filename !== "string") {
      throw new GammatsError("BAD_INDEX", "entry without filename", { file: path, key: `datasets.${i}.filename` });
    }
    if (e.type !== undefined && !/^SpectrumDataset(OnOff)?$/.test(String(e.type))) {
      throw new GammatsError("BAD_INDEX", `unsupported dataset type ${String(e.type)}`, {
        file: path,
        key: `datasets.${i}.type`,
      });
    }
    const file = isAbsolute(e.filename) ? e.filename : join(dirname(path), e.filename);
    return readDatasetFile(file, { ...options, name: e.name === undefined ? undefined : String(e.name) });
  });
}
