"""Gammapy 1.0's side of bench/joint-fit.ts: the same joint fit as `gammats fit` in one process: Datasets.read of a
datasets YAML (names as in the YAML), fit ranges by name prefix, Models.read, Fit, Models.write with the covariance,
and a result JSON (fit result, parameters, per-dataset statistic, timings) on stdout.
Usage: /usr/bin/python3 bench/joint_fit_gammapy.py DATASETS_YAML MODELS_YAML OUTDIR [PREFIX=MIN:MAX ...]"""
import json, os, sys, time

t0 = time.perf_counter()
import yaml
import astropy.units as u
from gammapy.datasets import Datasets
from gammapy.modeling import Fit
from gammapy.modeling.models import Models

t_import = time.perf_counter()
index, models_path, out = sys.argv[1:4]
ranges = {}
for arg in sys.argv[4:]:
    name, rng = arg.split("=")
    lo, hi = rng.split(":")
    ranges[name.rstrip("*")] = (float(lo), float(hi))
datasets = Datasets.read(index)
for d, e in zip(datasets, yaml.safe_load(open(index))["datasets"]):
    d._name = e["name"]  # Gammapy 1.0 names OGIP datasets by OBS_ID
for d in datasets:
    for prefix, (lo, hi) in ranges.items():
        if d.name.startswith(prefix):
            d.mask_fit = d.counts.geom.energy_mask(lo * u.TeV, hi * u.TeV)
models = Models.read(models_path)
datasets.models = models
t_read = time.perf_counter()
result = Fit().run(datasets)
t_fit = time.perf_counter()
os.makedirs(out, exist_ok=True)
models.write(os.path.join(out, "models.yaml"), overwrite=True, write_covariance=True)
t_write = time.perf_counter()
names = models.parameters_unique_names
print(json.dumps({
    "fit": {"success": bool(result.success), "total_stat": float(result.total_stat),
            "nfev": int(result.optimize_result.nfev)},
    "parameters": [{"name": n, "value": float(p.value), "error": float(p.error), "frozen": bool(p.frozen)}
                   for n, p in zip(names, models.parameters)],
    "datasets": [{"name": d.name, "stat_sum": float(d.stat_sum())} for d in datasets],
    "timings_s": {"import": t_import - t0, "read": t_read - t_import, "fit": t_fit - t_read,
                  "write": t_write - t_fit, "total": t_write - t0},
}))
