"""Gammapy 1.0 reference for temporal models in dataset predictions: the H.E.S.S. run 23523 OGIP fixture (one GTI,
2004-12-04 22:08-22:36 TT) with a power law times a Gaussian / exponential-decay / linear temporal model: predicted
signal counts per bin and the WStat statistic. Writes test/fixtures/joint/temporal.json.
Run: /usr/bin/python3 scripts/oracle/temporal_npred_reference.py"""
import json, os
import numpy as np
import astropy.units as u
from astropy.time import Time
from gammapy.datasets import SpectrumDatasetOnOff
from gammapy.modeling.models import (SkyModel, PowerLawSpectralModel, GaussianTemporalModel, ExpDecayTemporalModel,
                                     LinearTemporalModel)

HERE = os.path.dirname(os.path.abspath(__file__))
d = SpectrumDatasetOnOff.read(os.path.join(HERE, "..", "..", "test", "fixtures", "datasets", "gammapy-ogip",
                                           "pha_obs23523.fits.gz"))
t_mid = 53343.932
cases = {
    "gaussian": GaussianTemporalModel(t_ref=t_mid * u.d, sigma=0.004 * u.d),
    "expdecay": ExpDecayTemporalModel(t0=0.01 * u.d, t_ref=53343.92 * u.d),
    "linear": LinearTemporalModel(alpha=1.0, beta=20.0 / u.d, t_ref=53343.92 * u.d),
}
out = {"gti_mjd": [float(d.gti.time_start.mjd[0]), float(d.gti.time_stop.mjd[0])]}
for name, temporal in cases.items():
    model = SkyModel(spectral_model=PowerLawSpectralModel(index=2.6, amplitude="4e-11 cm-2 s-1 TeV-1"),
                     temporal_model=temporal, name="src")
    d.models = [model]
    out[name] = {
        "temporal": temporal.to_dict(),
        "norm": float(np.sum(temporal.integral(d.gti.time_start, d.gti.time_stop))),
        "npred_signal": [float(x) for x in d.npred_signal().data.ravel()],
        "stat_sum": float(d.stat_sum()),
    }
d.models = [SkyModel(spectral_model=PowerLawSpectralModel(index=2.6, amplitude="4e-11 cm-2 s-1 TeV-1"), name="src")]
out["constant"] = {"npred_signal": [float(x) for x in d.npred_signal().data.ravel()], "stat_sum": float(d.stat_sum())}
with open(os.path.join(HERE, "..", "..", "test", "fixtures", "joint", "temporal.json"), "w") as f:
    json.dump(out, f, indent=1)
print("wrote temporal.json")
