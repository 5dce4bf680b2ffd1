#!/usr/bin/python3
"""Oracle for src/coords: astropy 5.2 frames, separations, offsets, FoV frame and Gammapy time references.

Usage: /usr/bin/python3 scripts/oracle/coords_reference.py > test/fixtures/coords/astropy.json
"""
import json, sys, warnings
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from astropy.time import Time, TimeDelta
from astropy.utils import iers
from gammapy.utils.coordinates import sky_to_fov, fov_to_sky
from gammapy.utils.time import time_ref_from_dict

warnings.simplefilter("ignore")
iers.conf.auto_download = False
rng = np.random.default_rng(42)
n = 200
lon = rng.uniform(0, 360, n)
lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
lat[:4] = [90, -90, 89.9999, -89.9999]
lon2 = rng.uniform(0, 360, n)
lat2 = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
c1 = SkyCoord(lon, lat, unit="deg", frame="icrs")
c2 = SkyCoord(lon2, lat2, unit="deg", frame="icrs")
gal = c1.galactic
back = SkyCoord(lon, lat, unit="deg", frame="galactic").icrs
pa = rng.uniform(0, 360, n)
sep = rng.uniform(0, 30, n)
off = c1.directional_offset_by(pa * u.deg, sep * u.deg)
# FoV around pointings near the points
pnt_lon = lon2
pnt_lat = np.clip(lat2, -80, 80)
near = SkyCoord(pnt_lon, pnt_lat, unit="deg").directional_offset_by(pa * u.deg, rng.uniform(0, 5, n) * u.deg)
fl, fb = sky_to_fov(near.ra, near.dec, pnt_lon * u.deg, pnt_lat * u.deg)
out = {
    "lon": lon.tolist(), "lat": lat.tolist(), "lon2": lon2.tolist(), "lat2": lat2.tolist(),
    "gal_l": gal.l.deg.tolist(), "gal_b": gal.b.deg.tolist(),
    "icrs_ra_from_gal": back.ra.deg.tolist(), "icrs_dec_from_gal": back.dec.deg.tolist(),
    "separation": c1.separation(c2).deg.tolist(),
    "position_angle": c1.position_angle(c2).deg.tolist(),
    "pa": pa.tolist(), "sep": sep.tolist(),
    "offset_ra": off.ra.deg.tolist(), "offset_dec": off.dec.deg.tolist(),
    "fov": {"pnt_lon": pnt_lon.tolist(), "pnt_lat": pnt_lat.tolist(), "ra": near.ra.deg.tolist(),
            "dec": near.dec.deg.tolist(), "fov_lon": fl.deg.tolist(), "fov_lat": fb.deg.tolist()},
}
# Time references as Gammapy reads them, and MET -> ISO in TT and UTC
refs = [
    {"MJDREFI": 51910, "MJDREFF": 0.000742870370370241, "TIMESYS": "TT", "TIMEUNIT": "s"},  # H.E.S.S.
    {"MJDREFI": 53402, "MJDREFF": 0.0, "TIMESYS": "utc", "TIMEUNIT": "s"},  # VERITAS
    {"MJDREFI": 52706, "MJDREFF": 0.0, "TIMESYS": "UTC", "TIMEUNIT": "s"},  # MAGIC-like
]
mets = [0.0, 123890826.0, 123892513.0, 157766336.5, 157766337.5, 242909531.10891286, 5e8]
times = []
for ref in refs:
    t0 = time_ref_from_dict(ref)
    for met in mets:
        t = t0 + TimeDelta(met, format="sec")
        times.append({"ref": ref, "met": met, "mjd_tt": t.tt.mjd, "iso_tt": t.tt.isot, "iso_utc": t.utc.isot,
                      "mjd_utc": t.utc.mjd})
out["times"] = times
isos = ["2005-12-31T23:59:59.500", "2005-12-31T23:59:60.500", "2006-01-01T00:00:00.000", "2016-12-31T23:59:60.000",
        "2004-12-04T22:08:10.184", "2020-06-15T12:34:56.789"]
out["iso_utc"] = [{"iso": s, "mjd_tt": Time(s, scale="utc").tt.mjd, "iso_tt": Time(s, scale="utc").tt.isot,
                   "mjd_utc": Time(s, scale="utc").mjd} for s in isos]
json.dump(out, sys.stdout)
