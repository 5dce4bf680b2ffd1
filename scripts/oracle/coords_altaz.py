#!/usr/bin/python3
"""Oracle for src/coords/altaz.ts: astropy 5.2 ICRS <-> AltAz (pressure 0) as it runs offline (auto_download off:
UT1-UTC and polar motion from the bundled IERS-B table, which ends 2022-11-29; later times use UT1 = UTC and the mean
polar motion). Sites from gammapy.data.observatory_locations; times spread over 2004-2025.

Usage: /usr/bin/python3 scripts/oracle/coords_altaz.py > test/fixtures/coords/altaz.json
"""
import json
import sys
import warnings

import astropy.units as u
import numpy as np
from astropy.coordinates import AltAz, SkyCoord, get_sun
from astropy.time import Time
from astropy.utils import iers
from gammapy.data import observatory_locations

warnings.simplefilter("ignore")
iers.conf.auto_download = False
rng = np.random.default_rng(11)
sites = ["hess", "magic", "veritas", "cta_south", "hawc"]
times = ["2004-03-26T02:57:46", "2004-12-04T22:08:10", "2006-01-01T00:00:00.5", "2008-03-20T20:00:00",
         "2012-10-13T11:02:09", "2013-10-04T04:31:00", "2016-12-31T23:59:59", "2019-06-01T01:00:00",
         "2021-09-15T03:20:00", "2022-11-30T12:00:00", "2023-06-21T22:00:00", "2025-01-10T05:45:00"]
cases = []
for k, iso in enumerate(times):
    site = sites[k % len(sites)]
    loc = observatory_locations[site]
    t = Time(iso, scale="utc")
    frame = AltAz(obstime=t, location=loc, pressure=0 * u.hPa)
    n = 12
    ra = rng.uniform(0, 360, n)
    dec = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    sun = get_sun(t).icrs
    near_sun = sun.directional_offset_by(rng.uniform(0, 360) * u.deg, 1.5 * u.deg)
    ra[0], dec[0] = near_sun.ra.deg, near_sun.dec.deg  # light deflection ~0.3 arcsec
    ra[1], dec[1] = ra[1], 89.9  # near the pole
    c = SkyCoord(ra, dec, unit="deg").transform_to(frame)
    # inverse: random horizontal directions (incl. zenith region and below the horizon)
    alt_in = np.degrees(np.arcsin(rng.uniform(-0.3, 1, n)))
    alt_in[0] = 89.999
    az_in = rng.uniform(0, 360, n)
    back = SkyCoord(az=az_in * u.deg, alt=alt_in * u.deg, frame=frame).icrs
    try:
        dut1 = float(t.delta_ut1_utc)
    except Exception:
        dut1 = None  # beyond the IERS table: astropy uses UT1 = UTC
    cases.append({
        "site": site, "lon": loc.lon.deg, "lat": loc.lat.deg, "height": loc.height.to_value(u.m), "iso": iso,
        "dut1": dut1, "ra": ra.tolist(), "dec": dec.tolist(), "alt": c.alt.deg.tolist(), "az": c.az.deg.tolist(),
        "alt_in": alt_in.tolist(), "az_in": az_in.tolist(), "ra_out": back.ra.deg.tolist(),
        "dec_out": back.dec.deg.tolist(),
    })
json.dump(cases, sys.stdout)
