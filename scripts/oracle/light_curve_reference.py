"""Gammapy 1.0 light curve per observation of the four Crab runs of examples/crab-3d.yaml: per-run map datasets
(stack: false), the stacked best-fit Crab model of ../shared/reference/gammapy-crab-3d.json, LightCurveEstimator
(1-10 TeV, source crab, selection_optional all). Writes test/fixtures/light-curve/crab-3d.json."""
import json, os, sys
import numpy as np
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.modeling.models import Models
from gammapy.estimators import LightCurveEstimator

here = os.path.dirname(__file__)
cfg = AnalysisConfig.read(os.path.join(here, "../../examples/crab-3d.yaml"))
cfg.datasets.stack = False
a = Analysis(cfg); a.get_observations(); a.get_datasets()
models = Models.read(os.path.join(here, "../../examples/crab-3d-models.yaml"))
ref = json.load(open(os.path.join(here, "../../../shared/reference/gammapy-crab-3d.json")))
for p in ref["parameters"]:
    if p["model"] == "crab":
        models["crab"].parameters[p["name"]].value = p["value"]
a.set_models(models)
est = LightCurveEstimator(energy_edges=[1, 10] * __import__("astropy.units", fromlist=["u"]).TeV, source="crab", selection_optional="all")
lc = est.run(a.datasets)
t = lc.to_table(sed_type="flux", format="lightcurve")
out = {c: np.asarray(t[c]).ravel().tolist() for c in ["time_min", "time_max", "flux", "flux_err", "flux_ul", "ts", "sqrt_ts", "counts"] if c in t.colnames}
tn = lc.to_table(sed_type="likelihood", format="lightcurve")
out.update({c: np.asarray(tn[c]).ravel().tolist() for c in ["norm", "norm_err", "norm_errn", "norm_errp", "norm_ul"] if c in tn.colnames})
from astropy.time import Time
intervals = [Time([53343.9, 53344.0], format="mjd", scale="tt"), Time([53345.0, 53348.0], format="mjd", scale="tt")]
est2 = LightCurveEstimator(energy_edges=[1, 10] * __import__("astropy.units", fromlist=["u"]).TeV, source="crab",
                           selection_optional="all", time_intervals=intervals)
lc2 = est2.run(a.datasets)
t2 = lc2.to_table(sed_type="likelihood", format="lightcurve")
out["intervals"] = {c: np.asarray(t2[c]).ravel().tolist() for c in ["time_min", "time_max", "norm", "norm_err", "ts"]}
os.makedirs(os.path.join(here, "../../test/fixtures/light-curve"), exist_ok=True)
json.dump(json.loads(json.dumps(out).replace("NaN", "null")), open(os.path.join(here, "../../test/fixtures/light-curve/crab-3d.json"), "w"), indent=1)
print(out)
