#!/usr/bin/python3
"""Gammapy side of bench/ts-map.ts: builds the stacked Crab 3D dataset of ../shared/reference/crab-3d.yaml with
gammapy.analysis and times only `TSMapEstimator().run(dataset)` (best of BENCH_RUNS; wall and CPU time). Prints JSON."""
import json, os, resource, sys, time, warnings, logging
warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
import numpy as np
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.estimators import TSMapEstimator

config = sys.argv[1]
runs = int(os.environ.get("BENCH_RUNS", "3"))
a = Analysis(AnalysisConfig.read(config))
a.get_observations()
a.get_datasets()
ds = a.datasets[0]
times = []
cpu = []
for _ in range(runs):
    t0 = time.perf_counter()
    c0 = time.process_time()
    maps = TSMapEstimator().run(ds)
    cpu.append(time.process_time() - c0)
    times.append(time.perf_counter() - t0)
sq = maps["sqrt_ts"].data
idx = np.unravel_index(np.nanargmax(sq), sq.shape)
print(json.dumps({"ts_map_s": min(times), "times_s": times, "ts_map_cpu_s": min(cpu), "peak_sqrt_ts": float(sq[idx]),
                  "peak_index": [int(i) for i in idx],
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
