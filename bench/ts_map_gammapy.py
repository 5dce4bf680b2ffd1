#!/usr/bin/python3
"""Gammapy side of the TS-map benchmarks: builds the stacked map dataset of an AnalysisConfig (default
../shared/reference/crab-3d.yaml) with gammapy.analysis, then runs `TSMapEstimator().run(dataset)` BENCH_RUNS times
(default 3; wall and CPU time of each). Prints one JSON line: the TS-map timings (bench/ts-map.ts), the stage timings
of the first run and the peak sqrt(TS) with its pixel [lat, lon] (the suite's `tsmap` scenario, BENCH_RUNS=1)."""
import json, os, resource, sys, time, warnings, logging
warnings.simplefilter("ignore")
t_start = time.perf_counter()
import numpy as np
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.estimators import TSMapEstimator

logging.disable(logging.WARNING)
config = sys.argv[1]
runs = int(os.environ.get("BENCH_RUNS", "3"))
timings = {"import": time.perf_counter() - t_start}
t0 = time.perf_counter()
a = Analysis(AnalysisConfig.read(config))
a.get_observations()
timings["observations"] = time.perf_counter() - t0
t0 = time.perf_counter()
a.get_datasets()
timings["datasets"] = time.perf_counter() - t0
ds = a.datasets[0]
times = []
cpu = []
for _ in range(runs):
    t0 = time.perf_counter()
    c0 = time.process_time()
    maps = TSMapEstimator().run(ds)
    cpu.append(time.process_time() - c0)
    times.append(time.perf_counter() - t0)
timings["ts_map"] = times[0]
timings["total"] = time.perf_counter() - t_start
sq = maps["sqrt_ts"].data
idx = np.unravel_index(np.nanargmax(sq), sq.shape)
print(json.dumps({"ts_map_s": min(times), "times_s": times, "ts_map_cpu_s": min(cpu), "peak_sqrt_ts": float(sq[idx]),
                  "peak_index": [int(i) for i in idx],
                  "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "timings_s": timings, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "ts_map": {"peak_sqrt_ts": float(sq[idx]), "peak_pixel": [int(i) for i in idx[-2:]]}}))
