"""Gammapy 1.0 reference for a point-like 1D analysis of the MAGIC Crab runs (../shared/data/magic/rad_max):
PointSkyRegion ON region with RAD_MAX, WobbleRegionsFinder(3) OFF regions, aeff-max 10% safe mask, stacked PL fit.
Writes test/fixtures/spectrum/magic-pointlike.json."""
import json, os
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import PointSkyRegion
from gammapy.data import DataStore
from gammapy.maps import MapAxis, RegionGeom
from gammapy.datasets import SpectrumDataset, Datasets
from gammapy.makers import SpectrumDatasetMaker, ReflectedRegionsBackgroundMaker, SafeMaskMaker, WobbleRegionsFinder
from gammapy.modeling import Fit
from gammapy.modeling.models import SkyModel, PowerLawSpectralModel

here = os.path.dirname(__file__)
data = os.environ.get("GAMMAPY_DATA", os.path.join(here, "../../../shared/data"))
store = DataStore.from_dir(f"{data}/magic/rad_max/data")
observations = store.get_observations(required_irf="point-like")
target = SkyCoord(ra=83.633, dec=22.014, unit="deg", frame="icrs")
energy_axis = MapAxis.from_energy_bounds(0.05, 50, 5, per_decade=True, unit="TeV", name="energy")
energy_axis_true = MapAxis.from_energy_bounds(0.01, 100, 10, per_decade=True, unit="TeV", name="energy_true")
geom = RegionGeom.create(region=PointSkyRegion(target), axes=[energy_axis])
empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
maker = SpectrumDatasetMaker(containment_correction=False, selection=["counts", "exposure", "edisp"])
bkg = ReflectedRegionsBackgroundMaker(region_finder=WobbleRegionsFinder(n_off_regions=3))
safe = SafeMaskMaker(methods=["aeff-max"], aeff_percent=10)
runs, datasets = [], Datasets()
for obs in observations:
    d = maker.run(empty.copy(name=str(obs.obs_id)), obs)
    d = bkg.run(d, obs)
    d = safe.run(d, obs)
    datasets.append(d)
    runs.append({"obs_id": int(obs.obs_id), "counts": d.counts.data.ravel().tolist(), "counts_off": d.counts_off.data.ravel().tolist(),
                 "acceptance_off": d.acceptance_off.data.ravel().tolist(), "mask_safe": d.mask_safe.data.ravel().astype(int).tolist(),
                 "exposure_cm2s": d.exposure.quantity.to_value("cm2 s").ravel().tolist()})
stacked = datasets.stack_reduce()
model = PowerLawSpectralModel(index=2.6, amplitude="5e-11 cm-2 s-1 TeV-1")
stacked.models = [SkyModel(spectral_model=model, name="crab")]
r = Fit().run([stacked])
out = {"runs": runs, "fit": {"total_stat": float(r.total_stat), "parameters": {p.name: [float(p.value), float(p.error)] for p in model.parameters}}}
json.dump(out, open(os.path.join(here, "../../test/fixtures/spectrum/magic-pointlike.json"), "w"))
print(out["fit"])
