/**
 * OGIP serialisation of on-off spectrum datasets, as Gammapy 1.0's `OGIPDatasetWriter` / `OGIPDatasetReader`
 * (`SpectrumDatasetOnOff.write(..., format="ogip")`): four files per dataset, each given and returned as bytes.
 *
 * - PHA (`<name>.fits`): SPECTRUM (CHANNEL, COUNTS, QUALITY = not mask_safe, BACKSCAL = acceptance; EXPOSURE =
 *   livetime in s, OBS_ID = dataset name, ANCRFILE/BACKFILE/RESPFILE), EBOUNDS, REGION (the ON region), GTI.
 * - BKG (`<name>_bkg.fits`): the same layout with counts_off and BACKSCAL = acceptance_off.
 * - ARF (`<name>_arf.fits`): SPECRESP (ENERG_LO, ENERG_HI, SPECRESP in m2 = exposure / livetime).
 * - RMF (`<name>_rmf.fits`): MATRIX (ENERG_LO/HI float32, N_GRP, F_CHAN/N_CHAN/MATRIX variable-length, non-zero
 *   groups of each row; MATRIX float32) and EBOUNDS.
 *
 * Every file's primary header carries the format name and version (HDUCLASS/HDUDOC/HDUVERS, GTFORMAT/GTFMTVER), the
 * CREATOR, and every HDU CHECKSUM/DATASUM. This module also holds the pieces shared with the GADF layout
 * (`io-gadf.ts`): the REGION table, the GTI table, primary cards and opening with a checksum policy.
 */
import { GTI } from "../data/gti.js";
import type { BinTableHdu } from "../fits/bintable.js";
import { FitsError } from "../fits/errors.js";
import { type ChecksumPolicy, FitsFile } from "../fits/file.js";
import { headerMeta } from "../fits/table-io.js";
import type { CardInput, HduSpec } from "../fits/writer.js";
import { writeFits } from "../fits/writer.js";
import { MapAxis } from "../maps/axis.js";
import { RegionGeom } from "../maps/region-geom.js";
import { circle, pixelScaleAngleAt, type SkyRegion } from "../maps/regions.js";
import { Wcs } from "../maps/wcs/wcs.js";
import { ArgumentError, type ErrorPath, GammatsError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import { GAMMATS_VERSION } from "../util/version.js";
import type { WarningSink } from "../util/warnings.js";
import { SpectrumDataset } from "./spectrum-dataset.js";

/** Version of the gammats dataset file layouts (GTFMTVER). */
export const DATASET_FORMAT_VERSION = "1.0";

/** Options of the dataset readers. */
export interface DatasetReadOptions {
  /** CHECKSUM/DATASUM verification: `ignore` (default), `warn` (through `warn`) or `error` (`BAD_CHECKSUM`). */
  readonly checksum?: ChecksumPolicy;
  /** Receives warnings (checksum mismatches with `warn`, FITS oddities). */
  readonly warn?: WarningSink;
  /** ON region for OGIP files without a REGION HDU (older writers); without it such datasets have no `geom`. */
  readonly region?: SkyRegion;
}

/** Options of the dataset writers. */
export interface DatasetWriteOptions {
  /** Good time intervals written to the GTI HDU; default one interval [0, ontimeS] when the ontime is known. */
  readonly gti?: GTI;
}

/** Primary-header cards naming a gammats-written file's format (`GTFORMAT`, e.g. `ogip-pha`) and version. */
export function formatCards(format: string, hduclass: "OGIP" | "GADF"): CardInput[] {
  const doc =
    hduclass === "OGIP"
      ? "https://heasarc.gsfc.nasa.gov/docs/heasarc/ofwg/docs/spectra/ogip_92_007/ogip_92_007.html"
      : "https://github.com/open-gamma-ray-astro/gamma-astro-data-formats";
  return [
    { key: "HDUCLASS", value: hduclass, comment: "format family" },
    { key: "HDUDOC", value: doc },
    { key: "HDUVERS", value: hduclass === "OGIP" ? "1.2.1" : "0.3" },
    { key: "CREATOR", value: `gammats ${GAMMATS_VERSION}`, comment: "software that wrote this file" },
    { key: "GTFORMAT", value: format, comment: "gammats file format" },
    { key: "GTFMTVER", value: DATASET_FORMAT_VERSION, comment: "gammats file format version" },
  ];
}

/** Opens dataset FITS bytes with a checksum policy; `name` names the file in errors. */
export function openDatasetFits(bytes: Uint8Array, name: string, options: DatasetReadOptions = {}): FitsFile {
  return FitsFile.open(bytes, { name, checksum: options.checksum ?? "ignore", warn: options.warn });
}

/** Error for dataset files that are valid FITS but inconsistent (e.g. bin counts that disagree between files). */
export class DatasetIoError extends GammatsError {
  constructor(message: string, path: ErrorPath, expected?: string) {
    super("BAD_DATASET", message, path, expected);
    this.name = "DatasetIoError";
  }
}

/**
 * The REGION table HDU of a circle region as Gammapy writes it (regions' FITS serialisation): SHAPE, X, Y, R (0-based
 * pixels of the geometry's WCS) and ROTANG, with the WCS keywords and WCSSHAPE in the header.
 */
export function regionHdu(geom: RegionGeom, name: string): HduSpec {
  const r = geom.region;
  if (r.kind !== "circle") {
    throw new ArgumentError(`only circle regions can be written (got ${r.kind})`, "geom.region", "a circle region");
  }
  const p = pixelScaleAngleAt(r.center, geom.wcs);
  // the region WCS is centred on its reference pixel (RegionGeom), so its shape is 2 crpix - 1
  const [c1, c2] = geom.wcs.params.crpix;
  const cards: CardInput[] = [
    { key: "WCSAXES", value: 2 },
    ...geom.wcs.toHeaderCards(),
    { key: "WCSSHAPE", value: `(${Math.round(2 * c1 - 1)},${Math.round(2 * c2 - 1)})` },
  ];
  return {
    kind: "bintable",
    name,
    columns: [
      { name: "SHAPE", data: ["circle"], width: 6 },
      { name: "X", data: Float64Array.of(p.x), unit: "pix" },
      { name: "Y", data: Float64Array.of(p.y), unit: "pix" },
      { name: "R", data: Float64Array.of(r.radius / p.scale), unit: "pix" },
      { name: "ROTANG", data: Float64Array.of(0), unit: "deg" },
    ],
    cards,
  };
}

/** The first region of a REGION table HDU (circles only) and the WCS it is defined on. */
export function readRegionHdu(hdu: BinTableHdu): { region: SkyRegion; wcs: Wcs } {
  const wcs = Wcs.fromHeader(hdu.header.toRecord(), hdu.path.file);
  const shapes = hdu.strings("SHAPE");
  if (shapes.length === 0) throw new DatasetIoError("the REGION table is empty", hdu.path, "one region");
  if (shapes[0].trim().toLowerCase() !== "circle") {
    throw new FitsError("UNSUPPORTED", `region shape ${shapes[0]}`, { ...hdu.path, key: "SHAPE" }, "circle");
  }
  const x = hdu.float64("X").data[0];
  const y = hdu.float64("Y").data[0];
  const rPix = hdu.float64("R").data[0];
  const c = wcs.pixToWorld([x], [y]);
  const center = { lon: c.lon[0], lat: c.lat[0], frame: wcs.frame };
  const scale = pixelScaleAngleAt(center, wcs).scale;
  return { region: circle(center.lon, center.lat, rPix * scale, wcs.frame), wcs };
}

/** The GTI table HDU of intervals (START, STOP in s) with their time reference keywords. */
export function gtiTableHdu(gti: GTI): HduSpec {
  const cards: CardInput[] = [];
  for (const [k, v] of Object.entries(gti.meta)) {
    if (v === null || typeof v === "bigint" || /^(EXTNAME|CHECKSUM|DATASUM)$/.test(k)) continue;
    cards.push({ key: k, value: v });
  }
  return {
    kind: "bintable",
    name: "GTI",
    columns: [
      { name: "START", data: gti.startS, unit: "s" },
      { name: "STOP", data: gti.stopS, unit: "s" },
    ],
    cards,
  };
}

/** The GTI table HDU (START, STOP in s) with the time reference keywords; `undefined` without GTI or ontime. */
export function gtiHdu(dataset: SpectrumDataset, gti?: GTI): HduSpec | undefined {
  if (gti) return gtiTableHdu(gti);
  if (!Number.isFinite(dataset.ontimeS)) return undefined;
  return {
    kind: "bintable",
    name: "GTI",
    columns: [
      { name: "START", data: Float64Array.of(0), unit: "s" },
      { name: "STOP", data: Float64Array.of(dataset.ontimeS), unit: "s" },
    ],
    cards: [
      { key: "MJDREFI", value: 51910 },
      { key: "MJDREFF", value: 0.000742870370370241 },
      { key: "TIMEUNIT", value: "s" },
      { key: "TIMESYS", value: "TT" },
      { key: "TIMEREF", value: "LOCAL" },
      { key: "COMMENT", value: "gammats: interval of the dataset's ontime; absolute times unknown" },
    ],
  };
}

/** The GTI HDU of a file (START/STOP with the header's time reference keywords), or undefined without one. */
export function readGti(fits: FitsFile): GTI | undefined {
  if (!fits.find("GTI")) return undefined;
  const t = fits.table("GTI");
  return new GTI(t.float64("START").data.slice(), t.float64("STOP").data.slice(), headerMeta(t.header));
}

/** Sum of the intervals of a GTI HDU (s), or NaN without one. */
export function readOntime(fits: FitsFile): number {
  const h = fits.find("GTI");
  if (!h) return Number.NaN;
  const t = fits.table("GTI");
  const start = t.float64("START").data;
  const stop = t.float64("STOP").data;
  let s = 0;
  for (let i = 0; i < start.length; i++) s += stop[i] - start[i];
  return s;
}

/** Names of the four OGIP files of a PHA file name, as Gammapy's `OGIPDatasetWriter.get_filenames`. */
export interface OgipFileNames {
  readonly pha: string;
  readonly bkg: string;
  readonly arf: string;
  readonly rmf: string;
}

/** File names of the BKG/ARF/RMF companions of a PHA file (`x.fits` gives `x_bkg.fits`, `x_arf.fits`, `x_rmf.fits`). */
export function ogipFileNames(pha: string): OgipFileNames {
  const base = pha.replace(/^.*[\\/]/, "");
  const dot = base.indexOf(".");
  const stem = dot < 0 ? base : base.slice(0, dot);
  const suffix = dot < 0 ? "" : base.slice(dot);
  return { pha: base, bkg: `${stem}_bkg${suffix}`, arf: `${stem}_arf${suffix}`, rmf: `${stem}_rmf${suffix}` };
}

/** Bytes of the OGIP files of one dataset (BKG and RMF are optional for reading). */
export interface OgipFiles {
  readonly pha: Uint8Array;
  readonly bkg?: Uint8Array;
  readonly arf: Uint8Array;
  readonly rmf?: Uint8Array;
}

const M2_TO_CM2 = 1e4;

/** The OGIP EBOUNDS HDU of a reco-energy axis (CHANNEL from 0, E_MIN, E_MAX). */
function eboundsHdu(axis: MapAxis): HduSpec {
  const lo = axis.edgesMin.slice();
  const hi = axis.edgesMax.slice();
  return {
    kind: "bintable",
    name: "EBOUNDS",
    columns: [
      { name: "CHANNEL", data: Int16Array.from({ length: axis.nbin }, (_, i) => i) },
      { name: "E_MIN", data: lo, unit: axis.unit || "TeV" },
      { name: "E_MAX", data: hi, unit: axis.unit || "TeV" },
    ],
    cards: [
      { key: "TELESCOP", value: "DUMMY" },
      { key: "INSTRUME", value: "DUMMY" },
      { key: "FILTER", value: "None" },
      { key: "CHANTYPE", value: "PHA" },
      { key: "DETCHANS", value: axis.nbin },
      { key: "HDUCLASS", value: "OGIP" },
      { key: "HDUCLAS1", value: "RESPONSE" },
      { key: "HDUCLAS2", value: "EBOUNDS" },
      { key: "HDUVERS", value: "1.2.0" },
    ],
  };
}

function spectrumHdu(
  dataset: SpectrumDataset,
  counts: Float64Array,
  backscal: Float64Array,
  isBkg: boolean,
  names: OgipFileNames,
): HduSpec {
  const n = dataset.energyAxis.nbin;
  const quality = new Uint8Array(n);
  for (let i = 0; i < n; i++) quality[i] = dataset.maskSafe[i] ? 0 : 1;
  const cards: CardInput[] = [
    { key: "TELESCOP", value: "unknown" },
    { key: "INSTRUME", value: "unknown" },
    { key: "FILTER", value: "None" },
    { key: "EXPOSURE", value: dataset.livetimeS, comment: "livetime (s)" },
    { key: "CORRFILE", value: "" },
    { key: "CORRSCAL", value: "" },
    { key: "ANCRFILE", value: names.arf },
    { key: "HDUCLASS", value: "OGIP" },
    { key: "HDUCLAS1", value: "SPECTRUM" },
    { key: "HDUVERS", value: "1.2.1" },
    { key: "POISSERR", value: true },
    { key: "CHANTYPE", value: "PHA" },
    { key: "DETCHANS", value: n },
    { key: "GROUPING", value: 0 },
    { key: "AREASCAL", value: 1 },
    { key: "HDUCLAS2", value: isBkg ? "BKG" : "TOTAL" },
    { key: "HDUCLAS3", value: "COUNT" },
    { key: "HDUCLAS4", value: "TYPE:1" },
    { key: "OBS_ID", value: dataset.name },
    // Gammapy 1.0 swaps the conditions of these two; here each names a file that is written
    ...(dataset.countsOff ? [{ key: "BACKFILE", value: names.bkg }] : []),
    { key: "RESPFILE", value: names.rmf },
  ];
  return {
    kind: "bintable",
    name: "SPECTRUM",
    columns: [
      { name: "CHANNEL", data: Int16Array.from({ length: n }, (_, i) => i) },
      { name: "COUNTS", data: Int32Array.from(counts, (v) => Math.round(v)) },
      { name: "QUALITY", data: quality, logical: true },
      { name: "BACKSCAL", data: Float64Array.from(backscal) },
    ],
    cards,
  };
}

/** Rows of the RMF MATRIX table: the runs of non-zero entries of each dispersion row, as Gammapy's `to_table`. */
function rmfRows(edisp: Float64Array, nTrue: number, nReco: number) {
  const nGrp = new Int16Array(nTrue);
  const fChan: Int16Array[] = [];
  const nChan: Int16Array[] = [];
  const matrix: Float32Array[] = [];
  let numgrp = 0;
  let numelt = 0;
  for (let k = 0; k < nTrue; k++) {
    const row = edisp.subarray(k * nReco, (k + 1) * nReco);
    const f: number[] = [];
    const c: number[] = [];
    const values: number[] = [];
    for (let j = 0; j < nReco; j++) {
      if (row[j] === 0) continue;
      if (f.length > 0 && f[f.length - 1] + c[c.length - 1] === j) c[c.length - 1]++;
      else {
        f.push(j);
        c.push(1);
      }
      values.push(row[j]);
    }
    if (f.length === 0) {
      f.push(0);
      c.push(0);
    }
    nGrp[k] = f.length;
    fChan.push(Int16Array.from(f));
    nChan.push(Int16Array.from(c));
    matrix.push(Float32Array.from(values));
    numgrp += f.length;
    numelt += values.length;
  }
  return { nGrp, fChan, nChan, matrix, numgrp, numelt };
}

function primary(format: string): HduSpec {
  return { kind: "image", cards: formatCards(format, "OGIP") };
}

function requirePositiveLivetime(dataset: SpectrumDataset): void {
  if (!(dataset.livetimeS > 0)) {
    throw new ArgumentError("writing OGIP files needs a positive livetime", "livetimeS", "livetimeS > 0");
  }
}

/**
 * Serialises a spectrum dataset into the OGIP PHA, BKG (when the dataset has OFF counts), ARF and RMF files, as
 * Gammapy's `SpectrumDatasetOnOff.write(filename, format="ogip")`. `pha` is the PHA file name the companion names
 * (written into ANCRFILE/BACKFILE/RESPFILE) derive from; default `pha_obs<name>.fits`, as `Datasets.write`.
 */
export function writeOgip(
  dataset: SpectrumDataset,
  pha = `pha_obs${dataset.name}.fits`,
  options: DatasetWriteOptions = {},
): { names: OgipFileNames; files: OgipFiles } {
  requirePositiveLivetime(dataset);
  const names = ogipFileNames(pha);
  // files without an ON region have no REGION HDU, as Gammapy writes a RegionGeom without region
  const region = dataset.geom ? [regionHdu(dataset.geom, "REGION")] : [];
  const gti = gtiHdu(dataset, options.gti ?? dataset.gti);
  const phaHdus: HduSpec[] = [
    primary("ogip-pha"),
    spectrumHdu(dataset, dataset.counts, dataset.acceptance, false, names),
    eboundsHdu(dataset.energyAxis),
    ...region,
  ];
  if (gti) phaHdus.push(gti);
  const t = dataset.energyAxisTrue;
  const aeff = Float64Array.from(dataset.exposure, (v) => v / dataset.livetimeS / M2_TO_CM2);
  const arf = writeFits([
    primary("ogip-arf"),
    {
      kind: "bintable",
      name: "SPECRESP",
      columns: [
        { name: "ENERG_LO", data: t.edgesMin.slice(), unit: t.unit || "TeV" },
        { name: "ENERG_HI", data: t.edgesMax.slice(), unit: t.unit || "TeV" },
        { name: "SPECRESP", data: aeff, unit: "m2" },
      ],
      cards: [
        { key: "TELESCOP", value: "unknown" },
        { key: "INSTRUME", value: "unknown" },
        { key: "FILTER", value: "None" },
        { key: "HDUCLASS", value: "OGIP" },
        { key: "HDUCLAS1", value: "RESPONSE" },
        { key: "HDUCLAS2", value: "SPECRESP" },
        { key: "HDUVERS", value: "1.1.0" },
      ],
    },
  ]);
  const rows = rmfRows(dataset.edisp, t.nbin, dataset.energyAxis.nbin);
  const rmf = writeFits([
    primary("ogip-rmf"),
    {
      kind: "bintable",
      name: "MATRIX",
      columns: [
        { name: "ENERG_LO", data: Float32Array.from(t.edgesMin), unit: t.unit || "TeV" },
        { name: "ENERG_HI", data: Float32Array.from(t.edgesMax), unit: t.unit || "TeV" },
        { name: "N_GRP", data: rows.nGrp },
        { name: "F_CHAN", data: { rows: rows.fChan } },
        { name: "N_CHAN", data: { rows: rows.nChan } },
        { name: "MATRIX", data: { rows: rows.matrix } },
      ],
      cards: [
        { key: "CHANTYPE", value: "PHA" },
        { key: "HDUCLASS", value: "OGIP" },
        { key: "HDUCLAS1", value: "RESPONSE" },
        { key: "HDUCLAS2", value: "RSP_MATRIX" },
        { key: "DETCHANS", value: dataset.energyAxis.nbin },
        { key: "NUMGRP", value: rows.numgrp },
        { key: "NUMELT", value: rows.numelt },
        { key: "TLMIN4", value: 0 },
      ],
    },
    eboundsHdu(dataset.energyAxis),
  ]);
  const files: OgipFiles = {
    pha: writeFits(phaHdus),
    arf,
    rmf,
    bkg:
      dataset.countsOff && dataset.acceptanceOff
        ? writeFits([
            primary("ogip-bkg"),
            spectrumHdu(dataset, dataset.countsOff, dataset.acceptanceOff, true, names),
            eboundsHdu(dataset.energyAxis),
            ...region,
          ])
        : undefined,
  };
  return { names, files };
}

/** File names referenced by a PHA file's SPECTRUM header (ANCRFILE, BACKFILE, RESPFILE), as written. */
export function ogipReferences(pha: Uint8Array, name = "PHA"): { arf: string; bkg?: string; rmf?: string } {
  const h = FitsFile.open(pha, { name }).table("SPECTRUM").header;
  const get = (k: string) => {
    const v = h.getString(k)?.trim();
    return v && v.toLowerCase() !== "none" ? v : undefined;
  };
  const arf = get("ANCRFILE");
  if (!arf) throw new FitsError("NOT_FOUND", "no ANCRFILE", { file: name, hdu: "SPECTRUM", key: "ANCRFILE" });
  return { arf, bkg: get("BACKFILE"), rmf: get("RESPFILE") };
}

/** A numeric column of a table checked to have `n` rows. */
function column(hdu: BinTableHdu, name: string, n?: number): Float64Array {
  const c = hdu.float64(name);
  if (n !== undefined && c.data.length !== n) {
    throw new DatasetIoError(`column ${name} has ${c.data.length} rows`, { ...hdu.path, key: name }, `${n} rows`);
  }
  return c.data;
}

/** The axis of an OGIP energy table (columns lo/hi, unit from the column), converted to TeV. */
function energyAxisOf(hdu: BinTableHdu, lo: string, hi: string, name: "energy" | "energy_true"): MapAxis {
  const a = column(hdu, lo);
  const b = column(hdu, hi, a.length);
  if (a.length === 0) throw new DatasetIoError(`${hdu.name} has no rows`, hdu.path, "at least one energy bin");
  const unit = hdu.columnInfo(lo).unit?.trim() || "TeV";
  const f = unitConversionFactor(unit, "TeV");
  const edges = new Float64Array(a.length + 1);
  for (let i = 0; i < a.length; i++) edges[i] = a[i] * f;
  edges[a.length] = b[a.length - 1] * f;
  try {
    return MapAxis.fromEnergyEdges(edges, { name });
  } catch (err) {
    throw new DatasetIoError(
      `bad energy edges: ${(err as Error).message}`,
      { ...hdu.path, key: lo },
      "increasing edges",
    );
  }
}

/** Counts, BACKSCAL and QUALITY of an OGIP SPECTRUM HDU. */
function readSpectrum(fits: FitsFile): { counts: Float64Array; backscal: Float64Array; mask: Uint8Array } {
  const hdu = fits.table("SPECTRUM");
  const counts = column(hdu, "COUNTS");
  const n = counts.length;
  const backscal = hdu.hasColumn("BACKSCAL")
    ? column(hdu, "BACKSCAL", n)
    : new Float64Array(n).fill(hdu.header.getNumber("BACKSCAL") ?? 1);
  const mask = new Uint8Array(n).fill(1);
  if (hdu.hasColumn("QUALITY")) {
    const q = column(hdu, "QUALITY", n);
    for (let i = 0; i < n; i++) mask[i] = q[i] ? 0 : 1;
  }
  return { counts, backscal, mask };
}

/** The RMF dispersion matrix (nTrue x DETCHANS), from the MATRIX groups. */
function readMatrix(fits: FitsFile, nTrue: number, nReco: number): Float64Array {
  const hdu = fits.table("MATRIX");
  const detchans = hdu.header.getInt("DETCHANS") ?? nReco;
  if (detchans !== nReco || hdu.nrows !== nTrue) {
    throw new DatasetIoError(
      `the matrix is ${hdu.nrows} x ${detchans}`,
      { ...hdu.path, key: "DETCHANS" },
      `${nTrue} x ${nReco} (ARF bins x EBOUNDS channels)`,
    );
  }
  const tlmin = hdu.header.getInt(`TLMIN${hdu.columnInfo("F_CHAN").index}`) ?? 0;
  const nGrp = column(hdu, "N_GRP", nTrue);
  const vla = (name: string): ArrayLike<number>[] => {
    const c = hdu.column(name);
    if (c.kind === "vla") return c.rows as ArrayLike<number>[];
    if (c.kind === "numeric") {
      const per = c.shape.slice(1).reduce((a, b) => a * b, 1);
      return Array.from({ length: hdu.nrows }, (_, r) => c.data.subarray(r * per, (r + 1) * per));
    }
    throw new FitsError("WRONG_TYPE", `column ${name} is not numeric`, { ...hdu.path, key: name }, "numbers");
  };
  const fChan = vla("F_CHAN");
  const nChan = vla("N_CHAN");
  const matrix = vla("MATRIX");
  const out = new Float64Array(nTrue * nReco);
  for (let k = 0; k < nTrue; k++) {
    let m = 0;
    for (let g = 0; g < nGrp[k]; g++) {
      const f = Number(fChan[k][g]) - tlmin;
      const c = Number(nChan[k][g]);
      if (!(f >= 0 && c >= 0 && f + c <= nReco && m + c <= matrix[k].length)) {
        throw new DatasetIoError(
          `row ${k}, group ${g}: channels ${f}..${f + c} outside the matrix`,
          { ...hdu.path, key: "F_CHAN" },
          `channels within 0..${nReco}`,
        );
      }
      for (let j = 0; j < c; j++) out[k * nReco + f + j] = Number(matrix[k][m + j]);
      m += c;
    }
  }
  return out;
}

/** The region geometry of a file's REGION HDU (named `hduName`) with one axis. */
function readRegionGeom(fits: FitsFile, hduName: string, axis: MapAxis): RegionGeom {
  const { region, wcs } = readRegionHdu(fits.table(hduName));
  return new RegionGeom(region, [axis], wcs);
}

/**
 * Reads a spectrum dataset from OGIP files (bytes), as Gammapy's `OGIPDatasetReader`: counts, acceptance and safe
 * mask from the PHA file, OFF counts and acceptance from BKG, exposure = SPECRESP x livetime (EXPOSURE keyword), the
 * dispersion matrix from RMF (float32 values, as stored). `names` name the files in errors.
 */
export function readOgip(
  files: OgipFiles,
  options: DatasetReadOptions & { readonly names?: Partial<OgipFileNames> } = {},
): SpectrumDataset {
  const names = { pha: "PHA", bkg: "BKG", arf: "ARF", rmf: "RMF", ...(options.names ?? {}) };
  const pha = openDatasetFits(files.pha, names.pha, options);
  const spec = pha.table("SPECTRUM");
  const livetimeS = spec.header.getNumber("EXPOSURE");
  if (livetimeS === undefined) {
    throw new FitsError("NOT_FOUND", "no EXPOSURE keyword", { ...spec.path, key: "EXPOSURE" }, "the livetime (s)");
  }
  const name = String(spec.header.get("OBS_ID") ?? "").trim();
  const on = readSpectrum(pha);
  const nReco = on.counts.length;
  const energyAxis = energyAxisOf(pha.table("EBOUNDS"), "E_MIN", "E_MAX", "energy");
  if (energyAxis.nbin !== nReco) {
    throw new DatasetIoError(
      `EBOUNDS has ${energyAxis.nbin} channels`,
      { file: names.pha, hdu: "EBOUNDS" },
      `${nReco}`,
    );
  }
  // Gammapy reads PHA files without a REGION HDU (older writers) as a geometry without region
  const geom = pha.find("REGION")
    ? readRegionGeom(pha, "REGION", energyAxis)
    : options.region && new RegionGeom(options.region, [energyAxis]);
  const arfFile = openDatasetFits(files.arf, names.arf, options);
  const specresp = arfFile.table("SPECRESP");
  const energyAxisTrue = energyAxisOf(specresp, "ENERG_LO", "ENERG_HI", "energy_true");
  const aeff = column(specresp, "SPECRESP", energyAxisTrue.nbin);
  const aeffToCm2 = unitConversionFactor(specresp.columnInfo("SPECRESP").unit?.trim() || "m2", "cm2");
  const exposure = Float64Array.from(aeff, (v) => v * aeffToCm2 * livetimeS);
  let countsOff: Float64Array | undefined;
  let acceptanceOff: Float64Array | undefined;
  if (files.bkg) {
    const off = readSpectrum(openDatasetFits(files.bkg, names.bkg, options));
    if (off.counts.length !== nReco) {
      throw new DatasetIoError(
        `BKG has ${off.counts.length} channels`,
        { file: names.bkg, hdu: "SPECTRUM" },
        `${nReco}`,
      );
    }
    countsOff = off.counts;
    acceptanceOff = off.backscal;
  }
  const edisp = files.rmf
    ? readMatrix(openDatasetFits(files.rmf, names.rmf, options), energyAxisTrue.nbin, nReco)
    : identityDispersion(energyAxisTrue.nbin, nReco);
  return new SpectrumDataset({
    name,
    geom,
    energyAxis,
    energyAxisTrue,
    counts: on.counts,
    exposure,
    edisp,
    livetimeS,
    ontimeS: readOntime(pha),
    gti: readGti(pha),
    countsOff,
    acceptance: on.backscal,
    acceptanceOff,
    maskSafe: on.mask,
    meta: { obs_id: name },
  });
}

/** A diagonal dispersion (only meaningful when both axes coincide); used when no RMF is given. */
function identityDispersion(nTrue: number, nReco: number): Float64Array {
  const m = new Float64Array(nTrue * nReco);
  for (let k = 0; k < Math.min(nTrue, nReco); k++) m[k * nReco + k] = 1;
  return m;
}
