#!/usr/bin/python3
"""Oracle for src/maps/io.ts: every map file of the data set as Gammapy's Map.read sees it (geometry, unit, dtype,
data digest).

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/maps_reference.py > test/fixtures/maps/gammapy-maps.json
"""
import glob, hashlib, json, os, sys, warnings
import numpy as np
from astropy.io import fits
from gammapy.maps import Map

warnings.simplefilter("ignore")
data = os.environ["GAMMAPY_DATA"]
out = []
for f in sorted(glob.glob(f"{data}/**/*.fits*", recursive=True)):
    rel = os.path.relpath(f, data)
    if rel.startswith(("hess-dl3", "catalogs", "magic", "veritas", "joint-crab/dl3", "joint-crab/spectra", "cta-caldb", "ebl", "PKS2155", "datasets", "estimators")):
        continue
    try:
        names = [h.name for h in fits.open(f)]
    except Exception:
        continue
    for n in names:
        if n.endswith("BANDS") or n in ("EBOUNDS", "ENERGIES", "GTI", "EVENTS"):
            continue
        try:
            m = Map.read(f, hdu=n)
        except Exception:
            continue
        if m.geom.__class__.__name__ != "WcsGeom":
            continue
        d = np.ascontiguousarray(m.data.astype("<f8"))
        out.append({
            "file": rel, "hdu": n, "shape": list(m.data.shape), "npix": [int(np.max(m.geom.npix[0])), int(np.max(m.geom.npix[1]))],
            "axes": [{"name": a.name, "node_type": a.node_type, "interp": a.interp, "unit": str(a.unit), "edges": a.edges.value.tolist()} for a in m.geom.axes],
            "unit": str(m.unit), "dtype": str(m.data.dtype),
            "digest": hashlib.sha256(d.tobytes()).hexdigest()[:16],
            "center": [float(m.geom.center_skydir.data.lon.deg), float(m.geom.center_skydir.data.lat.deg)],
            "solid_angle_sum": float(m.geom.to_image().solid_angle().sum().value),
            "solid_angle_00": float(m.geom.to_image().solid_angle()[0, 0].value),
        })
json.dump(out, sys.stdout)
