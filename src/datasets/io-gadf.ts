/**
 * Gammapy's GADF-style dataset FITS file (`SpectrumDatasetOnOff.write(filename, format="gadf")`, i.e.
 * `MapDataset.to_hdulist`) for spectrum datasets: one file with region maps COUNTS, EXPOSURE, EDISP, EDISP_EXPOSURE,
 * MASK_SAFE, MASK_FIT, COUNTS_OFF, ACCEPTANCE, ACCEPTANCE_OFF, each a table of CHANNEL and DATA with its
 * `<NAME>_BANDS` table (AXCOLSn/INTERPn and per-axis center/min/max columns) and `<NAME>_REGION` table, plus GTI.
 * Units as Gammapy writes them: exposure in m2 s. The livetime, which Gammapy does not keep in this layout, is written
 * as a LIVETIME keyword (s) of the EXPOSURE HDU; files without it get livetime = the GTI sum.
 */

import { FitsError } from "../fits/errors.js";
import type { FitsFile } from "../fits/file.js";
import { readTable } from "../fits/table-io.js";
import { type CardInput, type ColumnSpec, type HduSpec, writeFits } from "../fits/writer.js";
import { MapAxis } from "../maps/axis.js";
import { axesFromBandsTable } from "../maps/io.js";
import { RegionGeom } from "../maps/region-geom.js";
import { unitConversionFactor } from "../util/units.js";
import {
  DatasetIoError,
  type DatasetReadOptions,
  type DatasetWriteOptions,
  formatCards,
  gtiHdu,
  openDatasetFits,
  readGti,
  readOntime,
  readRegionHdu,
  regionHdu,
} from "./io-ogip.js";
import { SpectrumDataset } from "./spectrum-dataset.js";

const CM2_TO_M2 = 1e-4;

/** AXCOLS/INTERP keywords and BANDS columns of one axis, as Gammapy's `MapAxes.to_header` / `to_table(format="gadf")`. */
function axisColumns(axis: MapAxis): { min: string; max: string; center: string } {
  const upper = axis.name.toUpperCase();
  return upper === "ENERGY"
    ? { center: "ENERGY", min: "E_MIN", max: "E_MAX" }
    : { center: upper, min: `${upper}_MIN`, max: `${upper}_MAX` };
}

function axesCards(axes: readonly MapAxis[]): CardInput[] {
  return axes.flatMap((a, k) => {
    const c = axisColumns(a);
    return [
      { key: `AXCOLS${k + 1}`, value: `${c.min},${c.max}` },
      { key: `INTERP${k + 1}`, value: a.interp },
    ];
  });
}

/** The `<NAME>_BANDS` table: one row per bin, axis 0 fastest. */
function bandsHdu(axes: readonly MapAxis[], name: string): HduSpec {
  const size = axes.reduce((n, a) => n * a.nbin, 1);
  const columns: ColumnSpec[] = [{ name: "CHANNEL", data: BigInt64Array.from({ length: size }, (_, i) => BigInt(i)) }];
  let stride = 1;
  for (const a of axes) {
    const c = axisColumns(a);
    const s = stride;
    const idx = (i: number) => Math.floor(i / s) % a.nbin;
    const center = a.center;
    const lo = a.edgesMin;
    const hi = a.edgesMax;
    columns.push(
      { name: c.center, data: Float64Array.from({ length: size }, (_, i) => center[idx(i)]), unit: a.unit },
      { name: c.min, data: Float64Array.from({ length: size }, (_, i) => lo[idx(i)]), unit: a.unit },
      { name: c.max, data: Float64Array.from({ length: size }, (_, i) => hi[idx(i)]), unit: a.unit },
    );
    stride *= a.nbin;
  }
  return { kind: "bintable", name, columns, cards: axesCards(axes) };
}

/** The three HDUs of a region map: data (CHANNEL, DATA), BANDS and REGION. */
function regionMapHdus(
  geom: RegionGeom,
  axes: readonly MapAxis[],
  name: string,
  data: Float32Array | Float64Array | Uint8Array,
  unit: string,
  extra: CardInput[] = [],
): HduSpec[] {
  const n = data.length;
  return [
    {
      kind: "bintable",
      name,
      columns: [
        { name: "CHANNEL", data: Int16Array.from({ length: n }, (_, i) => i) },
        { name: "DATA", data, unit, logical: data instanceof Uint8Array },
      ],
      cards: [...axesCards(axes), ...extra],
    },
    bandsHdu(axes, `${name}_BANDS`),
    regionHdu(geom, `${name}_REGION`),
  ];
}

/**
 * Serialises a spectrum dataset into one FITS file in Gammapy's GADF dataset layout (readable by Gammapy's
 * `SpectrumDatasetOnOff.read(filename, format="gadf")`). Counts are stored as float32, as Gammapy does.
 */
export function writeGadfDataset(dataset: SpectrumDataset, options: DatasetWriteOptions = {}): Uint8Array {
  const geom = dataset.requireGeom();
  const e = dataset.energyAxis;
  const t = dataset.energyAxisTrue;
  const eAll = MapAxis.fromEnergyEdges([e.edges[0], e.edges[e.nbin]], { name: "energy", unit: e.unit || "TeV" });
  const toM2s = (a: Float64Array) => Float64Array.from(a, (v) => v * CM2_TO_M2);
  const hdus: HduSpec[] = [
    {
      kind: "image",
      cards: [{ key: "NAME", value: dataset.name }, ...formatCards("gadf-dataset", "GADF")],
    },
    ...regionMapHdus(geom, [e], "COUNTS", Float32Array.from(dataset.counts), ""),
    ...regionMapHdus(geom, [t], "EXPOSURE", toM2s(dataset.exposure), "m2 s", [
      { key: "LIVETIME", value: dataset.livetimeS, comment: "livetime (s), gammats" },
    ]),
    ...regionMapHdus(geom, [e, t], "EDISP", Float64Array.from(dataset.edisp), ""),
    ...regionMapHdus(geom, [eAll, t], "EDISP_EXPOSURE", toM2s(dataset.edispExposure), "m2 s"),
    ...regionMapHdus(
      geom,
      [e],
      "MASK_SAFE",
      Uint8Array.from(dataset.maskSafe, (v) => (v ? 1 : 0)),
      "",
    ),
  ];
  if (dataset.maskFit) {
    hdus.push(
      ...regionMapHdus(
        geom,
        [e],
        "MASK_FIT",
        Uint8Array.from(dataset.maskFit, (v) => (v ? 1 : 0)),
        "",
      ),
    );
  }
  const gti = gtiHdu(dataset, options.gti ?? dataset.gti);
  if (gti) hdus.push(gti);
  if (dataset.countsOff) hdus.push(...regionMapHdus(geom, [e], "COUNTS_OFF", Float32Array.from(dataset.countsOff), ""));
  hdus.push(...regionMapHdus(geom, [e], "ACCEPTANCE", Float64Array.from(dataset.acceptance), ""));
  if (dataset.acceptanceOff) {
    hdus.push(...regionMapHdus(geom, [e], "ACCEPTANCE_OFF", Float64Array.from(dataset.acceptanceOff), ""));
  }
  if (dataset.background && !dataset.countsOff) {
    hdus.push(...regionMapHdus(geom, [e], "BACKGROUND", Float64Array.from(dataset.background), ""));
  }
  return writeFits(hdus);
}

/** A region map of the file: values (converted to `toUnit` when given) and its axes (energies in TeV). */
function readRegionMap(
  fits: FitsFile,
  name: string,
  expectedAxes: readonly string[],
  toUnit?: string,
): { data: Float64Array; axes: MapAxis[] } {
  const hdu = fits.table(name);
  const bandsName = `${name}_BANDS`;
  const axes = axesFromBandsTable(readTable(fits.table(bandsName))).map((a) => {
    if (a.name !== "energy" && a.name !== "energy_true") return a;
    const f = unitConversionFactor(a.unit || "TeV", "TeV");
    return MapAxis.fromEnergyEdges(
      a.edges.map((v) => v * f),
      { name: a.name },
    );
  });
  const names = axes.map((a) => a.name);
  if (names.join(",") !== expectedAxes.join(",")) {
    throw new DatasetIoError(`axes ${names.join(", ")}`, { file: fits.name, hdu: bandsName }, expectedAxes.join(", "));
  }
  const col = hdu.float64("DATA");
  const size = axes.reduce((n, a) => n * a.nbin, 1);
  if (col.data.length !== size) {
    throw new DatasetIoError(
      `DATA has ${col.data.length} values`,
      { file: fits.name, hdu: name, key: "DATA" },
      `${size} (the bins of ${bandsName})`,
    );
  }
  let data = col.data;
  if (toUnit !== undefined) {
    const f = unitConversionFactor(col.unit?.trim() || toUnit, toUnit);
    if (f !== 1) data = data.map((v) => v * f);
  }
  return { data, axes };
}

function sameEdges(a: MapAxis, b: MapAxis, file: string | undefined, hdu: string): void {
  const ok = a.nbin === b.nbin && a.edges.every((v, i) => Math.abs(v - b.edges[i]) <= 1e-6 * Math.abs(v));
  if (!ok) throw new DatasetIoError(`the ${a.name} axis differs from COUNTS`, { file, hdu }, "the same energy bins");
}

/**
 * Reads a spectrum dataset from a GADF dataset file (bytes) as Gammapy's `SpectrumDatasetOnOff.read(format="gadf")`.
 * The name comes from the primary NAME keyword unless given. `fileName` names the file in errors.
 */
export function readGadfDataset(
  bytes: Uint8Array,
  options: DatasetReadOptions & { readonly name?: string; readonly fileName?: string } = {},
): SpectrumDataset {
  const fits = openDatasetFits(bytes, options.fileName ?? "dataset", options);
  const counts = readRegionMap(fits, "COUNTS", ["energy"]);
  const energyAxis = counts.axes[0];
  const exposure = readRegionMap(fits, "EXPOSURE", ["energy_true"], "cm2 s");
  const energyAxisTrue = exposure.axes[0];
  const edisp = readRegionMap(fits, "EDISP", ["energy", "energy_true"]);
  sameEdges(edisp.axes[0], energyAxis, fits.name, "EDISP_BANDS");
  sameEdges(edisp.axes[1], energyAxisTrue, fits.name, "EDISP_BANDS");
  const edispExposure = fits.find("EDISP_EXPOSURE")
    ? readRegionMap(fits, "EDISP_EXPOSURE", ["energy", "energy_true"], "cm2 s").data
    : undefined;
  if (edispExposure && edispExposure.length !== energyAxisTrue.nbin) {
    throw new DatasetIoError(
      `EDISP_EXPOSURE has ${edispExposure.length} values`,
      { file: fits.name, hdu: "EDISP_EXPOSURE" },
      `${energyAxisTrue.nbin}`,
    );
  }
  const optional = (name: string) => (fits.find(name) ? readRegionMap(fits, name, ["energy"]).data : undefined);
  const toMask = (a: Float64Array | undefined) => (a ? Uint8Array.from(a, (v) => (v ? 1 : 0)) : undefined);
  const { region, wcs } = readRegionHdu(fits.table("COUNTS_REGION"));
  const ontimeS = readOntime(fits);
  const livetimeS = fits.table("EXPOSURE").header.getNumber("LIVETIME") ?? ontimeS;
  const primaryName = fits.hdu(0).header.getString("NAME")?.trim();
  const name = options.name ?? primaryName ?? "";
  if (!fits.find("COUNTS_OFF") && !fits.find("BACKGROUND")) {
    throw new FitsError(
      "NOT_FOUND",
      "neither COUNTS_OFF nor BACKGROUND",
      { file: fits.name },
      "an OFF or background map",
    );
  }
  return new SpectrumDataset({
    name,
    geom: new RegionGeom(region, [energyAxis], wcs),
    energyAxis,
    energyAxisTrue,
    counts: counts.data,
    exposure: exposure.data,
    edispExposure,
    edisp: edisp.data,
    livetimeS,
    ontimeS,
    gti: readGti(fits),
    countsOff: optional("COUNTS_OFF"),
    acceptance: optional("ACCEPTANCE"),
    acceptanceOff: optional("ACCEPTANCE_OFF"),
    background: fits.find("COUNTS_OFF") ? undefined : optional("BACKGROUND"),
    maskSafe: toMask(optional("MASK_SAFE")),
    maskFit: toMask(optional("MASK_FIT")),
    meta: { obs_id: name },
  });
}
