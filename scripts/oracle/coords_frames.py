#!/usr/bin/python3
"""Oracle for src/coords/frames.ts and angles.ts: astropy 5.2 frames (ICRS, Galactic, FK5), separations, position
angles, directional offsets, Gammapy 1.0 sky_to_fov / fov_to_sky, and Angle parsing / to_string.

Usage: /usr/bin/python3 scripts/oracle/coords_frames.py > test/fixtures/coords/frames.json
"""
import json
import sys
import warnings

import astropy.units as u
import numpy as np
from astropy.coordinates import FK5, Angle, SkyCoord
from gammapy.utils.coordinates import fov_to_sky, sky_to_fov

warnings.simplefilter("ignore")
rng = np.random.default_rng(20240611)
n = 250


def r(a):
    return [float(f"{v:.17g}") for v in np.asarray(a, dtype=float)]


lon = rng.uniform(0, 360, n)
lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
# edge cases: poles, near poles, lon 0 / 360 boundary, equator
lat[:8] = [90, -90, 89.99999, -89.99999, 0, 0, 45, -45]
lon[4:8] = [0, 359.9999999, 0, 180]
lon2 = rng.uniform(0, 360, n)
lat2 = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
lon2[8:12] = lon[8:12]  # identical points -> separation 0
lat2[8:12] = lat[8:12]
lon2[12:16] = (lon[12:16] + 180) % 360  # antipodes
lat2[12:16] = -lat[12:16]
lon2[16:20] = lon[16:20] + 1e-7  # tiny separations
lat2[16:20] = lat[16:20]
c1 = SkyCoord(lon, lat, unit="deg", frame="icrs")
c2 = SkyCoord(lon2, lat2, unit="deg", frame="icrs")
gal = c1.galactic
back = SkyCoord(lon, lat, unit="deg", frame="galactic").icrs
fk5 = c1.transform_to(FK5(equinox="J2000"))
fk5_back = SkyCoord(lon, lat, unit="deg", frame=FK5(equinox="J2000")).icrs
fk5_2025 = c1.transform_to(FK5(equinox="J2025"))
fk5_1975_back = SkyCoord(lon, lat, unit="deg", frame=FK5(equinox="J1975")).icrs
pa = rng.uniform(0, 360, n)
sep = rng.uniform(0, 60, n)
sep[20:24] = [0, 180, 90, 1e-6]
off = c1.directional_offset_by(pa * u.deg, sep * u.deg)

# FoV: pointings anywhere (incl. near the poles), sky points within 10 deg and a few far away
pnt_lon = rng.uniform(0, 360, n)
pnt_lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
pnt_lat[:3] = [89.9, -89.5, 0]
near = SkyCoord(pnt_lon, pnt_lat, unit="deg").directional_offset_by(
    rng.uniform(0, 360, n) * u.deg, rng.uniform(0, 10, n) * u.deg
)
far = rng.random(n) < 0.1
near_ra = np.where(far, lon, near.ra.deg)
near_dec = np.where(far, lat, near.dec.deg)
fl, fb = sky_to_fov(near_ra * u.deg, near_dec * u.deg, pnt_lon * u.deg, pnt_lat * u.deg)
fov_lon_in = rng.uniform(-8, 8, n)
fov_lat_in = rng.uniform(-8, 8, n)
sl, sb = fov_to_sky(fov_lon_in * u.deg, fov_lat_in * u.deg, pnt_lon * u.deg, pnt_lat * u.deg)

out = {
    "lon": r(lon), "lat": r(lat), "lon2": r(lon2), "lat2": r(lat2),
    "gal_l": r(gal.l.deg), "gal_b": r(gal.b.deg),
    "icrs_ra_from_gal": r(back.ra.deg), "icrs_dec_from_gal": r(back.dec.deg),
    "fk5_ra": r(fk5.ra.deg), "fk5_dec": r(fk5.dec.deg),
    "icrs_ra_from_fk5": r(fk5_back.ra.deg), "icrs_dec_from_fk5": r(fk5_back.dec.deg),
    "fk5_2025_ra": r(fk5_2025.ra.deg), "fk5_2025_dec": r(fk5_2025.dec.deg),
    "icrs_ra_from_fk5_1975": r(fk5_1975_back.ra.deg), "icrs_dec_from_fk5_1975": r(fk5_1975_back.dec.deg),
    "separation": r(c1.separation(c2).deg),
    "position_angle": r(c1.position_angle(c2).deg),
    "pa": r(pa), "sep": r(sep),
    "offset_ra": r(off.ra.deg), "offset_dec": r(off.dec.deg),
    "fov": {
        "pnt_lon": r(pnt_lon), "pnt_lat": r(pnt_lat), "ra": r(near_ra), "dec": r(near_dec),
        "fov_lon": r(fl.deg), "fov_lat": r(fb.deg),
        "fov_lon_in": r(fov_lon_in), "fov_lat_in": r(fov_lat_in), "sky_lon": r(sl.deg), "sky_lat": r(sb.deg),
    },
}

# Angle strings: parsing (unit None unless the notation needs one) and to_string
parse = []
for text, unit in [
    ("05h34m31.94s", None), ("+22d00m52.2s", None), ("-0d30m00s", None), ("22:00:52.2", "deg"),
    ("05:34:31.94", "hourangle"), ("5h34.5m", None), ("-00:30:00", "deg"), ("1 rad", None), ("10 arcsec", None),
    ("30arcmin", None), ("0.11 deg", None), ("12d", None), ("12.5h", None), ("-5d30m", None),
    ("22°00′52.2″", None), ("-0h0m1s", None), ("-12 30 00", "deg"), ("3.5", "deg"), ("3.5", "hourangle"),
    ("270 mas", None), ("83.63308333", "deg"),
]:
    a = Angle(text, unit=unit)
    parse.append({"text": text, "unit": unit or "deg", "deg": float(a.deg)})
fmt = []
for v in [83.63308, 22.0145, -0.5, 359.99999999, -22.0145, 1e-9, 0.0, 180.0, 12.3456789, -89.99999999]:
    a = Angle(v, "deg")
    fmt.append({
        "deg": v,
        "hms": a.to_string(unit=u.hourangle),
        "dms": a.to_string(unit=u.deg),
        "hms2pad": a.to_string(unit=u.hourangle, precision=2, pad=True),
        "dms1signpad": a.to_string(unit=u.deg, precision=1, alwayssign=True, pad=True),
        "colon3": a.to_string(unit=u.deg, sep=":", precision=3),
        "space0h": a.to_string(unit=u.hourangle, sep=" ", precision=0),
    })
out["angle_parse"] = parse
out["angle_format"] = fmt
json.dump(out, sys.stdout)
