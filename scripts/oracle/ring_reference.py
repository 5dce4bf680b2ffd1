"""Oracle for the ring background (Gammapy 1.0 `RingBackgroundMaker`, `MapDatasetOnOff`, on-off `ExcessMapEstimator`).

Builds the stacked 3D Crab dataset of ../shared/reference/crab-3d.yaml, applies the ring of Gammapy's ring tutorial
(r_in 0.5 deg, width 0.3 deg, exclusion_mask_crab.fits.gz) per energy bin, and writes test/fixtures/ring/crab-ring.json:
sums and sampled pixels of counts_off / acceptance / acceptance_off / alpha, the safe mask, info_dict, the on-off excess
map (correlation 0.1 deg, one energy bin), a stack of two ring datasets and a WStat point-source fit.
Run: /usr/bin/python3 scripts/oracle/ring_reference.py  (needs $GAMMAPY_DATA)
"""
import json
from pathlib import Path
import os

os.environ.setdefault("GAMMAPY_DATA", str(Path(__file__).resolve().parents[3] / "shared" / "data"))


import astropy.units as u
import numpy as np
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.estimators import ExcessMapEstimator
from gammapy.makers import RingBackgroundMaker
from gammapy.maps import Map
from gammapy.modeling import Fit
from gammapy.modeling.models import Models

ROOT = Path(__file__).resolve().parents[2]
cfg = AnalysisConfig.read(ROOT.parent / "shared" / "reference" / "crab-3d.yaml")
a = Analysis(cfg)
a.get_observations()
a.get_datasets()
ds = a.datasets[0]
excl = Map.read(os.path.expandvars("$GAMMAPY_DATA/joint-crab/exclusion/exclusion_mask_crab.fits.gz"))

maker = RingBackgroundMaker(r_in="0.5 deg", width="0.3 deg", exclusion_mask=excl)
kernel = maker.kernel(ds.counts)
onoff = maker.run(ds)

rng = np.random.default_rng(1)
shape = onoff.counts.data.shape
flat_idx = rng.choice(np.prod(shape), 300, replace=False)
# add the pixels with the largest counts_off / acceptance_off and the map centre
flat_idx = np.concatenate([flat_idx, [np.argmax(onoff.counts_off.data), np.argmax(onoff.acceptance_off.data)]])
flat_idx = [int(i) for i in flat_idx]


def sample(m):
    return [float(v) for v in np.asarray(m.data, dtype=float).ravel()[flat_idx]]


def f(x):
    v = float(x.value) if hasattr(x, "value") else float(x)
    return v if np.isfinite(v) else None  # JSON has no NaN


out = {
    "kernel": {"shape": list(kernel.array.shape), "sum": float(kernel.array.sum())},
    "shape": list(shape),
    "sums": {
        "counts": float(onoff.counts.data.sum()),
        "counts_off": float(onoff.counts_off.data.astype(float).sum()),
        "acceptance": float(onoff.acceptance.data.astype(float).sum()),
        "acceptance_off": float(onoff.acceptance_off.data.astype(float).sum()),
        "alpha": float(onoff.alpha.data.astype(float).sum()),
        "background": float(np.nan_to_num(onoff.background.data.astype(float)).sum()),
        "mask_safe": int(onoff.mask_safe.data.sum()),
        "counts_off_per_energy": [float(v) for v in onoff.counts_off.data.astype(float).sum(axis=(1, 2))],
        "acceptance_off_per_energy": [float(v) for v in onoff.acceptance_off.data.astype(float).sum(axis=(1, 2))],
    },
    "samples": {
        "index": flat_idx,
        "counts_off": sample(onoff.counts_off),
        "acceptance": sample(onoff.acceptance),
        "acceptance_off": sample(onoff.acceptance_off),
        "alpha": sample(onoff.alpha),
        "npred_background": sample(onoff.npred_background()),
        "mask_safe": [int(v) for v in onoff.mask_safe.data.ravel()[flat_idx]],
    },
    "info": {k: (f(v) if not isinstance(v, str) else v) for k, v in onoff.info_dict().items()},
}

# on-off excess map, one energy bin, correlate_off=True (default)
est = ExcessMapEstimator(correlation_radius="0.1 deg", energy_edges=[1, 10] * u.TeV)
ex = est.run(onoff)
sig = ex["sqrt_ts"].data
idx = np.unravel_index(np.nanargmax(sig), sig.shape)
sflat = sig.ravel()
pix = [int(i) for i in rng.choice(np.flatnonzero(np.isfinite(sflat)), 100, replace=False)]
out["excess_map"] = {
    "max_sqrt_ts": float(sig[idx]),
    "max_index": [int(i) for i in idx],
    "max_npred_excess": float(ex["npred_excess"].data[idx]),
    "max_counts": float(ex["npred"].data[idx]),
    "n_finite": int(np.isfinite(sflat).sum()),
    "index": pix,
    "sqrt_ts": [float(sflat[i]) for i in pix],
    "npred_excess": [float(ex["npred_excess"].data.ravel()[i]) for i in pix],
}

# the ring tutorial's way: the dataset summed over energy first (to_image), then the ring
img = maker.run(ds.to_image())
iflat = [int(i) for i in rng.choice(img.counts.data.size, 200, replace=False)]
out["image"] = {"sums": {}, "index": iflat}
for key in ["counts", "counts_off", "acceptance", "acceptance_off", "alpha", "mask_safe"]:
    m = getattr(img, key)
    out["image"]["sums"][key] = float(np.asarray(m.data, dtype=float).sum())
    out["image"][key] = [float(v) for v in np.asarray(m.data, dtype=float).ravel()[iflat]]
for radius, correlate_off in [(0.1, True), (0.04, True), (0.1, False)]:
    exi = ExcessMapEstimator(correlation_radius=f"{radius} deg", correlate_off=correlate_off).run(img)
    si = exi["sqrt_ts"].data
    j = np.unravel_index(np.nanargmax(si), si.shape)
    out["image"][f"excess_{radius}" + ("" if correlate_off else "_no_correlate_off")] = {
        "max_sqrt_ts": float(si[j]),
        "max_index": [int(i) for i in j],
        "max_npred_excess": float(exi["npred_excess"].data[j]),
        "n_finite": int(np.isfinite(si).sum()),
    }

# stacking of two ring datasets (Gammapy's per-pixel on-off rules)
maker2 = RingBackgroundMaker(r_in="0.4 deg", width="0.4 deg", exclusion_mask=excl)
d2 = maker2.run(ds)
stacked = onoff.copy(name="stacked")
stacked.stack(d2)
out["stack"] = {
    "counts": float(stacked.counts.data.sum()),
    "counts_off": float(stacked.counts_off.data.astype(float).sum()),
    "acceptance": float(stacked.acceptance.data.astype(float).sum()),
    "acceptance_off": float(stacked.acceptance_off.data.astype(float).sum()),
    "mask_safe": int(stacked.mask_safe.data.sum()),
    "counts_off_samples": sample(stacked.counts_off),
    "acceptance_off_samples": sample(stacked.acceptance_off),
    "alpha_samples": sample(stacked.alpha),
}

# WStat fit of the Crab point source
models = Models.read(ROOT / "examples" / "crab-3d-models.yaml")
onoff.models = models
out["stat_sum_initial"] = float(onoff.stat_sum())
out["npred_background_initial_sum"] = float(onoff.npred_background().data[onoff.mask_safe.data].sum())
result = Fit().run([onoff])
out["fit"] = {
    "success": bool(result.success),
    "total_stat": float(result.total_stat),
    "parameters": [
        {"name": p.name, "value": float(p.value), "error": float(p.error)} for p in models.parameters if not p.frozen
    ],
}
(ROOT / "test" / "fixtures" / "ring").mkdir(parents=True, exist_ok=True)
(ROOT / "test" / "fixtures" / "ring" / "crab-ring.json").write_text(json.dumps(out, indent=1))
print(json.dumps({k: out[k] for k in ["kernel", "sums", "fit", "stat_sum_initial"]}, indent=1))
print(json.dumps({k: v for k, v in out["excess_map"].items() if k.startswith("max")}))
