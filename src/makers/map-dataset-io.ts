/**
 * Map datasets in Gammapy's FITS layout (`MapDataset.write` / `MapDataset.read`): one image HDU per map with its
 * `<NAME>_BANDS` table — COUNTS, EXPOSURE, BACKGROUND, EDISP + EDISP_EXPOSURE, PSF + PSF_EXPOSURE, MASK_SAFE (and
 * MASK_FIT) — after an empty primary HDU carrying the format name and version. Written files carry CHECKSUM/DATASUM
 * (see `writeFits`).
 */
import type { FitsFile } from "../fits/file.js";
import type { HduSpec } from "../fits/writer.js";
import { EDispKernelMap } from "../irf/edisp-map.js";
import { PSFMap } from "../irf/psf-map.js";
import { MapAxis } from "../maps/axis.js";
import { readWcsMap, wcsMapToHdus } from "../maps/io.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import { unitConversionFactor } from "../util/units.js";
import { GAMMATS_VERSION } from "../util/version.js";
import type { MapDatasetParts } from "./map.js";

/** HDUs of a map dataset (Gammapy's `MapDataset.to_hdulist` layout). `maskFit` is optional, flat like counts. */
export function mapDatasetToHdus(parts: MapDatasetParts, maskFit?: Uint8Array): HduSpec[] {
  const out: HduSpec[] = [
    {
      kind: "image",
      cards: [
        { key: "CREATOR", value: `gammats ${GAMMATS_VERSION}` },
        { key: "GTFORMAT", value: "gadf-map-dataset", comment: "file format" },
        { key: "GTFMTVER", value: "0.3", comment: "format version" },
        { key: "NAME", value: parts.name },
        { key: "LIVETIME", value: parts.livetimeS, comment: "[s]" },
        { key: "ONTIME", value: parts.ontimeS, comment: "[s]" },
      ],
    },
  ];
  const add = (map: WcsNDMap | undefined, name: string) => {
    if (map) out.push(...wcsMapToHdus(map, name).slice(1));
  };
  add(parts.counts, "COUNTS");
  add(parts.exposure, "EXPOSURE");
  add(parts.background, "BACKGROUND");
  add(parts.edisp?.irfMap, "EDISP");
  add(parts.edisp?.exposureMap, "EDISP_EXPOSURE");
  add(parts.psf?.irfMap, "PSF");
  add(parts.psf?.exposureMap, "PSF_EXPOSURE");
  add(parts.maskSafe, "MASK_SAFE");
  if (maskFit) {
    const m = new WcsNDMap(parts.counts.geom, Uint8Array.from(maskFit), "", {}, true);
    add(m, "MASK_FIT");
  }
  return out;
}

/** Units the IRF-map code assumes for each axis name. */
const CANONICAL_AXIS_UNITS: Readonly<Record<string, string>> = { energy: "TeV", energy_true: "TeV", rad: "deg" };

/**
 * The map with its energy axes in TeV and its rad axis in deg (Gammapy's files may store them in GeV, MeV or rad,
 * as the Fermi-LAT PSF maps do); the data are shared.
 */
function withCanonicalAxisUnits(map: WcsNDMap): WcsNDMap {
  const axes = map.geom.axes.axes;
  const converted = axes.map((a) => {
    const unit = CANONICAL_AXIS_UNITS[a.name];
    if (unit === undefined || a.unit === unit) return a;
    const f = unitConversionFactor(a.unit || unit, unit);
    return new MapAxis(
      a.nodes.map((v) => v * f),
      { name: a.name, unit, interp: a.interp, nodeType: a.nodeType },
    );
  });
  if (converted.every((a, i) => a === axes[i])) return map;
  return new WcsNDMap(map.geom.withAxes(converted), map.data, map.unit, map.meta, map.isMask);
}

/**
 * Reads a map dataset written by Gammapy or gammats (the layout above). Livetime comes from the primary header's
 * LIVETIME (gammats) or, for Gammapy's files, from the GTI sum when present (else NaN). Returns the parts and the fit
 * mask (flat like counts) if stored.
 */
export function readMapDatasetParts(fits: FitsFile): { parts: MapDatasetParts; maskFit?: Uint8Array } {
  const has = (name: string) => fits.find(name) !== undefined;
  const map = (name: string) => (has(name) ? withCanonicalAxisUnits(readWcsMap(fits, { hdu: name })) : undefined);
  const counts = map("COUNTS");
  if (!counts)
    throw new GammatsError("NOT_FOUND", "no COUNTS HDU", { file: fits.name, hdu: "COUNTS" }, "a map dataset file");
  const primary = fits.hdu(0).header;
  const number = (key: string) => {
    const v = primary.get(key);
    return typeof v === "number" ? v : Number.NaN;
  };
  let livetimeS = number("LIVETIME");
  let ontimeS = number("ONTIME");
  if (Number.isNaN(ontimeS) && has("GTI")) {
    const gti = fits.table("GTI");
    const start = gti.float64("START").data;
    const stop = gti.float64("STOP").data;
    ontimeS = 0;
    for (let i = 0; i < start.length; i++) ontimeS += stop[i] - start[i];
  }
  if (Number.isNaN(livetimeS)) livetimeS = ontimeS;
  const maskSafe = map("MASK_SAFE");
  const psf = map("PSF");
  const edisp = map("EDISP");
  const maskFit = map("MASK_FIT");
  const parts: MapDatasetParts = {
    name: String(primary.get("NAME") ?? "dataset").trim() || "dataset",
    counts,
    exposure: map("EXPOSURE"),
    background: map("BACKGROUND"),
    psf: psf && new PSFMap(psf, map("PSF_EXPOSURE")),
    edisp: edisp && new EDispKernelMap(edisp, map("EDISP_EXPOSURE")),
    maskSafe: maskSafe ?? new WcsNDMap(counts.geom, new Uint8Array(counts.data.length).fill(1), "", {}, true),
    livetimeS,
    ontimeS,
    meta: { obsIds: [] },
  };
  return {
    parts,
    maskFit: maskFit && Uint8Array.from(maskFit.data as ArrayLike<number>, (v) => (v ? 1 : 0)),
  };
}
