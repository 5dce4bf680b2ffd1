#!/usr/bin/python3
"""Oracle for gammats' TSMapEstimator: Gammapy 1.0's `TSMapEstimator` on the stacked Crab 3D dataset of
../shared/reference/crab-3d.yaml (no source model: npred = background). Writes the kernel of the default estimator,
the full ts and niter maps of the default run, and per-row sums / sampled pixels of the other quantities, for the
default run and a few option variants (threshold, energy groups without summing, kernel width, errn-errp/ul,
downsampling by 2).

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/ts_map_reference.py > test/fixtures/ts-map/crab-3d.json
"""
import json, os, time, warnings, logging
warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
import numpy as np
import astropy.units as u
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.estimators import TSMapEstimator
from gammapy.stats import cash_sum_cython, f_cash_root_cython, norm_bounds_cython

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, "..", "..", "..", "shared", "reference", "crab-3d.yaml")
rng = np.random.default_rng(2024)


def fl(a, digits=None):
    a = np.asarray(a, dtype=float).ravel()
    if digits is None:
        return [None if not np.isfinite(x) else float(x) for x in a]
    return [None if not np.isfinite(x) else float(f"{x:.{digits}g}") for x in a]


def summary(maps, names, n=300):
    out = {}
    shape = maps["ts"].data.shape
    idx = np.sort(rng.choice(int(np.prod(shape)), size=min(n, int(np.prod(shape))), replace=False))
    out["shape"] = [int(s) for s in shape]
    out["sample_index"] = [int(i) for i in idx]
    for name in names:
        d = np.asarray(maps[name].data, dtype=float)
        out[name] = {"row_sums": fl(np.nansum(d, axis=-1)), "sample": fl(d.ravel()[idx]),
                     "nan_count": int(np.isnan(d).sum())}
    sq = maps["sqrt_ts"].data
    peak = np.unravel_index(np.nanargmax(sq), sq.shape)
    out["peak"] = {"sqrt_ts": float(sq[peak]), "index": [int(i) for i in peak], "ts": float(maps["ts"].data[peak]),
                   "norm": float(maps["norm"].data[peak]), "norm_err": float(maps["norm_err"].data[peak])}
    return out


cfg = AnalysisConfig.read(CONFIG)
a = Analysis(cfg)
a.get_observations()
a.get_datasets()
ds = a.datasets[0]

NAMES = ["ts", "sqrt_ts", "norm", "norm_err", "niter", "success", "npred", "npred_excess", "stat", "stat_null"]
result = {"dataset": {"counts_sum": float(ds.counts.data.sum()), "background_sum": float(ds.background.data.sum())}}

# the Cython kernels' exact semantics (float log in cash_sum, bounds)
c = np.array([0.0, 1.0, 2.0, 3.0, 0.0]); b = np.array([0.3, 0.7, 1.1, 0.2, 0.5]); m = np.array([0.0, 0.5, 1.5, 0.1, 0.2])
result["cython"] = {"counts": fl(c), "background": fl(b), "model": fl(m), "cash_sum": float(cash_sum_cython(c, b + 0.37 * m)),
                    "f_cash_root": float(f_cash_root_cython(0.37, c, b, m)), "norm_bounds": fl(norm_bounds_cython(c, b, m))}

est = TSMapEstimator()
kernel_3d = est.estimate_kernel(ds)
pad = est.estimate_pad_width(ds)
image = ds.pad(pad).to_image()
kernel = est.estimate_kernel(image)
fit_maps = est.estimate_fit_input_maps(image)
result["kernel"] = {"shape_3d": [int(s) for s in kernel_3d.data.shape], "pad_width": [int(p) for p in pad],
                    "shape": [int(s) for s in kernel.data.shape], "data": fl(kernel.data, 10),
                    "exposure_npred_sample": fl(fit_maps["exposure"].data[0, 38:138:11, 38:138:7], 12),
                    "norm_guess_sample": fl(fit_maps["norm"].data[0, 38:138:11, 38:138:7], 12)}

t0 = time.perf_counter()
maps = est.run(ds)
result["time_default_s"] = time.perf_counter() - t0
d = summary(maps, NAMES)
d["ts_full"] = fl(maps["ts"].data, 10)
d["niter_full"] = [int(x) if np.isfinite(x) else -1 for x in maps["niter"].data.ravel()]
result["default"] = d

variants = {
    "threshold": dict(threshold=10),
    "energy_groups": dict(energy_edges=[1, 3.1622776601683795, 10] * u.TeV, sum_over_energy_groups=False),
    "groups_summed": dict(energy_edges=[1, 3.1622776601683795, 10] * u.TeV),
    "kernel_width": dict(kernel_width="0.5 deg"),
    "errors": dict(selection_optional=["errn-errp", "ul"]),
    "downsampling": dict(downsampling_factor=2),
}
for key, kw in variants.items():
    e = TSMapEstimator(**kw)
    mm = e.run(ds)
    names = NAMES + (["norm_errn", "norm_errp", "norm_ul"] if key == "errors" else [])
    result[key] = summary(mm, names)
    if key == "downsampling":
        result[key]["ts_full"] = fl(mm["ts"].data, 10)
    if key == "kernel_width":
        result[key]["kernel_shape"] = [int(s) for s in e.estimate_kernel(ds).data.shape]
print(json.dumps(result))
