/**
 * Plain (structured-cloneable) forms of axes, WCS and region geometries and WCS maps: numbers, strings and typed arrays only, so
 * that they cross worker boundaries (`postMessage`) and serialisers unchanged. A map rebuilt from its plain form is
 * equal bit for bit (same nodes, WCS parameters, data type and values).
 */
import { GammatsError } from "../util/errors.js";
import type { InterpScale } from "../util/interpolate.js";
import type { NodeType } from "./axis.js";
import { MapAxis } from "./axis.js";
import type { MapData, MapMeta } from "./nd-map.js";
import { RegionGeom } from "./region-geom.js";
import type { SkyRegion } from "./regions.js";
import { Wcs, type WcsParams } from "./wcs/wcs.js";
import { WcsGeom } from "./wcs-geom.js";
import { WcsNDMap } from "./wcs-map.js";

/** A `MapAxis` as plain data. */
export interface PlainAxis {
  readonly name: string;
  readonly unit: string;
  readonly interp: InterpScale;
  readonly nodeType: NodeType;
  readonly nodes: Float64Array;
}

/** A `WcsGeom` as plain data: WCS parameters, image size (nx, ny) and non-spatial axes. */
export interface PlainWcsGeom {
  readonly wcs: WcsParams;
  readonly npix: readonly [number, number];
  readonly axes: readonly PlainAxis[];
}

/** A `WcsNDMap` as plain data (the data array is shared, not copied). */
export interface PlainWcsMap {
  readonly geom: PlainWcsGeom;
  readonly data: MapData;
  readonly unit: string;
  readonly meta: MapMeta;
  readonly isMask: boolean;
}

/** The plain form of an axis (regular `MapAxis` only). */
export function axisToPlain(axis: MapAxis): PlainAxis {
  if (!(axis instanceof MapAxis) || axis.constructor !== MapAxis)
    throw new GammatsError("UNSUPPORTED", `axis '${axis.name}' has no plain form`, { key: axis.name }, "a MapAxis");
  return { name: axis.name, unit: axis.unit, interp: axis.interp, nodeType: axis.nodeType, nodes: axis.nodes };
}

/** The axis of a plain form. */
export function axisFromPlain(p: PlainAxis): MapAxis {
  return new MapAxis(p.nodes, { name: p.name, unit: p.unit, interp: p.interp, nodeType: p.nodeType });
}

/** The plain form of a WCS geometry. */
export function wcsGeomToPlain(geom: WcsGeom): PlainWcsGeom {
  return { wcs: geom.wcs.params, npix: geom.npix, axes: geom.axes.axes.map((a) => axisToPlain(a as MapAxis)) };
}

/** The WCS geometry of a plain form. */
export function wcsGeomFromPlain(p: PlainWcsGeom): WcsGeom {
  return new WcsGeom(new Wcs(p.wcs), p.npix, p.axes.map(axisFromPlain));
}

/** The plain form of a WCS map (its data array is shared). */
export function wcsMapToPlain(map: WcsNDMap): PlainWcsMap {
  return { geom: wcsGeomToPlain(map.geom), data: map.data, unit: map.unit, meta: map.meta, isMask: map.isMask };
}

/** The WCS map of a plain form (its data array is shared). */
export function wcsMapFromPlain(p: PlainWcsMap): WcsNDMap {
  return new WcsNDMap(wcsGeomFromPlain(p.geom), p.data, p.unit, p.meta, p.isMask);
}

/** A `RegionGeom` as plain data: the region (already plain), its axes and the WCS of its containment tests. */
export interface PlainRegionGeom {
  readonly region: SkyRegion;
  readonly axes: readonly PlainAxis[];
  readonly wcs: WcsParams;
}

/** The plain form of a region geometry. */
export function regionGeomToPlain(geom: RegionGeom): PlainRegionGeom {
  return { region: geom.region, axes: geom.axes.axes.map((a) => axisToPlain(a as MapAxis)), wcs: geom.wcs.params };
}

/** The region geometry of a plain form. */
export function regionGeomFromPlain(p: PlainRegionGeom): RegionGeom {
  return new RegionGeom(p.region, p.axes.map(axisFromPlain), new Wcs(p.wcs));
}
