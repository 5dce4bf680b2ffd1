"""Gammapy 1.0 reference of PhaseBackgroundMaker. H.E.S.S. DR1 has no pulsar, so the Crab run 23523 gets a synthetic
PHASE column computed from TIME alone (the same doubles in both codes): u = frac(TIME / P), k = floor(TIME / P) with
P = 0.0893 s; every fourth period is "pulsed" (phase 0.5 + 0.1 u), the others uniform (phase u). ON region: the Crab
(0.11 deg); SpectrumDatasetMaker as crab-1d.yaml; PhaseBackgroundMaker with a wrapping OFF range and with several
ON ranges; then a WStat power-law fit of the first. Writes test/fixtures/phase/phase-background.json."""
import json, os
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion
from gammapy.data import DataStore
from gammapy.datasets import SpectrumDataset
from gammapy.makers import SpectrumDatasetMaker, PhaseBackgroundMaker
from gammapy.maps import MapAxis, RegionGeom
from gammapy.modeling import Fit
from gammapy.modeling.models import PowerLawSpectralModel, SkyModel

here = os.path.dirname(os.path.abspath(__file__))
data = os.environ.get("GAMMAPY_DATA", os.path.join(here, "../../../shared/data"))
obs = DataStore.from_dir(f"{data}/hess-dl3-dr1").obs(23523)
events = obs.events  # lazily read from the file: keep this copy and give it to the observation
t = events.table["TIME"].data.astype(np.float64)
PERIOD = 0.0893
k = np.floor(t / PERIOD)
frac = (t / PERIOD) % 1
events.table["PHASE"] = np.where(k % 4 == 0, 0.5 + 0.1 * frac, frac)
obs._events = events

geom = RegionGeom.create(region=CircleSkyRegion(SkyCoord(83.633, 22.014, unit="deg"), 0.11 * u.deg),
                         axes=[MapAxis.from_energy_bounds(0.5, 30, 20, unit="TeV")])
e_true = MapAxis.from_energy_bounds(0.1, 50, 40, unit="TeV", name="energy_true")
ds = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"]).run(
    SpectrumDataset.create(geom=geom, energy_axis_true=e_true, name="23523"), obs)
out = {"period": PERIOD, "obs_id": 23523, "cases": []}
for on, off in [((0.5, 0.6), (0.7, 0.3)), ([(0.1, 0.2), (0.5, 0.6)], (0.7, 1.0))]:
    d = PhaseBackgroundMaker(on_phase=on, off_phase=off).run(ds, obs)
    case = {"on": on, "off": off, "counts": d.counts.data.ravel().tolist(),
            "counts_off": d.counts_off.data.ravel().tolist(),
            "acceptance": d.acceptance.data.ravel().tolist(), "acceptance_off": d.acceptance_off.data.ravel().tolist()}
    if not out["cases"]:
        d.mask_fit = d.counts.geom.energy_mask(1 * u.TeV, 20 * u.TeV)
        model = PowerLawSpectralModel(index=2.6, amplitude="5e-11 cm-2 s-1 TeV-1")
        d.models = [SkyModel(spectral_model=model, name="psr")]
        r = Fit().run([d])
        case["fit"] = {"total_stat": r.total_stat, "index": model.index.value, "index_err": model.index.error,
                       "amplitude": model.amplitude.value, "amplitude_err": model.amplitude.error}
    out["cases"].append(case)
    print(on, off, d.counts.data.sum(), d.counts_off.data.sum(), d.alpha.data.ravel()[0])
path = os.path.join(here, "../../test/fixtures/phase/phase-background.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
json.dump(out, open(path, "w"))
print(out["cases"][0].get("fit"))
