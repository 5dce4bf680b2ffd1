#!/usr/bin/python3
"""Gammapy side of bench/read-hess.ts: read every H.E.S.S. DR1 observation's events, GTI and IRFs once."""
import json, resource, sys, time
t_start = time.perf_counter()
from gammapy.data import DataStore
t0 = time.perf_counter()
store = DataStore.from_dir(sys.argv[1])
events = 0
for obs in store.get_observations():
    ev = obs.events
    events += len(ev.table)
    obs.gti, obs.aeff, obs.edisp, obs.psf, obs.bkg
t1 = time.perf_counter()
print(json.dumps({"observations": len(store.obs_ids), "events": events, "import_s": t0 - t_start, "read_s": t1 - t0,
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
