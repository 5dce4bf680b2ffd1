#!/usr/bin/python3
"""Oracle for src/maps/hpx-geom.ts and hpx-map.ts: Gammapy 1.0 HEALPix geometries (region pixels) and map filling,
and two small HEALPix map files written by Gammapy (all-sky with an energy axis, partial sky).

Usage: /usr/bin/python3 scripts/oracle/hpx_maps_reference.py test/fixtures/maps
"""
import json, os, sys, warnings
import numpy as np
from gammapy.maps import HpxGeom, Map, MapAxis

warnings.simplefilter("ignore")
out_dir = sys.argv[1]
energy = MapAxis.from_energy_bounds("1 TeV", "10 TeV", nbin=2)
g = HpxGeom.create(nside=4, frame="galactic", axes=[energy])
m = Map.from_geom(g)
m.data += np.arange(m.data.size).reshape(m.data.shape)
m.write(os.path.join(out_dir, "gp_hpx_all.fits"), overwrite=True)
g2 = HpxGeom.create(nside=16, frame="icrs", region="DISK(83.6,22.0,5)", nest=False)
m2 = Map.from_geom(g2)
m2.data += 1
m2.write(os.path.join(out_dir, "gp_hpx_part.fits"), overwrite=True)
rng = np.random.default_rng(9)
res = {"regions": [], "fill": {}}
for nside, nest, reg in [(16, False, "DISK(83.6,22.0,5)"), (64, True, "DISK(266.4,-28.9,3)"), (256, True, "DISK(10,80,1.5)")]:
    geom = HpxGeom.create(nside=nside, nest=nest, frame="icrs", region=reg)
    res["regions"].append({"nside": nside, "nest": nest, "region": reg, "pixels": geom._ipix.tolist() if hasattr(geom, "_ipix") else geom.get_idx()[0].tolist()})
geom = HpxGeom.create(nside=32, nest=True, frame="galactic", region="DISK(184.5,-5.8,10)", axes=[energy])
lon = rng.uniform(170, 200, 3000)
lat = rng.uniform(-20, 10, 3000)
e = np.exp(rng.uniform(0, np.log(12), 3000))
mm = Map.from_geom(geom)
mm.fill_by_coord({"lon": lon, "lat": lat, "energy": e})
res["fill"] = {"nside": 32, "region": "DISK(184.5,-5.8,10)", "lon": lon.tolist(), "lat": lat.tolist(), "energy": e.tolist(),
               "shape": list(mm.data.shape), "sum": float(mm.data.sum()), "nonzero_index": np.nonzero(mm.data.ravel())[0].tolist(),
               "nonzero_value": mm.data.ravel()[np.nonzero(mm.data.ravel())[0]].tolist()}
json.dump(res, open(os.path.join(out_dir, "hpx-maps.json"), "w"))
