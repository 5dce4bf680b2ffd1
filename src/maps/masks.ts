/**
 * Masks on WCS geometries from sky regions (Gammapy's `WcsGeom.region_mask`): pixels whose centres are in any of the
 * regions are true (`inside`), or false for exclusion masks.
 */
import type { SkyRegion } from "./regions.js";
import { regionsContain } from "./regions.js";
import type { WcsGeom } from "./wcs-geom.js";
import { WcsNDMap } from "./wcs-map.js";

/** A boolean image mask: 1 where a pixel centre lies in one of the regions (or outside all of them with `inside = false`). */
export function regionMask(geom: WcsGeom, regions: readonly SkyRegion[], inside = true): WcsNDMap {
  const image = geom.toImage();
  const { lon, lat } = image.imageCoords();
  const mask = regionsContain(regions, lon, lat, image.frame, image.wcs);
  if (!inside) for (let i = 0; i < mask.length; i++) mask[i] = mask[i] ? 0 : 1;
  return WcsNDMap.fromGeom(image, { dtype: "bool", data: mask });
}

/** An exclusion mask: 0 inside the regions, 1 elsewhere (the convention of Gammapy's exclusion masks). */
export function exclusionMask(geom: WcsGeom, regions: readonly SkyRegion[]): WcsNDMap {
  return regionMask(geom, regions, false);
}
