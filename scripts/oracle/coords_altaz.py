#!/usr/bin/python3
"""Oracle for src/coords/altaz.ts: astropy AltAz (pressure 0) with the UT1-UTC astropy uses.

Usage: /usr/bin/python3 scripts/oracle/coords_altaz.py > test/fixtures/coords/altaz.json
"""
import json, sys, warnings
import numpy as np
import astropy.units as u
from astropy.coordinates import AltAz, EarthLocation, SkyCoord
from astropy.time import Time
from astropy.utils import iers

warnings.simplefilter("ignore")
iers.conf.auto_download = False
rng = np.random.default_rng(3)
sites = {"hess": (16.500222222222224, -23.271777777777775, 1835), "veritas": (-110.95215833333333, 31.675058333333336, 1268),
         "magic": (-17.89, 28.761944444444445, 2200)}
cases = []
for name, (lon, lat, h) in sites.items():
    loc = EarthLocation(lon=lon * u.deg, lat=lat * u.deg, height=h * u.m)
    for iso in ["2004-12-04T22:08:10", "2012-10-13T11:02:09", "2013-10-04T04:31:00", "2019-06-01T01:00:00", "2008-03-20T20:00:00"]:
        t = Time(iso, scale="utc")
        ra = rng.uniform(0, 360, 8)
        dec = rng.uniform(-60, 70, 8)
        c = SkyCoord(ra, dec, unit="deg").transform_to(AltAz(obstime=t, location=loc, pressure=0 * u.hPa))
        cases.append({"site": name, "lon": lon, "lat": lat, "iso": iso, "dut1": float(t.delta_ut1_utc),
                      "ra": ra.tolist(), "dec": dec.tolist(), "alt": c.alt.deg.tolist(), "az": c.az.deg.tolist()})
json.dump(cases, sys.stdout)
