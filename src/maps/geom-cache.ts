/**
 * Geometry identity and caching of derived arrays, without keeping geometries alive.
 *
 * Equality of geometries is tolerant (floating-point WCS parameters). A hash key consistent with it (equal => same
 * key) therefore uses only discrete properties (kind, projection, frame, shape, axis names and node types); equal
 * geometries are found by comparing within a key's bucket. `canonical(geom)` returns the first live geometry equal to
 * `geom` (registering `geom` if there is none), and derived arrays (pixel coordinates, solid angles, separations ...)
 * are cached on the canonical instance in a WeakMap. Buckets hold WeakRefs, pruned by a FinalizationRegistry, so
 * neither the registry nor the cache keeps a geometry alive.
 */

/** What a geometry offers the cache. */
export interface CacheableGeom {
  /** Discrete-property key: equal geometries have the same key. */
  readonly cacheKey: string;
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

/** The canonical live geometry equal to `geom` (registering `geom` when none exists). */
export function canonical<G extends CacheableGeom>(geom: G): G {
  let bucket = buckets.get(geom.cacheKey);
  if (bucket) {
    for (const ref of bucket) {
      const g = ref.deref();
      if (g === geom) return geom;
      if (g && g.equals(geom)) return g as G;
    }
  } else {
    bucket = new Set();
    buckets.set(geom.cacheKey, bucket);
  }
  const ref = new WeakRef<CacheableGeom>(geom);
  bucket.add(ref);
  registry.register(geom, { key: geom.cacheKey, ref });
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
