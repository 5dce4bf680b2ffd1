/**
 * Turns reduced map-dataset parts (counts, exposure, background, PSF and EDisp maps) into a fit-ready `MapDataset`,
 * and back: the dataset's PSF and dispersion kernels come from the parts' maps, which are remembered here so that the
 * dataset can be written in Gammapy's layout (`mapDatasetParts`).
 */
import { transformTo } from "../coords/frames.js";
import {
  type EdispKernelSource,
  MapDataset,
  type PsfKernelCube,
  type PsfKernelSource,
} from "../datasets/map-dataset.js";
import type { EDispKernelMap } from "../irf/edisp-map.js";
import type { PSFMap } from "../irf/psf-map.js";
import type { WcsGeom } from "../maps/wcs-geom.js";
import { WcsNDMap } from "../maps/wcs-map.js";
import { GammatsError } from "../util/errors.js";
import type { MapDatasetParts } from "./map.js";
import { mapPartsFromPlain, mapPartsToPlain, type PlainMapDatasetParts } from "./map-parts.js";

/** How many PSF kernels a dataset made by `mapDatasetFromParts` keeps (by position, geometry and containment). */
const RECENT_KERNELS = 4;

/** The IRF maps behind the kernel sources made by `mapDatasetFromParts` (kernel source object -> map). */
const psfMaps = new WeakMap<object, PSFMap>();
const edispMaps = new WeakMap<object, EDispKernelMap>();

/** A `MapDataset` over the parts' maps (shared, not copied); the PSF and EDisp maps provide kernels by position. */
export function mapDatasetFromParts(parts: MapDatasetParts): MapDataset {
  if (!parts.exposure)
    throw new GammatsError(
      "MISSING_MAP",
      `dataset '${parts.name}' has no exposure`,
      { key: "exposure" },
      "an exposure map",
    );
  const psf = parts.psf;
  const edisp = parts.edisp;
  let psfSource: PsfKernelSource | undefined;
  if (psf) {
    // the last kernels asked for: the energy bins of flux points and the refits of one position ask again
    const recent: Array<{ raDeg: number; decDeg: number; geom: WcsGeom; containment: number; kernel: PsfKernelCube }> =
      [];
    psfSource = {
      psfKernelAt: (raDeg, decDeg, geom, containment) => {
        const hit = recent.find(
          (r) => r.raDeg === raDeg && r.decDeg === decDeg && r.geom === geom && r.containment === containment,
        );
        if (hit) return hit.kernel;
        const k = psf.getPsfKernel(raDeg, decDeg, geom, { containment });
        const [nx, ny] = k.geom.npix;
        const kernel: PsfKernelCube = { data: k.data, shape: [k.data.length / (nx * ny), ny, nx] };
        recent.unshift({ raDeg, decDeg, geom, containment, kernel });
        recent.length = Math.min(recent.length, RECENT_KERNELS);
        return kernel;
      },
      centerIcrs: icrsCenter(psf.psfMap.geom),
    };
    psfMaps.set(psfSource, psf);
  }
  let edispSource: EdispKernelSource | undefined;
  if (edisp) {
    edispSource = {
      edispKernelAt: (raDeg, decDeg) => edisp.getEdispKernel(raDeg, decDeg),
      centerIcrs: icrsCenter(edisp.edispMap.geom),
    };
    edispMaps.set(edispSource, edisp);
  }
  return new MapDataset({
    name: parts.name,
    counts: parts.counts,
    exposure: parts.exposure,
    background: parts.background,
    psf: psfSource,
    edisp: edispSource,
    maskSafe: toMask(parts.maskSafe.data as ArrayLike<number>),
    livetimeS: parts.livetimeS,
    ontimeS: parts.ontimeS,
  });
}

/**
 * The parts of a map dataset made by `mapDatasetFromParts` (or its on-off or sliced-in-space descendants sharing its
 * kernel sources): its current counts, exposure, background, safe mask and times, with the PSF and EDisp maps its
 * kernels come from. Throws `UNSUPPORTED` for kernels of another origin (they cannot be written as maps).
 */
export function mapDatasetParts(d: MapDataset): MapDatasetParts {
  const psf = d.psf && psfMaps.get(d.psf);
  const edisp = d.edisp && edispMaps.get(d.edisp);
  if ((d.psf && !psf) || (d.edisp && !edisp))
    throw new GammatsError(
      "UNSUPPORTED",
      `dataset '${d.name}' has PSF or dispersion kernels that are not backed by IRF maps`,
      { key: d.name },
      "a map dataset made from reduced parts (or read from a file)",
    );
  return {
    name: d.name,
    counts: d.counts,
    exposure: d.exposure,
    background: d.background,
    psf,
    edisp,
    maskSafe: new WcsNDMap(d.counts.geom, d.maskSafe.slice(), "", {}, true),
    livetimeS: d.livetimeS,
    ontimeS: d.ontimeS,
    meta: { obsIds: [] },
  };
}

/** The centre of a geometry in ICRS (deg). */
function icrsCenter(geom: WcsGeom): [number, number] {
  const c = transformTo(geom.centerSkydir, "icrs");
  return [c.lon, c.lat];
}

function toMask(data: ArrayLike<number>): Uint8Array {
  const m = new Uint8Array(data.length);
  for (let i = 0; i < m.length; i++) m[i] = data[i] ? 1 : 0;
  return m;
}

/** A map dataset in plain form (structured-cloneable): its parts and its fit mask (flat like counts). */
export interface PlainMapDataset {
  readonly parts: PlainMapDatasetParts;
  readonly maskFit?: Uint8Array;
}

/**
 * The plain form of a map dataset made from reduced parts (`mapDatasetFromParts`, or read from a file), or undefined
 * for one whose kernels are not backed by IRF maps. Models are not part of it.
 */
export function plainMapDataset(d: MapDataset): PlainMapDataset | undefined {
  try {
    return { parts: mapPartsToPlain(mapDatasetParts(d)), maskFit: d.maskFit };
  } catch {
    return undefined;
  }
}

/** The map dataset of a plain form (no models). */
export function mapDatasetFromPlain(p: PlainMapDataset): MapDataset {
  const d = mapDatasetFromParts(mapPartsFromPlain(p.parts));
  d.maskFit = p.maskFit;
  return d;
}
