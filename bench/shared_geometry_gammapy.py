#!/usr/bin/python3
"""Gammapy side of bench/shared-geometry.ts: N datasets each creating the same WcsGeom and computing its derived
arrays (solid angle, pixel-centre coordinates, separation from the centre)."""
import json, sys, time
from astropy.coordinates import SkyCoord
from gammapy.maps import MapAxis, WcsGeom

n, npix = int(sys.argv[1]), int(sys.argv[2])
energy = MapAxis.from_energy_bounds("1 TeV", "10 TeV", nbin=10)
center = SkyCoord(83.633, 22.014, unit="deg")
t0 = time.perf_counter()
for _ in range(n):
    geom = WcsGeom.create(skydir=center, binsz=0.02, npix=(npix, npix), frame="icrs", proj="CAR", axes=[energy])
    geom.to_image().solid_angle()
    geom.to_image().get_coord()
    geom.separation(center)
print(json.dumps({"seconds": time.perf_counter() - t0}))
