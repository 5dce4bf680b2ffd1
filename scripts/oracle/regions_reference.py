#!/usr/bin/python3
"""Oracle for src/maps/regions.ts and masks.ts: Gammapy 1.0 / regions 0.7 region masks and event containment.

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/regions_reference.py > test/fixtures/maps/regions.json
"""
import json, os, sys, warnings
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord, Angle
from regions import (CircleSkyRegion, EllipseSkyRegion, RectangleSkyRegion, CircleAnnulusSkyRegion, PolygonSkyRegion, Regions)
from gammapy.data import DataStore
from gammapy.maps import WcsGeom, RegionGeom

warnings.simplefilter("ignore")
data = os.environ["GAMMAPY_DATA"]
geom = WcsGeom.create(skydir=SkyCoord(83.633, 22.014, unit="deg"), binsz=0.02, width=(3, 2.5), frame="icrs", proj="CAR")
c = SkyCoord(83.633, 22.014, unit="deg")
regs = {
    "circle": CircleSkyRegion(c, 0.3 * u.deg),
    "ellipse": EllipseSkyRegion(SkyCoord(83.2, 21.8, unit="deg"), width=0.8 * u.deg, height=0.3 * u.deg, angle=30 * u.deg),
    "rectangle": RectangleSkyRegion(SkyCoord(84.0, 22.4, unit="deg"), width=0.6 * u.deg, height=0.2 * u.deg, angle=-20 * u.deg),
    "annulus": CircleAnnulusSkyRegion(c, 0.5 * u.deg, 0.8 * u.deg),
    "polygon": PolygonSkyRegion(SkyCoord([82.8, 83.5, 83.1], [21.2, 21.3, 21.9], unit="deg")),
    "galactic_circle": CircleSkyRegion(SkyCoord(184.557, -5.784, unit="deg", frame="galactic"), 0.25 * u.deg),
}
out = {"geom": {"lon": 83.633, "lat": 22.014, "binsz": 0.02, "width": [3, 2.5]}, "masks": {}}
for name, r in regs.items():
    m = geom.region_mask([r]).data.astype(int).ravel()
    out["masks"][name] = np.nonzero(m)[0].tolist()
excl = Regions.read(f"{data}/joint-crab/exclusion/Crab_exclusion.reg")
out["exclusion_reg"] = {"n_regions": len(excl), "n_true": int(geom.region_mask(excl, inside=False).data.sum())}
# ON-region event counts as the 1D analysis selects them
store = DataStore.from_dir(f"{data}/hess-dl3-dr1")
on = RegionGeom.create("icrs;circle(83.633, 22.014, 0.11)")
counts = {}
for obs_id in [23523, 23526, 23559, 23592]:
    ev = store.obs(obs_id).events
    counts[str(obs_id)] = int(on.contains(ev.radec).sum())
out["on_counts"] = counts
json.dump(out, sys.stdout)
