"""Gammapy 1.0 reference for the 1D reduction of the four H.E.S.S. Crab runs (crab-1d.yaml): per-run and stacked
SpectrumDatasetOnOff arrays, reflected regions, safe masks, fits of three spectral models and flux points.
Writes test/fixtures/spectrum/crab-1d.json. Run: /usr/bin/python3 scripts/oracle/spectrum_reference.py"""
import json, os, sys
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord, Angle
from regions import CircleSkyRegion
from gammapy.data import DataStore
from gammapy.maps import MapAxis, RegionGeom
from gammapy.datasets import SpectrumDataset, Datasets
from gammapy.makers import SpectrumDatasetMaker, ReflectedRegionsBackgroundMaker, SafeMaskMaker, WobbleRegionsFinder
from gammapy.modeling import Fit
from gammapy.modeling.models import (SkyModel, PowerLawSpectralModel, LogParabolaSpectralModel,
                                     ExpCutoffPowerLawSpectralModel)
from gammapy.estimators import FluxPointsEstimator

data = os.environ.get("GAMMAPY_DATA", os.path.join(os.path.dirname(__file__), "../../../shared/data"))
store = DataStore.from_dir(f"{data}/hess-dl3-dr1")
obs_ids = [23523, 23526, 23559, 23592]
observations = store.get_observations(obs_ids)
energy_axis = MapAxis.from_energy_bounds(0.5, 30, 20, unit="TeV", name="energy")
energy_axis_true = MapAxis.from_energy_bounds(0.1, 50, 40, unit="TeV", name="energy_true")
region = CircleSkyRegion(SkyCoord(83.633, 22.014, unit="deg", frame="icrs"), 0.11 * u.deg)
geom = RegionGeom.create(region=region, axes=[energy_axis])
empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
maker = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"])
bkg_maker = ReflectedRegionsBackgroundMaker()
safe = SafeMaskMaker(methods=["aeff-default", "aeff-max"], aeff_percent=10)

def arr(m):
    return [float(x) for x in np.asarray(m).ravel()]

runs = []
datasets = Datasets()
for obs in observations:
    ds = maker.run(empty.copy(name=str(obs.obs_id)), obs)
    ds_on_off = bkg_maker.run(ds, obs)
    regions, wcs = bkg_maker.region_finder.run(region=region, center=obs.pointing_radec)
    extra_masks = {}
    for name, mk in [("edisp_bias", SafeMaskMaker(methods=["edisp-bias"], bias_percent=10)),
                     ("bkg_peak", SafeMaskMaker(methods=["bkg-peak"])),
                     ("offset_max", SafeMaskMaker(methods=["offset-max"], offset_max="0.4 deg"))]:
        extra_masks[name] = [int(x) for x in mk.run(ds_on_off.copy(), obs).mask_safe.data.ravel()]
    wobble, _ = WobbleRegionsFinder(n_off_regions=3).run(region=region, center=obs.pointing_radec)
    ds_on_off = safe.run(ds_on_off, obs)
    datasets.append(ds_on_off)
    runs.append({
        "obs_id": int(obs.obs_id),
        "livetime_s": float(ds_on_off.exposure.meta["livetime"].to_value("s")),
        "counts": arr(ds_on_off.counts.data), "counts_off": arr(ds_on_off.counts_off.data),
        "acceptance_off": arr(ds_on_off.acceptance_off.data),
        "exposure_cm2s": arr(ds_on_off.exposure.quantity.to_value("cm2 s")),
        "edisp_exposure_cm2s": arr(ds_on_off.edisp.exposure_map.quantity.to_value("cm2 s")),
        "edisp_matrix": arr(ds_on_off.edisp.get_edisp_kernel().pdf_matrix),
        "mask_safe": arr(ds_on_off.mask_safe.data.astype(int)),
        "off_regions": [[float(r.center.ra.deg), float(r.center.dec.deg), float(r.radius.to_value("deg"))] for r in regions],
        "aeff_lo_thres": float(obs.aeff.meta.get("LO_THRES", np.nan)),
        "masks": extra_masks,
        "wobble_regions": [[float(r.center.ra.deg), float(r.center.dec.deg), float(r.radius.to_value("deg"))] for r in wobble],
    })

stacked = datasets.stack_reduce(name="stacked")
stacked.mask_fit = stacked.counts.geom.energy_mask(1 * u.TeV, 20 * u.TeV)
def info(ds):
    d = ds.info_dict()
    return {k: (float(v.value) if hasattr(v, "value") else (float(v) if isinstance(v, (int, float, np.floating, np.integer)) else str(v))) for k, v in d.items()}

out = {"runs": runs, "stacked": {
    "counts": arr(stacked.counts.data), "counts_off": arr(stacked.counts_off.data),
    "acceptance_off": arr(stacked.acceptance_off.data), "alpha": arr(stacked.alpha.data),
    "exposure_cm2s": arr(stacked.exposure.quantity.to_value("cm2 s")),
    "edisp_matrix": arr(stacked.edisp.get_edisp_kernel().pdf_matrix),
    "mask_safe": arr(stacked.mask_safe.data.astype(int)), "info": info(stacked)}}

fits = {}
for tag, model in [("pl", PowerLawSpectralModel(index=2.6, amplitude="5e-11 cm-2 s-1 TeV-1")),
                   ("lp", LogParabolaSpectralModel(alpha=2.5, beta=0.1, amplitude="5e-11 cm-2 s-1 TeV-1", reference="1 TeV")),
                   ("ecpl", ExpCutoffPowerLawSpectralModel(index=2.3, amplitude="5e-11 cm-2 s-1 TeV-1", lambda_="0.1 TeV-1"))]:
    stacked.models = [SkyModel(spectral_model=model, name="crab")]
    fit = Fit()
    r = fit.run([stacked])
    # npred and stat at the best fit
    fits[tag] = {"success": bool(r.success), "total_stat": float(r.total_stat), "nfev": int(r.optimize_result.nfev),
                 "parameters": [{"name": p.name, "value": float(p.value), "error": float(p.error), "unit": str(p.unit),
                                 "frozen": bool(p.frozen)} for p in model.parameters],
                 "npred_signal": arr(stacked.npred_signal().data), "covariance": np.asarray(r.covariance_result.matrix if hasattr(r, 'covariance_result') else model.covariance.data).ravel().tolist()}
    if tag == "pl":
        fpe = FluxPointsEstimator(energy_edges=MapAxis.from_energy_bounds(1, 20, 6, unit="TeV").edges, source="crab", selection_optional="all")
        fp = fpe.run([stacked])
        t = fp.to_table(sed_type="dnde", formatted=False)
        fits[tag]["flux_points"] = {c: [float(x) for x in np.asarray(t[c]).ravel()] for c in t.colnames if t[c].dtype.kind == "f" and c not in ("stat_scan", "norm_scan", "dnde_scan")}
        fits[tag]["flux_points"]["stat_scan"] = np.asarray(t["stat_scan"]).tolist()
        fits[tag]["flux_points"]["norm_scan"] = np.asarray(t["norm_scan"]).tolist()
        # parameters restored after flux points
        stacked.models = [SkyModel(spectral_model=model, name="crab")]
out["fits"] = fits
json.dump(json.loads(json.dumps(out).replace("NaN", "null")), open(os.path.join(os.path.dirname(__file__), "../../test/fixtures/spectrum/crab-1d.json"), "w"))
print("ok", out["stacked"]["info"])
