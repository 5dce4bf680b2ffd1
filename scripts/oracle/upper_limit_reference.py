"""Gammapy 1.0 reference of an upper limit at a position without a source: 1D on-off analysis of the four H.E.S.S.
Crab runs at (84.2, 22.6) deg (r = 0.11 deg), reflected regions avoiding the Crab (exclusion 0.3 deg), aeff-default
safe mask, stacked; PowerLaw(index 2) norm fitted in 1-10 TeV with the flux-point estimator (UL at 2 sigma).
Writes test/fixtures/spectrum/upper-limit.json."""
import json, os
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion
from gammapy.data import DataStore
from gammapy.maps import MapAxis, RegionGeom, WcsGeom
from gammapy.datasets import SpectrumDataset, Datasets
from gammapy.makers import SpectrumDatasetMaker, ReflectedRegionsBackgroundMaker, SafeMaskMaker
from gammapy.modeling.models import SkyModel, PowerLawSpectralModel
from gammapy.estimators import FluxPointsEstimator

here = os.path.dirname(__file__)
data = os.environ.get("GAMMAPY_DATA", os.path.join(here, "../../../shared/data"))
store = DataStore.from_dir(f"{data}/hess-dl3-dr1")
obs = store.get_observations([23523, 23526, 23559, 23592])
region = CircleSkyRegion(SkyCoord(84.2, 22.6, unit="deg"), 0.11 * u.deg)
e = MapAxis.from_energy_bounds(0.5, 30, 20, unit="TeV")
et = MapAxis.from_energy_bounds(0.1, 50, 40, unit="TeV", name="energy_true")
geom = RegionGeom.create(region=region, axes=[e])
excl_geom = WcsGeom.create(skydir=SkyCoord(83.633, 22.014, unit="deg"), width=6 * u.deg, binsz=0.02)
exclusion = ~excl_geom.region_mask([CircleSkyRegion(SkyCoord(83.633, 22.014, unit="deg"), 0.3 * u.deg)])
maker = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"])
bkg = ReflectedRegionsBackgroundMaker(exclusion_mask=exclusion)
safe = SafeMaskMaker(methods=["aeff-default"])
ds = Datasets()
for o in obs:
    d = maker.run(SpectrumDataset.create(geom=geom, energy_axis_true=et, name=str(o.obs_id)), o)
    ds.append(safe.run(bkg.run(d, o), o))
st = ds.stack_reduce()
st.models = [SkyModel(spectral_model=PowerLawSpectralModel(index=2, amplitude="1e-12 cm-2 s-1 TeV-1"), name="src")]
fp = FluxPointsEstimator(energy_edges=[1, 10] * u.TeV, source="src", selection_optional=["ul"]).run([st])
t = fp.to_table(sed_type="flux", formatted=False)
info = st.info_dict()
out = {"counts": float(info["counts"]), "counts_off": float(info["counts_off"]), "excess": float(info["excess"]),
       "flux_ul": float(t["flux_ul"][0]), "ts": float(t["ts"][0]), "norm_ul": float(fp.norm_ul.data.ravel()[0])}
json.dump(out, open(os.path.join(here, "../../test/fixtures/spectrum/upper-limit.json"), "w"))
print(out)
