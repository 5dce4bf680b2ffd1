/** Turns reduced map-dataset parts (counts, exposure, background, PSF and EDisp maps) into a fit-ready `MapDataset`. */
import { MapDataset } from "../datasets/map-dataset.js";
import { GammatsError } from "../util/errors.js";
import type { MapDatasetParts } from "./map.js";

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
  return new MapDataset({
    name: parts.name,
    counts: parts.counts,
    exposure: parts.exposure,
    background: parts.background,
    psf: psf && {
      psfKernelAt: (raDeg, decDeg, geom, containment) => {
        const k = psf.getPsfKernel(raDeg, decDeg, geom, { containment });
        const [nx, ny] = k.geom.npix;
        return { data: k.data, shape: [k.data.length / (nx * ny), ny, nx] };
      },
    },
    edisp: edisp && { edispKernelAt: (raDeg, decDeg) => edisp.getEdispKernel(raDeg, decDeg) },
    maskSafe: toMask(parts.maskSafe.data as ArrayLike<number>),
    livetimeS: parts.livetimeS,
    ontimeS: parts.ontimeS,
  });
}

function toMask(data: ArrayLike<number>): Uint8Array {
  const m = new Uint8Array(data.length);
  for (let i = 0; i < m.length; i++) m[i] = data[i] ? 1 : 0;
  return m;
}
