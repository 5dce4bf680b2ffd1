/**
 * Reading and writing WCS maps in Gammapy's FITS layout: an image HDU with the WCS and, for non-spatial axes, the
 * AXCOLSn/INTERPn/WCSSHAPE/BANDSHDU keywords plus a `<HDU>_BANDS` table (CHANNEL and per-axis center/min/max
 * columns); also reads the Fermi-LAT conventions (EBOUNDS for counts cubes, ENERGIES for templates).
 */
import type { BinTableHdu } from "../fits/bintable.js";
import { FitsError } from "../fits/errors.js";
import type { FitsFile } from "../fits/file.js";
import { ImageHdu } from "../fits/image.js";
import { readTable } from "../fits/table-io.js";
import type { CardInput, HduSpec } from "../fits/writer.js";
import type { InterpScale } from "../util/interpolate.js";
import type { BigIntArray, NumericArray } from "../util/ndarray.js";
import type { MetaValue, Table } from "../util/table.js";
import { MapAxes } from "./axes.js";
import { MapAxis } from "./axis.js";
import { HpxGeom } from "./hpx-geom.js";
import { HpxNDMap } from "./hpx-map.js";
import { Wcs } from "./wcs/wcs.js";
import { WcsGeom } from "./wcs-geom.js";
import { WcsNDMap } from "./wcs-map.js";

/** Map axes from a Gammapy BANDS table (AXCOLSn / INTERPn metadata; nodes are the unique column values). */
export function axesFromBandsTable(t: Table): MapAxis[] {
  const axes: MapAxis[] = [];
  for (let i = 1; i <= 5; i++) {
    const axcols = t.meta[`AXCOLS${i}`];
    if (typeof axcols !== "string") break;
    const cols = axcols.split(",").map((c) => c.trim());
    const interp = (String(t.meta[`INTERP${i}`] ?? "lin").trim() || "lin") as InterpScale;
    const name = cols[0] === "E_MIN" ? "energy" : cols[0].replace(/_MIN$/, "").toLowerCase();
    const unit = t.column(cols[0]).unit ?? "";
    const unique = (c: string) => [...new Set(t.float64(c))].sort((a, b) => a - b);
    if (cols.length === 2) {
      const lo = unique(cols[0]);
      const hi = unique(cols[1]);
      axes.push(MapAxis.fromEdges([...lo, hi[hi.length - 1]], { name: name === "theta" ? "rad" : name, unit, interp }));
    } else {
      axes.push(MapAxis.fromNodes(unique(cols[0]), { name: name === "theta" ? "rad" : name, unit, interp }));
    }
  }
  return axes;
}

/** The energy axis of a Fermi-LAT EBOUNDS (counts cube) or ENERGIES (template) table. */
function fermiAxis(t: Table, kind: "EBOUNDS" | "ENERGIES"): MapAxis {
  if (kind === "EBOUNDS") {
    const lo = t.float64("E_MIN");
    const hi = t.float64("E_MAX");
    const unit = t.column("E_MIN").unit ?? "keV";
    return MapAxis.fromEdges([...lo, hi[hi.length - 1]], { name: "energy", unit, interp: "log" });
  }
  const col = ["Energy", "ENERGY", "energy"].find((c) => t.has(c)) as string;
  return MapAxis.fromNodes(t.float64(col), { name: "energy_true", unit: "MeV", interp: "log" });
}

/** Options of `readWcsMap`. */
export interface ReadMapOptions {
  /** HDU name or index of the map data; default the first HDU with data. */
  readonly hdu?: string | number;
}

/** Reads a WCS map from an open FITS file, as Gammapy's `Map.read`. */
export function readWcsMap(fits: FitsFile, options: ReadMapOptions = {}): WcsNDMap {
  const hdu = options.hdu !== undefined ? fits.hdu(options.hdu) : fits.hdus.find((h) => h.dataBytes > 0);
  if (!(hdu instanceof ImageHdu)) {
    throw new FitsError(
      "UNSUPPORTED",
      "only image HDUs are read as WCS maps (sparse maps are not supported)",
      hdu?.path ?? { file: fits.name },
      "an image HDU",
    );
  }
  const h = hdu.header;
  const rec = h.toRecord();
  let bandsName = h.getString("BANDSHDU");
  if (!bandsName && (h.getInt("NAXIS") ?? 0) === 3)
    bandsName = fits.find("EBOUNDS") ? "EBOUNDS" : fits.find("ENERGIES") ? "ENERGIES" : undefined;
  let axes: MapAxis[] = [];
  if (bandsName) {
    const bands = readTable(fits.table(bandsName) as BinTableHdu);
    axes =
      bandsName === "EBOUNDS" || bandsName === "ENERGIES" ? [fermiAxis(bands, bandsName)] : axesFromBandsTable(bands);
  }
  const wcs = Wcs.fromHeader(rec, fits.name);
  const shape = /^\((.*)\)$/.exec(h.getString("WCSSHAPE") ?? "");
  const npix: [number, number] = shape
    ? [Number(shape[1].split(",")[0]), Number(shape[1].split(",")[1])]
    : [h.requireInt("NAXIS1"), h.requireInt("NAXIS2")];
  const geom = new WcsGeom(wcs, npix, new MapAxes(axes));
  const image = hdu.read();
  const isMask = ["mask", "is_ul", "success"].some((k) => hdu.name.toLowerCase().includes(k));
  let data = image.data;
  if (isMask) data = Uint8Array.from(data as ArrayLike<number | bigint>, (v) => (Number(v) ? 1 : 0));
  let meta: Record<string, MetaValue | object> = {};
  const metaText = h.getString("META");
  if (metaText) {
    try {
      meta = JSON.parse(metaText);
    } catch {
      meta = {};
    }
  }
  let unit = (h.getString("BUNIT") ?? "").trim();
  // Gammapy's rule for Fermi-LAT templates without BUNIT: exposure cubes (with a GTI HDU) or intensity maps
  if (unit === "" && bandsName === "ENERGIES") unit = fits.find("GTI") ? "cm2 s" : "cm-2 s-1 MeV-1 sr-1";
  return new WcsNDMap(geom, data, unit, meta, isMask);
}

/** The BANDS table HDU of a geometry's axes (Gammapy's `to_bands_hdu`, gadf format). */
function bandsHdu(geom: { axes: MapAxes }, name: string): HduSpec {
  const axes = geom.axes.axes;
  const n = geom.axes.size;
  // numpy meshgrid with 'xy' indexing, raveled: the first two axes swap their order
  const shape = axes.map((a) => a.nbin);
  const gridShape = shape.length >= 2 ? [shape[1], shape[0], ...shape.slice(2)] : shape;
  const axisOfGridDim = shape.length >= 2 ? [1, 0, ...shape.slice(2).map((_, i) => i + 2)] : [0];
  const valueAt = (k: number, flat: number): number => {
    // index of axis k at position `flat` of the raveled grid
    let rem = flat;
    const idx = new Array<number>(gridShape.length);
    for (let d = gridShape.length - 1; d >= 0; d--) {
      idx[d] = rem % gridShape[d];
      rem = Math.floor(rem / gridShape[d]);
    }
    return idx[axisOfGridDim.indexOf(k)];
  };
  const columns: { name: string; data: Float64Array | BigInt64Array; unit?: string }[] = [
    { name: "CHANNEL", data: BigInt64Array.from({ length: n }, (_, i) => BigInt(i)) },
  ];
  const cards: CardInput[] = [];
  axes.forEach((a, k) => {
    const upper = a.name.toUpperCase();
    const names = upper === "ENERGY" ? ["ENERGY", "E_MIN", "E_MAX"] : [upper, `${upper}_MIN`, `${upper}_MAX`];
    const sources = [a.center, a.edgesMin, a.edgesMax];
    names.forEach((col, c) => {
      columns.push({
        name: col,
        data: Float64Array.from({ length: n }, (_, f) => sources[c][valueAt(k, f)]),
        unit: a.unit || undefined,
      });
    });
    cards.push(...axisCards(a, k + 1));
  });
  return { kind: "bintable", name, columns, cards };
}

/** AXCOLSn / INTERPn cards of an axis (Gammapy's `MapAxis.to_header`, gadf format). */
function axisCards(a: MapAxis, n: number): CardInput[] {
  const upper = a.name.toUpperCase();
  const axcols =
    a.name === "energy"
      ? a.nodeType === "edges"
        ? "E_MIN,E_MAX"
        : "ENERGY"
      : a.nodeType === "edges"
        ? `${upper}_MIN,${upper}_MAX`
        : upper;
  return [
    { key: `AXCOLS${n}`, value: axcols },
    { key: `INTERP${n}`, value: a.interp },
  ];
}

/**
 * The HDUs of a map in Gammapy's layout: the image (as PRIMARY when `hdu` is PRIMARY, the default, else as an IMAGE
 * extension with that name) and, with non-spatial axes, its `<HDU>_BANDS` table. Masks are written as int64, as
 * Gammapy does.
 */
export function wcsMapToHdus(map: WcsNDMap, hdu = "PRIMARY"): HduSpec[] {
  const name = hdu.toUpperCase();
  const geom = map.geom;
  const cards: CardInput[] = [{ key: "WCSAXES", value: 2 }, ...map.geom.wcs.toHeaderCards()];
  for (const [k, a] of geom.axes.axes.entries()) cards.push(...axisCards(a, k + 1));
  cards.push({
    key: "WCSSHAPE",
    value: `(${[geom.npix[0], geom.npix[1], ...geom.axes.axes.map((a) => a.nbin)].join(",")})`,
  });
  const bandsName = `${name}_BANDS`;
  if (!geom.isImage) cards.push({ key: "BANDSHDU", value: bandsName });
  cards.push({ key: "META", value: JSON.stringify(map.meta) }, { key: "BUNIT", value: map.unit });
  const data: NumericArray | BigIntArray = map.isMask
    ? BigInt64Array.from(map.data as Uint8Array, (v) => BigInt(v))
    : map.data;
  const image: HduSpec = {
    kind: "image",
    data,
    shape: geom.dataShape,
    name: name === "PRIMARY" ? undefined : name,
    cards,
  };
  const out: HduSpec[] = name === "PRIMARY" ? [image] : [{ kind: "image" }, image];
  if (!geom.isImage) out.push(bandsHdu(geom, bandsName));
  return out;
}

/** Axes of a map HDU from its bands table (BANDSHDU, or EBOUNDS / ENERGIES for Fermi-LAT files). */
function readAxes(fits: FitsFile, bandsName: string | undefined): MapAxis[] {
  if (!bandsName) return [];
  const bands = readTable(fits.table(bandsName) as BinTableHdu);
  return bandsName === "EBOUNDS" || bandsName === "ENERGIES"
    ? [fermiAxis(bands, bandsName)]
    : axesFromBandsTable(bands);
}

/** Reads a HEALPix map in Gammapy's HPX layout (IMPLICIT or EXPLICIT index scheme). */
export function readHpxMap(fits: FitsFile, options: ReadMapOptions = {}): HpxNDMap {
  const hdu = fits.table(options.hdu ?? (fits.find("SKYMAP") ? "SKYMAP" : 1));
  const h = hdu.header;
  const coordsys = (h.getString("COORDSYS") ?? "CEL").trim().toUpperCase();
  const nest = (h.getString("ORDERING") ?? "RING").trim().toUpperCase() === "NESTED";
  const nside = h.getInt("NSIDE") ?? 2 ** h.requireInt("ORDER");
  const scheme = (h.getString("INDXSCHM") ?? "IMPLICIT").trim().toUpperCase();
  const bandsName = h.getString("BANDSHDU") ?? (fits.find("EBOUNDS") ? "EBOUNDS" : undefined);
  const axes = readAxes(fits, bandsName);
  const region = h.getString("HPX_REG");
  const sparse = scheme === "SPARSE";
  const pixels = !sparse && (scheme === "EXPLICIT" || hdu.hasColumn("PIX")) ? hdu.float64("PIX").data : undefined;
  const geom = new HpxGeom({
    nside,
    nest,
    frame: coordsys.startsWith("G") ? "galactic" : "icrs",
    pixels,
    region,
    axes,
  });
  const data = new Float32Array(geom.size);
  if (sparse) {
    // SPARSE: (PIX, [CHANNEL,] VALUE) rows of the non-zero bins (Gammapy / Fermi "fgst-srcmap-sparse")
    const pix = hdu.float64("PIX").data;
    const value = hdu.float64("VALUE").data;
    const channel = hdu.hasColumn("CHANNEL") ? hdu.float64("CHANNEL").data : undefined;
    const local = geom.localIndex(pix);
    for (let r = 0; r < pix.length; r++) {
      const c = channel ? channel[r] : 0;
      if (local[r] < 0 || !(c >= 0 && c < Math.max(1, geom.axes.size)))
        throw new FitsError(
          "BAD_KEYWORD",
          `sparse row ${r} is outside the map`,
          { ...hdu.path, key: "PIX" },
          "pixels and channels of the geometry",
        );
      data[c * geom.npix + local[r]] = value[r];
    }
  } else {
    const channels = hdu.columns.filter((c) => c.name !== "PIX");
    channels.forEach((c, k) => {
      data.set(hdu.float64(c.name).data, k * geom.npix);
    });
  }
  let meta: Record<string, MetaValue | object> = {};
  try {
    meta = JSON.parse(h.getString("META") ?? "{}");
  } catch {
    meta = {};
  }
  return new HpxNDMap(geom, data, (h.getString("BUNIT") ?? "").trim(), meta);
}

/**
 * The HDUs of a HEALPix map in Gammapy's HPX layout (`SKYMAP` table, PIX column for partial skies, BANDS table);
 * with `sparse`, only the positive bins as (PIX, CHANNEL, VALUE) rows (INDXSCHM = SPARSE).
 */
export function hpxMapToHdus(map: HpxNDMap, hdu = "SKYMAP", options: { sparse?: boolean } = {}): HduSpec[] {
  const g = map.geom;
  const name = hdu.toUpperCase();
  const bandsName = `${name}_BANDS`;
  const cards: CardInput[] = [
    { key: "COORDSYS", value: g.frame === "galactic" ? "GAL" : "CEL" },
    { key: "PIXTYPE", value: "HEALPIX" },
    { key: "ORDERING", value: g.nest ? "NESTED" : "RING" },
    { key: "INDXSCHM", value: options.sparse ? "SPARSE" : g.isAllsky ? "IMPLICIT" : "EXPLICIT" },
    { key: "ORDER", value: g.order },
    { key: "NSIDE", value: g.nside },
    { key: "FIRSTPIX", value: 0 },
    { key: "LASTPIX", value: 12 * g.nside * g.nside - 1 },
    { key: "HPX_CONV", value: "GADF" },
  ];
  if (g.frame === "icrs") cards.push({ key: "EQUINOX", value: 2000.0 });
  if (g.region) cards.push({ key: "HPX_REG", value: g.region });
  if (g.axes.length) cards.push({ key: "BANDSHDU", value: bandsName });
  cards.push({ key: "META", value: JSON.stringify(map.meta) }, { key: "BUNIT", value: map.unit });
  const nbands = Math.max(1, g.axes.size);
  const columns: { name: string; data: Float32Array | Int32Array | Int16Array }[] = [];
  if (options.sparse) {
    // the positive, finite bins as (PIX, [CHANNEL,] VALUE) rows, as Gammapy writes sparse maps
    const global = g.globalPixels();
    const pix: number[] = [];
    const chan: number[] = [];
    const val: number[] = [];
    for (let k = 0; k < nbands; k++)
      for (let i = 0; i < g.npix; i++) {
        const v = Number(map.data[k * g.npix + i]);
        if (v > 0 && Number.isFinite(v)) {
          pix.push(global[i]);
          chan.push(k);
          val.push(v);
        }
      }
    columns.push({ name: "PIX", data: Int32Array.from(pix) });
    if (g.axes.length) columns.push({ name: "CHANNEL", data: Int16Array.from(chan) });
    columns.push({ name: "VALUE", data: Float32Array.from(val) });
  } else if (!g.isAllsky) columns.push({ name: "PIX", data: Int32Array.from(g.globalPixels()) });
  for (let k = 0; k < nbands && !options.sparse; k++) {
    columns.push({
      name: `CHANNEL${k + 1}`,
      data: Float32Array.from({ length: g.npix }, (_, i) => Number(map.data[k * g.npix + i])),
    });
  }
  const out: HduSpec[] = [{ kind: "image" }, { kind: "bintable", name, columns, cards }];
  if (g.axes.length) out.push(bandsHdu(g, bandsName));
  return out;
}

/** Reads a map of any geometry Gammapy writes here: HEALPix (PIXTYPE = HEALPIX) or WCS. */
export function readMap(fits: FitsFile, options: ReadMapOptions = {}): WcsNDMap | HpxNDMap {
  const hdu = options.hdu !== undefined ? fits.hdu(options.hdu) : fits.hdus.find((h) => h.dataBytes > 0);
  if (hdu && String(hdu.header.get("PIXTYPE") ?? "").trim() === "HEALPIX") return readHpxMap(fits, { hdu: hdu.index });
  return readWcsMap(fits, options);
}
