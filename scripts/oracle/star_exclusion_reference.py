"""Gammapy 1.0 reference of a bright-star exclusion mask (VERITAS tutorial selection: V + (B-V) < 8 within 2 deg of
the Crab, 0.3 deg circles) on a 4 x 4 deg WCS geometry. Writes test/fixtures/maps/star-exclusion.json."""
import json, os
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion
from gammapy.maps import WcsGeom

here = os.path.dirname(__file__)
data = os.environ.get("GAMMAPY_DATA", os.path.join(here, "../../../shared/data"))
star = np.loadtxt(f"{data}/veritas/crab-point-like-ED/Hipparcos_MAG8_1997.dat", usecols=(0, 1, 2, 3, 4))
target = SkyCoord(83.633, 22.014, unit="deg")
pos = SkyCoord(star[:, 0], star[:, 1], unit="deg")
sel = (target.separation(pos).deg < 2.0) & (star[:, 3] + star[:, 4] < 8)
regions = [CircleSkyRegion(center=SkyCoord(r[0], r[1], unit="deg"), radius=0.3 * u.deg) for r in star[sel]]
geom = WcsGeom.create(skydir=target, width=4 * u.deg, binsz=0.02, frame="icrs")
mask = ~geom.region_mask(regions)
excluded = np.argwhere(~mask.data)
out = {"hip": star[sel][:, 2].astype(int).tolist(), "n_excluded": int((~mask.data).sum()),
       "excluded_flat": (excluded[:, 0] * mask.data.shape[1] + excluded[:, 1]).tolist()}
json.dump(out, open(os.path.join(here, "../../test/fixtures/maps/star-exclusion.json"), "w"))
print(out["hip"], out["n_excluded"])
