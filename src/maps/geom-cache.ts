/**
 * Geometry identity and caching of derived arrays, without keeping geometries alive.
 *
 * Equality of geometries is tolerant (floating-point WCS parameters). A hash key consistent with it (equal => same
 * key) therefore uses only discrete properties (kind, projection, frame, shape, axis names and node types). So that
 * many distinct geometries of one shape do not share one long bucket, the registry also indexes each geometry by a
 * cell of its reference position, with cells at least as large as the equality tolerance: equal geometries are in
 * the same or neighbouring cells, and a lookup scans the 3 x 3 neighbourhood. `canonical(geom)` returns the first live
 * geometry equal to `geom` (registering `geom` if there is none), and derived arrays (pixel coordinates, solid angles,
 * separations ...) are cached on the canonical instance in a WeakMap. Buckets hold WeakRefs, pruned when scanned and
 * by a FinalizationRegistry, so neither the registry nor the cache keeps a geometry alive.
 */

/** What a geometry offers the cache. */
export interface CacheableGeom {
  /** Discrete-property key: equal geometries have the same key. */
  readonly cacheKey: string;
  /**
   * Index cell of the geometry's continuous position: equal geometries have cells that differ by at most 1 in each
   * component; `wrap` gives the number of cells of a periodic first component (longitude), if any.
   */
  readonly cacheCell: { readonly cell: readonly [number, number]; readonly wrap?: number };
  /** Tolerant equality (see the geometry's documentation). */
  equals(other: unknown): boolean;
}

const buckets = new Map<string, Set<WeakRef<CacheableGeom>>>();
const registry = new FinalizationRegistry<{ key: string; ref: WeakRef<CacheableGeom> }>(({ key, ref }) => {
  const bucket = buckets.get(key);
  if (!bucket) return;
  bucket.delete(ref);
  if (bucket.size === 0) buckets.delete(key);
});
const derived = new WeakMap<CacheableGeom, Map<string, unknown>>();
/** Counts of derived-array computations and cache hits, for tests and benchmarks. */
export const geomCacheStats = { computed: 0, hits: 0 };

function bucketKey(key: string, a: number, b: number): string {
  return `${key}#${a},${b}`;
}

/** The canonical live geometry equal to `geom` (registering `geom` when none exists). */
export function canonical<G extends CacheableGeom>(geom: G): G {
  const { cell, wrap } = geom.cacheCell;
  for (let da = -1; da <= 1; da++) {
    for (let db = -1; db <= 1; db++) {
      const a = wrap ? (((cell[0] + da) % wrap) + wrap) % wrap : cell[0] + da;
      const key = bucketKey(geom.cacheKey, a, cell[1] + db);
      const bucket = buckets.get(key);
      if (!bucket) continue;
      for (const ref of bucket) {
        const g = ref.deref();
        if (g === undefined) {
          bucket.delete(ref);
          continue;
        }
        if (g === geom || g.equals(geom)) return g as G;
      }
      if (bucket.size === 0) buckets.delete(key);
    }
  }
  const key = bucketKey(geom.cacheKey, cell[0], cell[1]);
  let bucket = buckets.get(key);
  if (!bucket) {
    bucket = new Set();
    buckets.set(key, bucket);
  }
  const ref = new WeakRef<CacheableGeom>(geom);
  bucket.add(ref);
  registry.register(geom, { key, ref });
  return geom;
}

/**
 * A derived value of a geometry, computed once per set of equal live geometries: `compute` runs on a cache miss; the
 * value is stored on the canonical geometry under `name`. Treat returned arrays as read-only.
 */
export function cachedDerived<T>(geom: CacheableGeom, name: string, compute: () => T): T {
  const owner = canonical(geom);
  let map = derived.get(owner);
  if (!map) {
    map = new Map();
    derived.set(owner, map);
  }
  if (map.has(name)) {
    geomCacheStats.hits++;
    return map.get(name) as T;
  }
  geomCacheStats.computed++;
  const value = compute();
  map.set(name, value);
  return value;
}

/** Number of registered live-or-not-yet-collected geometries (for leak tests). */
export function registeredGeometries(): number {
  let n = 0;
  for (const b of buckets.values()) n += b.size;
  return n;
}
