#!/usr/bin/python3
"""Oracle for src/coords/time.ts: astropy 5.2 time scales (UTC with leap seconds, TAI, TT, TDB), MJD/JD/ISO, Gammapy
1.0 time references (time_ref_from_dict + MET) and the start/stop times of all H.E.S.S. DL3-DR1 observations
(obs.tstart / obs.tstop) with the header keywords they come from.

Usage: /usr/bin/python3 scripts/oracle/coords_time.py > test/fixtures/coords/time.json
"""
import json
import os
import sys
import warnings

import astropy.units as u
import numpy as np
from astropy.io import fits
from astropy.time import Time
from astropy.utils import iers
from gammapy.data import DataStore
from gammapy.utils.time import time_ref_from_dict

warnings.simplefilter("ignore")
iers.conf.auto_download = False
rng = np.random.default_rng(7)
P = 9  # ISO precision (ns), so that tests can compare to 1 µs numerically


def iso(t, scale):
    t = getattr(t, scale)
    t.precision = P
    return t.isot


def sec_of_day_tt(t):
    """TT as (integer MJD, seconds into the day) with astropy's two-double precision."""
    tt = t.tt
    mjd1 = tt.jd1 - 2400000.5
    day = np.floor(mjd1 + tt.jd2)
    return int(day), float(((mjd1 - day) + tt.jd2) * 86400.0)


out = {}
# 1. UTC ISO strings around leap seconds and elsewhere -> TT, TAI, TDB, MJD, JD
isos = ["2005-12-31T23:59:59.500", "2005-12-31T23:59:60.500", "2006-01-01T00:00:00.000", "2016-12-31T23:59:60.000",
        "2016-12-31T23:59:60.999999", "2017-01-01T00:00:00.000001", "2012-06-30T23:59:60.25", "2015-07-01T00:00:00",
        "1972-01-01T00:00:00", "1999-01-01T00:00:00", "2004-12-04T22:08:10.184", "2020-06-15T12:34:56.789",
        "2030-02-28T23:59:59.999", "2024-02-29T12:00:00"]
rows = []
for s in isos:
    t = Time(s, scale="utc", precision=P)
    day, sec = sec_of_day_tt(t)
    rows.append({"iso": s, "tt_day": day, "tt_sec": sec, "iso_utc": iso(t, "utc"), "iso_tt": iso(t, "tt"),
                 "iso_tai": iso(t, "tai"), "iso_tdb": iso(t, "tdb"), "mjd_utc": t.utc.mjd, "mjd_tt": t.tt.mjd,
                 "jd_tt": t.tt.jd, "mjd_tai": t.tai.mjd})
out["utc_iso"] = rows

# 2. Random instants 1972-2035 given as TT MJD day + fraction -> all scales
rows = []
for _ in range(120):
    day = int(rng.integers(41318, 64000))
    frac = float(rng.random())
    t = Time(day, frac, format="mjd", scale="tt")
    rows.append({"tt_day": day, "tt_frac": frac, "iso_utc": iso(t, "utc"), "iso_tt": iso(t, "tt"),
                 "iso_tai": iso(t, "tai"), "iso_tdb": iso(t, "tdb"), "mjd_utc": t.utc.mjd,
                 "tdb_minus_tt": float(((t.tdb.jd1 - t.tt.jd1) + (t.tdb.jd2 - t.tt.jd2)) * 86400)})
out["random_tt"] = rows

# 3. MJD in UTC on leap-second days (fraction over 86401 s) and JD input
rows = []
for mjd in [53735.99999, 53735.999995, 57753.5, 57753.999999, 41683.25]:
    t = Time(mjd, format="mjd", scale="utc")
    rows.append({"mjd_utc": mjd, "iso_utc": iso(t, "utc"), "iso_tt": iso(t, "tt")})
out["utc_mjd"] = rows

# 4. Time references as Gammapy reads them and MET -> absolute times
refs = [
    {"MJDREFI": 51910, "MJDREFF": 0.000742870370370241, "TIMESYS": "TT", "TIMEUNIT": "s"},  # H.E.S.S.
    {"MJDREFI": 53402, "MJDREFF": 0.0, "TIMESYS": "utc", "TIMEUNIT": "s"},  # VERITAS
    {"MJDREFI": 52706, "MJDREFF": 0.0, "TIMESYS": "UTC", "TIMEUNIT": "s"},  # MAGIC
    {"MJDREFI": 51910, "MJDREFF": 7.428703703703703e-4, "TIMESYS": "TT", "TIMEUNIT": "s"},  # Fermi-like
    {"MJDREFI": 58000, "MJDREFF": 0.25, "TIMESYS": "TAI", "TIMEUNIT": "s"},
    {"MJDREFI": 55197, "MJDREFF": 7.660185200000000e-4, "TIMESYS": "TDB", "TIMEUNIT": "s"},
]
mets = [0.0, 123890826.0, 123892513.0, 157766336.5, 157766337.5, 242909531.10891286, 5e8, -86400.0 * 300]
rows = []
for ref in refs:
    t0 = time_ref_from_dict(ref)
    for met in mets:
        t = t0 + met * u.s
        rows.append({"ref": ref, "met": met, "iso_tt": iso(t, "tt"), "iso_utc": iso(t, "utc"),
                     "iso_scale": iso(t, ref["TIMESYS"].lower()), "mjd_tt": t.tt.mjd})
out["met"] = rows

# 5. All H.E.S.S. DL3-DR1 observations: header keywords and Gammapy's obs.tstart / obs.tstop
data = os.environ.get("GAMMAPY_DATA", "/work/shared/data")
store = DataStore.from_dir(f"{data}/hess-dl3-dr1")
rows = []
for obs_id in store.obs_table["OBS_ID"]:
    obs = store.obs(int(obs_id))
    gti = obs.gti.table
    path = store.hdu_table.hdu_location(obs_id=obs_id, hdu_type="events").path()
    ev = fits.getheader(path, "EVENTS")
    keys = {k: ev[k] for k in ["MJDREFI", "MJDREFF", "TIMESYS", "TIMEUNIT", "TIMEREF", "TSTART", "TSTOP", "DATE-OBS",
                               "TIME-OBS", "DATE-END", "TIME-END", "GEOLON", "GEOLAT", "ALTITUDE"] if k in ev}
    gkeys = {k: gti.meta[k] for k in ["MJDREFI", "MJDREFF", "TIMESYS", "TIMEUNIT"] if k in gti.meta}
    rows.append({"obs_id": int(obs_id), "events": keys, "gti": gkeys,
                 "gti_start": float(gti["START"][0]), "gti_stop": float(gti["STOP"][0]),
                 "tstart_tt": iso(obs.tstart, "tt"), "tstop_tt": iso(obs.tstop, "tt"),
                 "tstart_utc": iso(obs.tstart, "utc"), "tstop_utc": iso(obs.tstop, "utc")})
out["hess"] = rows
json.dump(out, sys.stdout)
