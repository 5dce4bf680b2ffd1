#!/usr/bin/python3
"""Oracle for map operations: Gammapy 1.0 smoothing (gauss, disk, box), interp_to_geom, pad and resample_axis on the
Fermi-LAT Galactic-centre counts cube.

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/maps_ops_reference.py > test/fixtures/maps/map-ops.json
"""
import json, os, sys, warnings
import numpy as np
from astropy.coordinates import SkyCoord
from gammapy.maps import Map, MapAxis, WcsGeom

warnings.simplefilter("ignore")
data = os.environ["GAMMAPY_DATA"]
m = Map.read(f"{data}/fermi-3fhl-gc/fermi-3fhl-gc-counts-cube.fits.gz")
img = m.sum_over_axes(keepdims=False)
res = {}
pick = np.random.default_rng(2).integers(0, img.data.size, 300)
res["pick"] = pick.tolist()
for kernel, width in [("gauss", "0.2 deg"), ("disk", "0.3 deg"), ("box", "0.5 deg")]:
    s = img.smooth(width, kernel=kernel)
    res[f"smooth_{kernel}"] = {"width_deg": float(width.split()[0]), "values": s.data.ravel()[pick].tolist(), "sum": float(s.data.sum())}
target = WcsGeom.create(skydir=SkyCoord(0.5, 0.2, unit="deg", frame="galactic"), binsz=0.13, width=(5, 3), frame="icrs", proj="TAN")
for method in ["nearest", "linear"]:
    r = img.interp_to_geom(target, method=method)
    res[f"interp_{method}"] = [None if not np.isfinite(v) else float(v) for v in r.data.ravel()]
p = img.pad(3)
res["pad"] = {"shape": list(p.data.shape), "sum": float(p.data.sum()), "crpix": list(p.geom.wcs.wcs.crpix)}
ax = m.geom.axes["energy"]
new = MapAxis.from_edges(ax.edges[::2].tolist() + ([ax.edges[-1].value] if len(ax.edges) % 2 == 0 else []), name="energy", interp="log", unit=ax.unit) if False else None
edges = ax.edges
sub = MapAxis.from_energy_edges(edges[[0, 3, 7, len(edges) - 1]])
rs = m.resample_axis(sub)
res["resample"] = {"edges": sub.edges.value.tolist(), "unit": str(sub.unit), "sums": rs.data.sum(axis=(1, 2)).tolist()}
json.dump(res, sys.stdout)
