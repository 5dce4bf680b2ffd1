/**
 * What every dataset kind offers to the `Datasets` container (Gammapy's `Dataset` base class). A new kind (e.g. a
 * Fermi-LAT map dataset) plugs in by implementing this interface; its file format plugs into the datasets YAML by a
 * `DatasetFormat` (datasets-io.ts).
 */
import type { GTI } from "../data/gti.js";
import type { FitDataset } from "../modeling/fit.js";
import type { Models } from "../modeling/models.js";

/** A named dataset with a fit statistic (Gammapy's `Dataset`). */
export interface Dataset extends FitDataset {
  /** Unique name within a `Datasets` (models refer to it in `datasets_names`). */
  name: string;
  /** Gammapy's type name, as written in datasets YAML: `SpectrumDatasetOnOff`, `MapDataset`, `FluxPointsDataset`... */
  readonly tag: string;
  /** Gammapy's `stat_type`: `cash`, `wstat`, `chi2`, ... */
  readonly statType: string;
  /** The models this dataset evaluates; `Datasets.models = ...` sets each dataset's share (by `datasets_names`). */
  models: Models | undefined;
  /** Good time intervals of the data, when known (time selection, temporal models). */
  readonly gti?: GTI;
}
