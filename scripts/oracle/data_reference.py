#!/usr/bin/python3
"""Oracle for src/data: Gammapy 1.0 data stores, observations, event selections on H.E.S.S., MAGIC, VERITAS.

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/data_reference.py > test/fixtures/data/gammapy-data.json
"""
import glob, json, os, sys, warnings
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from astropy.time import Time
from gammapy.data import DataStore
from gammapy.irf import RadMax2D

warnings.simplefilter("ignore")
data = os.environ["GAMMAPY_DATA"]
out = {}


def obs_info(obs):
    ev = obs.events
    e = ev.energy.to_value("TeV")
    return {
        "obs_id": int(obs.obs_id), "n_events": len(ev.table), "gti_sum": float(obs.gti.time_sum.to_value("s")),
        "livetime": float(obs.observation_live_time_duration.to_value("s")),
        "deadtime_fraction": float(obs.observation_dead_time_fraction),
        "tstart_tt": obs.tstart.tt.isot, "tstop_tt": obs.tstop.tt.isot, "tstart_utc": obs.tstart.utc.isot,
        "tstart_mjd_tt": float(obs.tstart.tt.mjd),
        "ra_pnt": float(obs.pointing_radec.ra.deg), "dec_pnt": float(obs.pointing_radec.dec.deg),
        "n_energy_1_10": len(ev.select_energy([1, 10] * u.TeV).table),
        "n_offset_0_1": len(ev.select_offset([0, 1] * u.deg).table),
        "max_offset": float(ev.offset.deg.max()),
        "median_energy": float(np.median(e)), "min_energy": float(e.min()), "max_energy": float(e.max()),
        "n_time_first_half": len(ev.select_time([obs.tstart, obs.tstart + (obs.tstop - obs.tstart) / 2]).table),
        "available_hdus": obs.available_hdus,
    }


hess = DataStore.from_dir(f"{data}/hess-dl3-dr1")
out["hess"] = {
    "obs_ids": [int(x) for x in hess.obs_ids],
    "obs_table_livetime_sum": float(np.sum(hess.obs_table["LIVETIME"])),
    "crab_cone": [int(x) for x in hess.obs_table.select_sky_circle(SkyCoord(83.633, 22.014, unit="deg"), 3 * u.deg)["OBS_ID"]],
    "time_range": [int(x) for x in hess.obs_table.select_time_range(Time(["2004-12-01", "2004-12-10"]))["OBS_ID"]],
    "zen_range": [int(x) for x in hess.obs_table.select_range("ZEN_PNT", [20, 30] * u.deg)["OBS_ID"]],
    "observations": [obs_info(hess.obs(i)) for i in [23523, 23526, 20136, 47802]],
}
magic = DataStore.from_dir(f"{data}/magic/rad_max/data")
mobs = magic.get_observations(required_irf="point-like")
m0 = mobs[0]
pos = SkyCoord(83.6333, 22.0145, unit="deg")
out["magic"] = {"obs_ids": [int(x) for x in magic.obs_ids],
                "observations": [obs_info(o) for o in mobs],
                "rad_max_selected": len(m0.events.select_rad_max(m0.rad_max, position=pos).table)}
veritas = DataStore.from_dir(f"{data}/veritas/crab-point-like-ED")
paths = sorted(glob.glob(f"{data}/veritas/crab-point-like-ED/6408*.fits.gz"))
from_files = DataStore.from_events_files(paths)
out["veritas_from_files"] = {"obs_ids": [int(x) for x in from_files.obs_ids],
                             "n_events": [len(from_files.obs(i, required_irf="point-like").events.table) for i in from_files.obs_ids]}
vobs = veritas.get_observations(required_irf="point-like")
v0 = vobs[0]
out["veritas"] = {"info": str(veritas.hdu_table.summary()),"obs_ids": [int(x) for x in veritas.obs_ids],
                  "observations": [obs_info(o) for o in vobs],
                  "rad_max_selected": len(v0.events.select_rad_max(v0.rad_max, position=pos).table),
                  "rad_max": float(v0.rad_max.data.ravel()[0])}
json.dump(out, sys.stdout, indent=1)
