"""Gammapy 1.0 reference for joint fits (issue 10): the joint-Crab OGIP spectra (MAGIC, VERITAS, FACT, H.E.S.S.) fitted
jointly with a log-parabola and an exponential-cutoff power law (per-instrument fit ranges of the joint-Crab paper),
FluxPointsDataset fits of flux points (gamma-cat and Fermi-LAT 3FHL Crab points from the catalogs, the H.E.S.S. Crab
likelihood flux points of gammapy-data), and a mixed joint fit (OGIP spectra + flux points).

Writes into test/fixtures/joint/: the flux points as Gammapy's FluxPointsDataset files (fp-*.fits, the catalogs'
points written by FluxPointsDataset.write so that Datasets.read reads them) and joint.json with fitted values,
errors, covariances, statistics (total and per dataset).

The `distrib` and `profile` statistics of later Gammapy (>= 1.3) are not in Gammapy 1.0: their per-point values are
computed here with numpy/scipy from the same formulas (asymmetric Gaussians / erfc upper limits; scipy's
interp1d(kind="quadratic", fill_value="extrapolate") of |stat_scan - stat| at norm = model / ref_dnde).

Run: GAMMAPY_DATA=../shared/data /usr/bin/python3 scripts/oracle/joint_fit_reference.py"""
import json, os
import numpy as np
import astropy.units as u
import scipy.interpolate
from scipy.special import erfc
from gammapy.catalog import SourceCatalog3FHL, SourceCatalogGammaCat
from gammapy.datasets import Datasets, FluxPointsDataset
from gammapy.estimators import FluxPoints
from gammapy.modeling import Fit
from gammapy.modeling.models import (Models, SkyModel, PowerLawSpectralModel, LogParabolaSpectralModel,
                                     ExpCutoffPowerLawSpectralModel)

HERE = os.path.dirname(os.path.abspath(__file__))
FIX = os.path.join(HERE, "..", "..", "test", "fixtures", "joint")
DATA = os.environ.setdefault("GAMMAPY_DATA", os.path.join(HERE, "..", "..", "..", "shared", "data"))
# per-instrument fit ranges (TeV) of the joint-Crab paper (config/datasets.yaml of open-gamma-ray-astro/joint-crab)
FIT_RANGES = {"magic": (0.08, 30), "veritas": (0.15, 30), "fact": (0.4, 30), "hess": (0.5, 30)}


def arr(a):
    return [float(x) for x in np.asarray(a).ravel()]


def read_datasets(name):
    """Datasets.read, with the index's names: Gammapy 1.0 names OGIP datasets by their OBS_ID instead."""
    path = os.path.join(FIX, name)
    datasets = Datasets.read(path)
    import yaml
    for d, e in zip(datasets, yaml.safe_load(open(path))["datasets"]):
        d._name = e["name"]
    return datasets


def set_fit_ranges(datasets):
    for d in datasets:
        prefix = d.name.split("_")[0]
        if prefix in FIT_RANGES:
            lo, hi = FIT_RANGES[prefix]
            d.mask_fit = d.counts.geom.energy_mask(lo * u.TeV, hi * u.TeV)


def fit_result(datasets, models, fit=None):
    datasets.models = models
    fit = fit or Fit()
    result = fit.run(datasets)
    pars = models.parameters
    names = models.parameters_unique_names
    return {
        "success": bool(result.success),
        "total_stat": float(result.total_stat),
        "nfev": int(result.optimize_result.nfev),
        "parameters": {n: {"value": float(p.value), "error": float(p.error), "unit": str(p.unit), "frozen": bool(p.frozen)}
                       for n, p in zip(names, pars)},
        "covariance": np.asarray(models.covariance.data).tolist(),
        "parameter_names": list(names),
        "stat_per_dataset": {d.name: float(d.stat_sum()) for d in datasets},
    }


def lp():
    return Models.read(os.path.join(FIX, "crab-lp.yaml"))


def ecpl():
    return Models.read(os.path.join(FIX, "crab-ecpl.yaml"))


out = {}

# --- flux points fixtures (FluxPointsDataset files) --------------------------------------------------------------
cat3fhl = SourceCatalog3FHL(f"{DATA}/catalogs/fermi/gll_psch_v13.fit.gz")
fp3fhl = cat3fhl["3FHL J0534.5+2201"].flux_points
FluxPointsDataset(data=fp3fhl, name="3fhl").write(os.path.join(FIX, "fp-3fhl-crab.fits"), overwrite=True)
gammacat = SourceCatalogGammaCat(f"{DATA}/catalogs/gammacat/gammacat.fits.gz")
fpgc = gammacat["Crab nebula"].flux_points
FluxPointsDataset(data=fpgc, name="gammacat").write(os.path.join(FIX, "fp-gammacat-crab.fits"), overwrite=True)
hess_fp = FluxPoints.read(f"{DATA}/estimators/crab_hess_fp/crab_hess_fp.fits")
# Gammapy 1.0 keeps the first point (norm NaN, not flagged UL) and returns a NaN statistic: mask it explicitly
hess_mask = np.isfinite(hess_fp.dnde.data[:, 0, 0]) & ~hess_fp.is_ul.data[:, 0, 0]
FluxPointsDataset(data=hess_fp, name="hess_fp", mask_safe=hess_mask).write(
    os.path.join(FIX, "fp-hess-crab.fits"), overwrite=True)

# --- flux points: reading and single-dataset fits ----------------------------------------------------------------
fp_out = {}
for key in ["3fhl", "gammacat", "hess"]:
    ds = FluxPointsDataset.read(os.path.join(FIX, f"fp-{key}-crab.fits"), name=key)
    d = ds.data
    entry = {
        "sed_type_init": d.sed_type_init,
        "e_ref": arr(d.energy_ref.to_value("TeV")),
        "dnde": arr(d.dnde.quantity.to_value("cm-2 s-1 TeV-1")),
        "is_ul": [bool(x) for x in d.is_ul.data.ravel()],
        "mask_safe": [bool(x) for x in np.asarray(ds.mask_safe).ravel()],
        "fits": {},
    }
    for mname, model in [("pl", PowerLawSpectralModel(index=2.5, amplitude="3e-11 cm-2 s-1 TeV-1",
                                                       reference="1 TeV")),
                         ("lp", LogParabolaSpectralModel(alpha=2.5, beta=0.1, amplitude="3.5e-11 cm-2 s-1 TeV-1",
                                                         reference="1 TeV")),
                         ("ecpl", ExpCutoffPowerLawSpectralModel(index=2.4, amplitude="3.5e-11 cm-2 s-1 TeV-1",
                                                                 lambda_="0.1 TeV-1", reference="1 TeV"))]:
        models = Models([SkyModel(spectral_model=model, name="crab")])
        entry["fits"][mname] = fit_result(Datasets([ds]), models)
    fp_out[key] = entry

# per-point statistics at a fixed model for chi2 (Gammapy 1.0) and distrib/profile (formulas of Gammapy >= 1.3)
fixed = LogParabolaSpectralModel(alpha=2.45, beta=0.12, amplitude="3.6e-11 cm-2 s-1 TeV-1", reference="1 TeV")
for key in ["3fhl", "gammacat", "hess"]:
    ds = FluxPointsDataset.read(os.path.join(FIX, f"fp-{key}-crab.fits"), name=key)
    ds.models = SkyModel(spectral_model=fixed.copy(), name="crab")
    d = ds.data
    model = ds.flux_pred().to_value("cm-2 s-1 TeV-1").ravel()
    dnde = d.dnde.quantity.to_value("cm-2 s-1 TeV-1").ravel()
    errn = d.dnde_errn.quantity.to_value("cm-2 s-1 TeV-1").ravel() if "norm_errn" in d._data else None
    errp = d.dnde_errp.quantity.to_value("cm-2 s-1 TeV-1").ravel() if "norm_errp" in d._data else None
    err = d.dnde_err.quantity.to_value("cm-2 s-1 TeV-1").ravel() if "norm_err" in d._data else None
    is_ul = d.is_ul.data.ravel()
    stat = np.zeros(len(model))
    valid = ~np.isnan(dnde)
    if errn is not None and errp is not None:
        scale = np.where(model >= dnde, errp, errn)
        scale = np.where(np.isnan(scale), err if err is not None else np.nan, scale)
    else:
        scale = err
    stat[valid] = ((model[valid] - dnde[valid]) / scale[valid]) ** 2
    if "norm_ul" in d._data:
        ul = d.dnde_ul.quantity.to_value("cm-2 s-1 TeV-1").ravel()
        stat[is_ul] = 2 * np.log((erfc((ul[is_ul] - model[is_ul]) / ul[is_ul]) / 2)
                                 / (erfc((ul[is_ul] - 0) / ul[is_ul]) / 2))
    stat[np.isnan(stat)] = 0
    fp_out[key]["fixed_model"] = {"alpha": 2.45, "beta": 0.12, "amplitude": 3.6e-11, "reference": 1.0,
                                  "flux_pred": arr(model), "chi2_stat_array": arr(ds.stat_array()),
                                  "distrib_stat_array": arr(stat)}
    if "stat_scan" in d._data:
        norm_scan = d.stat_scan.geom.axes["norm"].center.value
        ref = d.dnde_ref.to_value("cm-2 s-1 TeV-1").ravel()
        prof = []
        for i in range(len(model)):
            y = np.abs(d.stat_scan.data[i].squeeze() - d.stat.data[i].squeeze())
            if not np.all(np.isfinite(y)):
                prof.append(None)
                continue
            f = scipy.interpolate.interp1d(norm_scan, y, kind="quadratic", bounds_error=False,
                                           fill_value="extrapolate")
            prof.append(float(f(model[i] / ref[i])))
        fp_out[key]["fixed_model"]["profile_stat_array"] = prof
        fp_out[key]["norm_scan"] = arr(norm_scan)
        # the spline itself on a grid (inside and outside the scan range), for the interpolator test
        y = np.abs(d.stat_scan.data[2].squeeze() - d.stat.data[2].squeeze())
        grid = np.concatenate([np.linspace(0.1, 6, 25), [0.01, 8.0, 12.0]])
        f = scipy.interpolate.interp1d(norm_scan, y, kind="quadratic", bounds_error=False, fill_value="extrapolate")
        fp_out[key]["spline_check"] = {"x": arr(norm_scan), "y": arr(y), "at": arr(grid), "values": arr(f(grid))}
out["flux_points"] = fp_out

# --- the joint-Crab OGIP spectra ----------------------------------------------------------------------------------
joint = {}
for mname, models in [("lp", lp), ("ecpl", ecpl)]:
    datasets = read_datasets("joint-crab.yaml")
    set_fit_ranges(datasets)
    joint[mname] = fit_result(datasets, models())
# Fit.stat_contour of alpha and beta after the log-parabola fit (iminuit's mncontour, 10 points, 1 sigma)
datasets = read_datasets("joint-crab.yaml")
set_fit_ranges(datasets)
models = lp()
datasets.models = models
fit = Fit()
fit.run(datasets)
c = fit.stat_contour(datasets, models.parameters["alpha"], models.parameters["beta"], numpoints=10, sigma=1)
joint["lp_contour_alpha_beta"] = {"alpha": arr(c["crab.spectral.alpha"]), "beta": arr(c["crab.spectral.beta"]),
                                  "success": bool(c["success"])}
datasets = read_datasets("joint-crab.yaml")
set_fit_ranges(datasets)
joint["datasets"] = {d.name: {"counts": float(d.counts.data.sum()), "counts_off": float(d.counts_off.data.sum()),
                              "n_fit_bins": int(np.sum(d.mask.data)), "mask_fit": [bool(x) for x in d.mask_fit.data.ravel()],
                              "livetime_s": float(d.exposure.meta["livetime"].to_value("s"))} for d in datasets}
info = datasets.info_table(cumulative=False)
joint["info_table"] = [{"name": str(r["name"]), "counts": float(r["counts"]), "excess": float(r["excess"]),
                        "sqrt_ts": float(r["sqrt_ts"]), "livetime": float(r["livetime"]), "n_fit_bins": int(r["n_fit_bins"])}
                       for r in info]
hess = Datasets([d for d in datasets if d.name.startswith("hess")])
stacked = hess.stack_reduce(name="hess")
joint["hess_stacked"] = {"counts": arr(stacked.counts.data), "counts_off": arr(stacked.counts_off.data),
                         "alpha": arr(stacked.alpha.data), "livetime_s": float(stacked.exposure.meta["livetime"].to_value("s"))}
out["joint_crab"] = joint

# --- mixed joint fit: OGIP spectra + flux points ----------------------------------------------------------------
datasets = read_datasets("mixed.yaml")
set_fit_ranges(datasets)
out["mixed"] = {"lp": fit_result(datasets, lp()), "names": datasets.names}

def clean(x):
    """NaN to null (JSON has no NaN)."""
    if isinstance(x, dict):
        return {k: clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [clean(v) for v in x]
    return None if isinstance(x, float) and np.isnan(x) else x


# the three flux-point datasets fitted jointly (flux-points.yaml)
datasets = read_datasets("flux-points.yaml")
out["flux_points_joint"] = {"lp": fit_result(datasets, lp()), "names": datasets.names}

# a copy of the gamma-cat points as ECSV (FluxPointsDataset.write through astropy's ECSV writer)
FluxPointsDataset.read(os.path.join(FIX, "fp-gammacat-crab.fits"), name="gammacat").write(
    os.path.join(FIX, "fp-gammacat-crab.ecsv"), overwrite=True, format="ascii.ecsv")

with open(os.path.join(FIX, "joint.json"), "w") as f:
    json.dump(clean(out), f, indent=1)
print("wrote", os.path.join(FIX, "joint.json"))
