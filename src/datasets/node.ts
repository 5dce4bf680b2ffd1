/**
 * Node.js file access for datasets: OGIP file sets and GADF dataset files (atomic writes), and Gammapy's `Datasets`
 * YAML index (`datasets: [{name, type, filename}]`, as `Datasets.write` / `Datasets.read`) of any dataset kind.
 */
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join } from "node:path";
import { gzipSync } from "node:zlib";
import { FitsError } from "../fits/errors.js";
import { writeFileAtomic } from "../fits/node.js";
import { expandVars } from "../util/env.js";
import { GammatsError } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import type { Datasets } from "./datasets.js";
import {
  type DatasetFiles,
  type DatasetFormat,
  type DatasetIoWriteOptions,
  fluxPointsFormat,
  type ReadDatasetsOptions,
  readDatasetsIndex,
  writeDatasetsIndex,
} from "./datasets-io.js";
import type { FluxPointsDataset } from "./flux-points-dataset.js";
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
export type SpectrumFileFormat = "ogip" | "gadf";

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

/**
 * The files of a datasets index in folder `dir` on disk: names relative to `dir` (or to another file's folder),
 * `$VAR` / `${VAR}` expanded from `env` (default `process.env`), writes atomic and gzip-compressed for `.gz` names.
 */
export function nodeDatasetFiles(
  dir: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): DatasetFiles {
  return {
    read: readBytes,
    exists: (path) => existsSync(path),
    resolve(name, base) {
      const n = expandVars(name, env);
      return isAbsolute(n) ? n : join(base === undefined ? dir : dirname(base), n);
    },
    write(path, bytes) {
      mkdirSync(dirname(path), { recursive: true });
      writeBytes(path, bytes);
    },
  };
}

/**
 * Reads flux points as a dataset (Gammapy's `FluxPointsDataset.read`): the first table HDU of a FITS file, any SED
 * type, with the masks of the file's `mask_safe`/`mask_fit` columns when present; named `name` (default: the file's
 * stem).
 */
export function readFluxPointsDataset(path: string, options: { readonly name?: string } = {}): FluxPointsDataset {
  const dir = dirname(path);
  return fluxPointsFormat.read(
    { name: options.name ?? "", type: "FluxPointsDataset", filename: basename(path) },
    nodeDatasetFiles(dir),
    {},
  ) as FluxPointsDataset;
}

/** Options of `writeDatasets`. */
export interface WriteDatasetsOptions extends DatasetIoWriteOptions {
  /** File format of spectrum datasets (default `ogip`, as Gammapy's `Datasets.write`). */
  readonly format?: SpectrumFileFormat;
  /** Name of the index file in `dir` (default `_datasets.yaml`). */
  readonly indexName?: string;
  /** Formats of the dataset kinds (default those of the datasets layer; add the makers' map dataset formats). */
  readonly formats?: readonly DatasetFormat[];
}

/**
 * Writes datasets and their YAML index into `dir`, as Gammapy's `Datasets.write`: each dataset in its kind's format
 * (spectrum datasets as `pha_obs<name>.fits` + BKG, ARF, RMF for `ogip`, `<name>.fits` for `gadf`; flux points as
 * `<name>.fits`). Returns the index path.
 */
export function writeDatasets(dir: string, datasets: Iterable<Dataset>, options: WriteDatasetsOptions = {}): string {
  mkdirSync(dir, { recursive: true });
  const text = writeDatasetsIndex(datasets, nodeDatasetFiles(dir), {
    ...options,
    spectrumFormat: options.format ?? options.spectrumFormat,
  });
  const path = join(dir, options.indexName ?? "_datasets.yaml");
  writeFileAtomic(path, text);
  return path;
}

/**
 * Reads the datasets listed in a Gammapy datasets YAML index (file names relative to the index's folder, `$VAR`
 * expanded), in order, each named as its entry. Throws `GammatsError` `BAD_INDEX` for an index that is not a
 * `datasets:` list of entries with a filename, or names an unknown type.
 */
export function readDatasets(
  path: string,
  options: ReadDatasetsOptions & { readonly env?: Readonly<Record<string, string | undefined>> } = {},
): Datasets {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new GammatsError("NOT_FOUND", `cannot read the datasets index: ${(err as Error).message}`, { file: path });
  }
  return readDatasetsIndex(text, nodeDatasetFiles(dirname(path), options.env), { file: path, ...options });
}
