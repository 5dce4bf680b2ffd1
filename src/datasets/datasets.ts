/**
 * Gammapy's `Datasets`: an ordered collection of uniquely named datasets of any kind (spectrum, on-off spectrum, map,
 * on-off map, flux points, or any other `Dataset`), fitted jointly. Models are shared by name: setting
 * `datasets.models` gives each dataset the models that apply to it (`datasets_names` undefined or naming it, the
 * `<name>-bkg` FoV background model of a map dataset), so that a parameter appears once in a joint fit.
 *
 * Plugging in a new dataset kind: implement `Dataset` (dataset.ts) and, to read and write it in datasets YAML, a
 * `DatasetFormat` (datasets-io.ts) passed to the readers in the `formats` list; `stackReduce` and `infoTable` know
 * the kinds of this layer and use an `infoDict()` method of other kinds when they have one.
 */
import { gtiMjdIntervals } from "../data/gti.js";
import type { Models } from "../modeling/models.js";
import { ArgumentError, GammatsError } from "../util/errors.js";
import type { Dataset } from "./dataset.js";
import { infoDict, mapInfoDict } from "./info.js";
import { MapDataset } from "./map-dataset.js";
import { MapDatasetOnOff, mapOnOffInfoDict, stackMapDatasetsOnOff } from "./map-dataset-onoff.js";
import { SpectrumDataset } from "./spectrum-dataset.js";
import { stackSpectrumDatasets } from "./stack.js";

/** An info row (Gammapy's `info_dict`): name, counts, excess, livetime, stat_sum ... */
export type InfoRow = { readonly name: string } & Readonly<Record<string, unknown>>;

/** A dataset kind of another layer can report its summary. */
interface WithInfoDict {
  infoDict(): InfoRow;
}

function hasInfoDict(d: Dataset): d is Dataset & WithInfoDict {
  return typeof (d as Partial<WithInfoDict>).infoDict === "function";
}

/** Unique-named collection of datasets (Gammapy's `Datasets`). */
export class Datasets implements Iterable<Dataset> {
  private readonly list: Dataset[] = [];
  private allModels: Models | undefined;

  constructor(datasets: Iterable<Dataset> = []) {
    for (const d of datasets) this.append(d);
  }

  [Symbol.iterator](): Iterator<Dataset> {
    return this.list[Symbol.iterator]();
  }

  /** Number of datasets. */
  get length(): number {
    return this.list.length;
  }

  /** Dataset names in order. */
  get names(): string[] {
    return this.list.map((d) => d.name);
  }

  /** The datasets as an array (for `Fit.run`). */
  toArray(): Dataset[] {
    return [...this.list];
  }

  /** Adds a dataset at the end; throws `ArgumentError` when its name is taken. */
  append(dataset: Dataset): void {
    if (this.list.some((d) => d.name === dataset.name))
      throw new ArgumentError(`duplicate dataset name '${dataset.name}'`, dataset.name, "unique dataset names");
    this.list.push(dataset);
    if (this.allModels) dataset.models = this.allModels.forDataset(dataset.name);
  }

  /** Dataset by index or name; throws `ArgumentError` listing the names when absent. */
  get(key: number | string): Dataset {
    const d = typeof key === "number" ? this.list[key] : this.list.find((x) => x.name === key);
    if (!d)
      throw new ArgumentError(`no dataset ${JSON.stringify(key)}`, String(key), `one of ${this.names.join(", ")}`);
    return d;
  }

  /** Whether a dataset of that name exists. */
  has(name: string): boolean {
    return this.list.some((d) => d.name === name);
  }

  /**
   * The distinct models of all datasets, in order of first appearance (Gammapy's `Datasets.models`); setting them
   * gives each dataset its share (see the module docs).
   */
  get models(): Models | undefined {
    return this.allModels;
  }
  set models(models: Models | undefined) {
    this.allModels = models;
    for (const d of this.list) d.models = models?.forDataset(d.name);
  }

  /** Joint statistic: the sum of the datasets' statistics. */
  statSum(): number {
    let s = 0;
    for (const d of this.list) s += d.statSum();
    return s;
  }

  /** Whether all datasets are of one kind (same `tag`). */
  get isAllSameType(): boolean {
    return new Set(this.list.map((d) => d.tag)).size <= 1;
  }

  /** The datasets with these names, in the given order (shared, not copied). */
  selectByName(names: readonly string[]): Datasets {
    return new Datasets(names.map((n) => this.get(n)));
  }

  /**
   * The datasets whose GTIs lie within [tMinMjd, tMaxMjd] (MJD in the GTIs' time scale, TT for DL3 data) up to `atolS`
   * seconds, as Gammapy's `select_time`. Throws `NO_GTI` for a dataset without GTIs.
   */
  selectTime(tMinMjd: number, tMaxMjd: number, atolS = 1e-6): Datasets {
    const atol = atolS / 86400;
    return new Datasets(
      this.list.filter((d) => {
        if (!d.gti || d.gti.length === 0)
          throw new GammatsError("NO_GTI", `dataset '${d.name}' has no GTI`, { key: d.name }, "datasets with GTIs");
        const { startMjd, stopMjd } = gtiMjdIntervals(d.gti);
        return startMjd[0] >= tMinMjd - atol && stopMjd[stopMjd.length - 1] <= tMaxMjd + atol;
      }),
    );
  }

  /**
   * The datasets stacked into one (Gammapy's `stack_reduce`): spectrum datasets (with or without OFF counts) and
   * on-off map datasets; models are those of the first. Throws `ArgumentError` for mixed or unstackable kinds.
   */
  stackReduce(name = "stacked"): SpectrumDataset | MapDatasetOnOff {
    if (this.list.length === 0) throw new ArgumentError("no datasets to stack", "datasets", "at least one dataset");
    if (!this.isAllSameType)
      throw new ArgumentError("cannot stack datasets of different types", "datasets", "datasets of one type");
    const all = this.list;
    if (all.every((d) => d instanceof SpectrumDataset)) return stackSpectrumDatasets(all, name);
    if (all.every((d) => d instanceof MapDatasetOnOff)) return stackMapDatasetsOnOff(all, name);
    throw new ArgumentError(
      `datasets of type ${all[0].tag} cannot be stacked here`,
      "datasets",
      "SpectrumDataset(OnOff) or MapDatasetOnOff (map datasets: stack their reduced parts)",
    );
  }

  /**
   * One info row per dataset (Gammapy's `info_table`), or with `cumulative` the rows of the stack of the first 1, 2,
   * ... datasets (named `stacked`). Needs datasets of one type.
   */
  infoTable(cumulative = false): InfoRow[] {
    if (!this.isAllSameType)
      throw new ArgumentError("an info table needs datasets of one type", "datasets", "datasets of one type");
    if (!cumulative) return this.list.map(infoRowOf);
    return this.list.map((_, i) => infoRowOf(new Datasets(this.list.slice(0, i + 1)).stackReduce("stacked")));
  }
}

/** Gammapy's `info_dict` of one dataset. */
export function infoRowOf(d: Dataset): InfoRow {
  if (d instanceof SpectrumDataset) return { ...infoDict(d) };
  if (d instanceof MapDatasetOnOff) return { ...mapOnOffInfoDict(d) };
  if (d instanceof MapDataset) return { ...mapInfoDict(d) };
  if (hasInfoDict(d)) return d.infoDict();
  throw new ArgumentError(`no info for datasets of type ${d.tag}`, d.name, "a dataset kind with an info_dict");
}
