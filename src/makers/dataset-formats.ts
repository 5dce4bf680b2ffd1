/**
 * Map datasets in Gammapy's datasets YAML (`type: MapDataset` / `MapDatasetOnOff`, one GADF map-dataset file each,
 * `<name>.fits`): the `DatasetFormat`s that plug them into `readDatasetsIndex` / `writeDatasetsIndex`, and
 * `ALL_DATASET_FORMATS`, every kind gammats reads. An on-off map dataset file is a map dataset file without BACKGROUND
 * and with COUNTS_OFF, ACCEPTANCE and ACCEPTANCE_OFF maps, as Gammapy's `MapDatasetOnOff.write`.
 */
import { DATASET_FORMATS, type DatasetEntry, type DatasetFiles, type DatasetFormat } from "../datasets/datasets-io.js";
import { gtiTableHdu, openDatasetFits, readGti } from "../datasets/io-ogip.js";
import { MapDataset } from "../datasets/map-dataset.js";
import { MapDatasetOnOff } from "../datasets/map-dataset-onoff.js";
import type { FitsFile } from "../fits/file.js";
import { type HduSpec, writeFits } from "../fits/writer.js";
import { readWcsMap, wcsMapToHdus } from "../maps/io.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import { mapDatasetToHdus, readMapDatasetParts } from "./map-dataset-io.js";
import { mapDatasetFromParts, mapDatasetParts } from "./to-dataset.js";

/** The map dataset of a file: parts, fit mask and GTI; named as the index entry (else as the file says). */
function readMapDataset(fits: FitsFile, name: string): MapDataset {
  const { parts, maskFit } = readMapDatasetParts(fits);
  const d = mapDatasetFromParts({ ...parts, name: name || parts.name });
  d.maskFit = maskFit;
  d.gti = readGti(fits);
  return d;
}

function readFile(entry: DatasetEntry, files: DatasetFiles, options: Parameters<DatasetFormat["read"]>[2]): FitsFile {
  const path = files.resolve(entry.filename);
  return openDatasetFits(files.read(path), path, options);
}

function mapHdus(d: MapDataset): HduSpec[] {
  const hdus = mapDatasetToHdus(mapDatasetParts(d), d.maskFit);
  if (d.gti) hdus.push(gtiTableHdu(d.gti));
  return hdus;
}

/** Map datasets (Cash): Gammapy's `MapDataset.write` / `MapDataset.read` layout. */
export const mapDatasetFormat: DatasetFormat = {
  types: ["MapDataset"],
  read: (entry, files, options) => readMapDataset(readFile(entry, files, options), entry.name),
  canWrite: (d) => d instanceof MapDataset,
  write(dataset, files) {
    const filename = `${dataset.name.replace(/ /g, "_")}.fits`;
    files.write(files.resolve(filename), writeFits(mapHdus(dataset as MapDataset)));
    return { name: dataset.name, type: "MapDataset", filename };
  },
};

/** On-off map datasets (WStat): the map dataset layout with COUNTS_OFF, ACCEPTANCE and ACCEPTANCE_OFF. */
export const mapDatasetOnOffFormat: DatasetFormat = {
  types: ["MapDatasetOnOff"],
  read(entry, files, options) {
    const fits = readFile(entry, files, options);
    const dataset = readMapDataset(fits, entry.name);
    const flat = (hdu: string) => {
      if (!fits.find(hdu))
        throw new GammatsError("NOT_FOUND", `no ${hdu} HDU`, { file: fits.name, hdu }, "an on-off map dataset file");
      return Float64Array.from(readWcsMap(fits, { hdu }).data as ArrayLike<number>);
    };
    return new MapDatasetOnOff({
      dataset,
      countsOff: flat("COUNTS_OFF"),
      acceptance: flat("ACCEPTANCE"),
      acceptanceOff: flat("ACCEPTANCE_OFF"),
    });
  },
  canWrite: (d) => d instanceof MapDatasetOnOff,
  write(dataset, files) {
    const d = dataset as MapDatasetOnOff;
    const hdus = mapHdus(d.signal).filter((h) => h.name !== "BACKGROUND" && h.name !== "BACKGROUND_BANDS");
    const geom = d.counts.geom;
    hdus.push(
      ...wcsMapToHdus(new WcsNDMap(geom, d.countsOff, ""), "COUNTS_OFF").slice(1),
      ...wcsMapToHdus(new WcsNDMap(geom, d.acceptance, ""), "ACCEPTANCE").slice(1),
      ...wcsMapToHdus(new WcsNDMap(geom, d.acceptanceOff, ""), "ACCEPTANCE_OFF").slice(1),
    );
    const filename = `${d.name.replace(/ /g, "_")}.fits`;
    files.write(files.resolve(filename), writeFits(hdus));
    return { name: d.name, type: "MapDatasetOnOff", filename };
  },
};

/** Every dataset kind gammats reads and writes in datasets YAML (spectrum, flux points, map, on-off map). */
export const ALL_DATASET_FORMATS: readonly DatasetFormat[] = [
  ...DATASET_FORMATS,
  mapDatasetOnOffFormat,
  mapDatasetFormat,
];
