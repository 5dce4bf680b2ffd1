"""Gammapy 1.0 joint 3D Crab analysis: examples/crab-3d.yaml with datasets.stack = false (one map dataset per run,
each with its own FoV background model), the point-source models of examples/crab-3d-models.yaml, fit and flux
points. Writes test/fixtures/map-dataset/crab-3d-joint.json."""
import json, os
import numpy as np
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.modeling.models import Models

here = os.path.dirname(__file__)
cfg = AnalysisConfig.read(os.path.join(here, "../../examples/crab-3d.yaml"))
cfg.datasets.stack = False
a = Analysis(cfg)
a.get_observations()
a.get_datasets()
a.set_models(Models.read(os.path.join(here, "../../examples/crab-3d-models.yaml")))
a.run_fit()
a.get_flux_points()
t = a.flux_points.data.to_table(sed_type="dnde", formatted=False)
out = {
    "fit": {"success": bool(a.fit_result.success), "total_stat": float(a.fit_result.total_stat)},
    "datasets": [{"name": d.name, "counts": float(d.counts.data[d.mask_safe.data].sum()),
                  "stat_sum": float(d.stat_sum())} for d in a.datasets],
    "parameters": [{"model": m.name, "name": p.name, "value": float(p.value), "error": float(p.error)}
                   for m in a.models for p in m.parameters if not p.frozen],
    "flux_points": {c: np.asarray(t[c]).ravel().tolist() for c in ["e_ref", "dnde", "dnde_err", "dnde_ul", "ts"]},
}
with open(os.path.join(here, "../../test/fixtures/map-dataset/crab-3d-joint.json"), "w") as f:
    json.dump(out, f, indent=1)
