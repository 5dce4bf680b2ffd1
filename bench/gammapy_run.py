#!/usr/bin/python3
"""Gammapy 1.0 side of the benchmark suite (bench/suite.ts) for config-driven scenarios: the steps `gammats run` takes
for the same AnalysisConfig YAML and models YAML, with Gammapy's high-level `Analysis`.

    /usr/bin/python3 bench/gammapy_run.py CONFIG [MODELS]

Steps (each only where the config asks for it, as `gammats run` does): observations, datasets, excess map (3d with one
stacked dataset), set models, fit, flux points (flux_points.energy set), light curve (light_curve.energy_edges set).
Prints one JSON line: stage timings (s), peak RSS (MB), fit result, parameters,
the info_dict (one dataset) and the counts of each dataset, flux points and light curve (dnde / norm per bin)."""
import json, logging, resource, sys, time, warnings

warnings.simplefilter("ignore")
t_start = time.perf_counter()
import numpy as np
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.modeling.models import Models

logging.disable(logging.WARNING)
timings = {"import": time.perf_counter() - t_start}
last = time.perf_counter()


def lap(stage):
    global last
    now = time.perf_counter()
    timings[stage] = now - last
    last = now


def number(v):
    v = getattr(v, "value", v)
    return float(v) if isinstance(v, (int, float, np.number)) else str(v)


def finite(x):
    return [None if not np.isfinite(v) else float(v) for v in np.asarray(x, dtype=float).ravel()]


config = AnalysisConfig.read(sys.argv[1])
a = Analysis(config)
a.get_observations()
lap("observations")
a.get_datasets()
lap("datasets")
out = {}
if config.datasets.type == "3d" and len(a.datasets) == 1:
    a.get_excess_map()
    lap("excess_map")
    sig = a.excess_map["sqrt_ts"].data
    out["excess_map"] = {"max_sqrt_ts": float(np.nanmax(sig))}
if len(sys.argv) > 2:
    a.set_models(Models.read(sys.argv[2]))
    a.run_fit()
    lap("fit")
    out["fit"] = {"success": bool(a.fit_result.success), "total_stat": float(a.fit_result.total_stat),
                  "nfev": int(a.fit_result.optimize_result.nfev)}
    # Gammapy 1.0 names unstacked datasets (and so their background models) at random; gammats names them by
    # observation id: report the background models under the observation ids (datasets follow the observations)
    run_names = {f"{d.name}-bkg": f"{o.obs_id}-bkg" for d, o in zip(a.datasets, a.observations)} if len(a.datasets) > 1 else {}
    out["parameters"] = [
        {"model": run_names.get(m.name, m.name), "name": p.name, "value": float(p.value), "error": float(p.error), "unit": str(p.unit),
         "frozen": bool(p.frozen)}
        for m in a.models for p in m.parameters
    ]
    if config.flux_points.energy.nbins:
        a.get_flux_points()
        lap("flux_points")
        t = a.flux_points.data.to_table(sed_type="dnde", formatted=False)
        out["flux_points"] = {c: finite(t[c].quantity.value) for c in ["e_ref", "dnde", "dnde_err", "ts"]}
    if config.light_curve.energy_edges.min is not None:
        a.get_light_curve()
        lap("light_curve")
        t = a.light_curve.to_table(sed_type="likelihood", format="lightcurve")
        out["light_curve"] = {c: finite(t[c]) for c in ["time_min", "norm", "norm_err", "ts"]}
infos = [d.info_dict() for d in a.datasets]
out["info"] = {k: number(v) for k, v in infos[0].items()} if len(infos) == 1 else {"name": "joint", "n_datasets": len(infos)}
out["datasets_counts"] = [number(i["counts"]) for i in infos]
timings["total"] = time.perf_counter() - t_start
out["timings_s"] = timings
out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
