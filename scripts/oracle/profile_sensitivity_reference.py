"""Gammapy 1.0 reference for FluxProfileEstimator and SensitivityEstimator.

Profile: the stacked Crab 3D map dataset of examples/crab-3d.yaml (models none, background map as is), 8 rectangles
(make_orthogonal_rectangle_sky_regions, 0.8 deg along RA through the Crab, height 0.3 deg) and 5 annuli
(make_concentric_annulus_sky_regions, 0.05-0.55 deg around 0.006 deg north of the Crab), energy edges 1, 3, 10 TeV.
Each profile also with MIGRAD run to convergence (tol 1e-6).
Sensitivity: the stacked 1D Crab on-off dataset (as scripts/oracle/spectrum_reference.py), Gammapy's defaults.
Writes test/fixtures/estimators/profile-sensitivity.json.
Run: /usr/bin/python3 scripts/oracle/profile_sensitivity_reference.py"""
import json, os
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset, Datasets
from gammapy.estimators import FluxProfileEstimator, SensitivityEstimator
from gammapy.makers import SpectrumDatasetMaker, ReflectedRegionsBackgroundMaker, SafeMaskMaker
from gammapy.maps import MapAxis, RegionGeom
from gammapy.modeling import Fit
from gammapy.utils.regions import make_orthogonal_rectangle_sky_regions, make_concentric_annulus_sky_regions

here = os.path.dirname(__file__)
data = os.environ.get("GAMMAPY_DATA", os.path.join(here, "../../../shared/data"))
os.environ.setdefault("GAMMAPY_DATA", data)


def arr(a):
    return [None if not np.isfinite(x) else float(x) for x in np.asarray(a, dtype=float).ravel()]


out = {}

# ---- sensitivity on the stacked 1D Crab dataset
store = DataStore.from_dir(f"{data}/hess-dl3-dr1")
observations = store.get_observations([23523, 23526, 23559, 23592])
energy_axis = MapAxis.from_energy_bounds(0.5, 30, 20, unit="TeV", name="energy")
energy_axis_true = MapAxis.from_energy_bounds(0.1, 50, 40, unit="TeV", name="energy_true")
region = CircleSkyRegion(SkyCoord(83.633, 22.014, unit="deg", frame="icrs"), 0.11 * u.deg)
empty = SpectrumDataset.create(geom=RegionGeom.create(region=region, axes=[energy_axis]), energy_axis_true=energy_axis_true)
maker = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"])
bkg_maker = ReflectedRegionsBackgroundMaker()
safe = SafeMaskMaker(methods=["aeff-default", "aeff-max"], aeff_percent=10)
datasets = Datasets()
for obs in observations:
    ds = bkg_maker.run(maker.run(empty.copy(name=str(obs.obs_id)), obs), obs)
    datasets.append(safe.run(ds, obs))
stacked = datasets.stack_reduce(name="stacked")
sens = {}
for tag, kw in [("default", {}), ("sigma3", {"n_sigma": 3.0, "gamma_min": 5, "bkg_syst_fraction": 0.1}),
                 ("bkg_syst", {"n_sigma": 5.0, "gamma_min": 10, "bkg_syst_fraction": 10.0})]:
    t = SensitivityEstimator(**kw).run(stacked.copy(name="s"))
    ax = stacked.counts.geom.axes["energy"]
    sens[tag] = {
        "kwargs": kw,
        "e_ref": arr(t["energy"].quantity.to_value("TeV")),
        "e_min": arr(ax.edges_min.to_value("TeV")),
        "e_max": arr(ax.edges_max.to_value("TeV")),
        "e2dnde": arr(t["e2dnde"].quantity.to_value("erg cm-2 s-1")),
        "excess": arr(t["excess"]),
        "background": arr(t["background"]),
        "criterion": [c.decode() if isinstance(c, bytes) else str(c) for c in t["criterion"]],
    }
out["sensitivity"] = sens

# ---- flux profiles on the stacked 3D Crab dataset
cfg = AnalysisConfig.read(os.path.join(here, "../../examples/crab-3d.yaml"))
a = Analysis(cfg)
a.get_observations()
a.get_datasets()
ds3 = a.datasets[0]
ds3.models = None
wcs = ds3.counts.geom.wcs
crab = SkyCoord(83.633, 22.014, unit="deg", frame="icrs")
dra = 0.4 / np.cos(np.deg2rad(22.014))
start = SkyCoord(83.633 - dra, 22.014, unit="deg", frame="icrs")
end = SkyCoord(83.633 + dra, 22.014, unit="deg", frame="icrs")
rects = make_orthogonal_rectangle_sky_regions(start_pos=start, end_pos=end, wcs=wcs, height=0.3 * u.deg, nbin=8)
# centred 0.006 deg north of the Crab: at the Crab itself (the map centre) the nearest EDisp-map pixel is a tie
# decided by 1e-14 rounding of the pixel coordinate
annulus_center = SkyCoord(83.633, 22.02, unit="deg", frame="icrs")
annuli = make_concentric_annulus_sky_regions(center=annulus_center, radius_max=0.55 * u.deg, radius_min=0.05 * u.deg, nbin=6)
energy_edges = [1, 3, 10] * u.TeV


def region_dict(r):
    if hasattr(r, "inner_radius"):
        return {"kind": "annulus", "ra": r.center.ra.deg, "dec": r.center.dec.deg,
                "inner": r.inner_radius.to_value("deg"), "outer": r.outer_radius.to_value("deg")}
    return {"kind": "rectangle", "ra": r.center.ra.deg, "dec": r.center.dec.deg, "width": r.width.to_value("deg"),
            "height": r.height.to_value("deg"), "angle": r.angle.to_value("deg")}


profiles = {}
for tag, regions in [("rectangles", rects), ("annuli", annuli)]:
    per_region = []
    for r in regions:
        sd = ds3.to_spectrum_dataset(r, name="x")
        per_region.append({"counts": arr(sd.counts.data), "background": arr(sd.background.data),
                           "exposure_cm2s": arr(sd.exposure.quantity.to_value("cm2 s")),
                           "mask_safe": [int(x) for x in sd.mask_safe.data.ravel()],
                           "npix": int(ds3.counts.geom.to_image().region_mask([r]).data.sum())})
    est = FluxProfileEstimator(regions=regions, energy_edges=energy_edges)
    prof = est.run(ds3)
    t = prof.to_table(sed_type="flux", format="profile")
    tn = prof.to_table(sed_type="likelihood", format="profile")
    res = {"regions": [region_dict(r) for r in regions], "per_region": per_region,
           "x_min": arr(t["x_min"].quantity.to_value("deg")), "x_max": arr(t["x_max"].quantity.to_value("deg")),
           "x_ref": arr(t["x_ref"].quantity.to_value("deg")),
           "e_min": arr(prof.energy_min.to_value("TeV")), "e_max": arr(prof.energy_max.to_value("TeV")),
           "e_ref": arr(prof.energy_ref.to_value("TeV")),
           "shape": list(np.asarray(tn["norm"]).shape)}
    for c in ["norm", "norm_err", "ts", "sqrt_ts", "npred", "npred_excess", "counts", "stat"]:
        res[c] = arr(tn[c])
    for c in ["flux", "flux_err"]:
        res[c] = arr(t[c].quantity.to_value("cm-2 s-1"))
    # the same with MIGRAD run to convergence (tol 1e-6): the best-fit norms without Minuit's stopping tolerance
    conv = FluxProfileEstimator(regions=regions, energy_edges=energy_edges, fit=Fit(optimize_opts={"tol": 1e-6})).run(ds3)
    tc = conv.to_table(sed_type="likelihood", format="profile")
    res["converged"] = {c: arr(tc[c]) for c in ["norm", "norm_err", "ts", "stat"]}
    res["success"] = [bool(x) for x in np.asarray(tn["success"]).ravel()]
    profiles[tag] = res
out["profile"] = {"start": [start.ra.deg, start.dec.deg], "end": [end.ra.deg, end.dec.deg], "height": 0.3,
                  "nbin": 8, "annulus": {"center": [83.633, 22.02], "radius_min": 0.05, "radius_max": 0.55, "nbin": 6},
                  "energy_edges": [1, 3, 10], **profiles}

path = os.path.join(here, "../../test/fixtures/estimators/profile-sensitivity.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
with open(path, "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out["sensitivity"]["default"])[:2000])
print({k: out["profile"]["rectangles"][k] for k in ["x_ref", "norm", "ts"]})
