#!/usr/bin/python3
"""Oracle for src/modeling/spectral-models.ts: Gammapy 1.0 spectral models (dnde, integral, energy_flux).

Writes test/fixtures/modeling/spectral_models.json with, per model: the default parameter specs, and for a few
parameter sets (canonical units: TeV, TeV-1, cm-2 s-1 TeV-1) the values at fixed energies and over fixed bins.
Also template, compound, scale and EBL absorption models (EBL tables from $GAMMAPY_DATA/ebl).
Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/spectral_models_reference.py test/fixtures/modeling
"""
import json
import os
import sys
import warnings

import astropy.units as u
import numpy as np
from gammapy.modeling.models import (
    BrokenPowerLawSpectralModel,
    CompoundSpectralModel,
    ConstantSpectralModel,
    EBLAbsorptionNormSpectralModel,
    ExpCutoffPowerLaw3FGLSpectralModel,
    ExpCutoffPowerLawSpectralModel,
    GaussianSpectralModel,
    LogParabolaNormSpectralModel,
    LogParabolaSpectralModel,
    PowerLaw2SpectralModel,
    PowerLawNormSpectralModel,
    PowerLawSpectralModel,
    ScaleSpectralModel,
    SmoothBrokenPowerLawSpectralModel,
    SuperExpCutoffPowerLaw3FGLSpectralModel,
    SuperExpCutoffPowerLaw4FGLDR3SpectralModel,
    SuperExpCutoffPowerLaw4FGLSpectralModel,
    TemplateSpectralModel,
)
import operator

warnings.simplefilter("ignore")
out_dir = sys.argv[1]

ENERGY = np.array([0.05, 0.3, 0.999, 1.0, 2.5, 10.0, 70.0])
E_MIN = np.array([0.1, 1.0, 0.5, 0.03])
E_MAX = np.array([1.0, 10.0, 50.0, 0.2])


def arr(x):
    return np.asarray(getattr(x, "value", x), dtype=float).ravel().tolist()


def spec(p):
    return {
        "name": p.name,
        "value": float(p.value),
        "unit": str(p.unit),
        "frozen": bool(p.frozen),
        "is_norm": bool(p.is_norm),
        "interp": p.interp,
        "min": None if np.isnan(p.min) else float(p.min),
        "max": None if np.isnan(p.max) else float(p.max),
    }


def values(model):
    e = ENERGY * u.TeV
    return {
        "dnde": arr(model(e)),
        "integral": arr(model.integral(E_MIN * u.TeV, E_MAX * u.TeV)),
        "energy_flux": arr(model.energy_flux(E_MIN * u.TeV, E_MAX * u.TeV)),
    }


def analytic(cls, param_sets):
    default = cls()
    cases = []
    for ps in param_sets:
        m = cls()
        for k, v in ps.items():
            m.parameters[k].value = v
        cases.append({"parameters": ps, **values(m)})
    return {"tag": cls.tag[0], "aliases": cls.tag[1:], "defaults": [spec(p) for p in default.parameters], "cases": cases}


result = {"energy": ENERGY.tolist(), "e_min": E_MIN.tolist(), "e_max": E_MAX.tolist(), "analytic": [], "other": {}}
A = result["analytic"]
A.append(analytic(PowerLaw2SpectralModel, [{}, {"index": 2.7, "amplitude": 3e-11, "emin": 0.3, "emax": 30}]))
A.append(analytic(ExpCutoffPowerLaw3FGLSpectralModel, [{}, {"index": 2.1, "amplitude": 2e-11, "reference": 0.7, "ecut": 3}]))
A.append(
    analytic(
        SuperExpCutoffPowerLaw3FGLSpectralModel,
        [{}, {"amplitude": 3e-12, "reference": 0.8, "ecut": 4, "index_1": 1.7, "index_2": 0.8}],
    )
)
A.append(
    analytic(
        SuperExpCutoffPowerLaw4FGLSpectralModel,
        [{}, {"amplitude": 4e-12, "reference": 0.5, "expfactor": 0.05, "index_1": 1.8, "index_2": 0.67}],
    )
)
# 4FGL-DR3: Gammapy 1.0 flips the sign of its series expansion for |index_2 ln(E/reference)| < 1e-2 (fixed later), so
# the cases keep the test energies outside that band (the TS test checks the band against the closed form).
A.append(
    analytic(
        SuperExpCutoffPowerLaw4FGLDR3SpectralModel,
        [
            {"reference": 0.7},
            {"amplitude": 4e-12, "reference": 0.5, "expfactor": 0.3, "index_1": 1.8, "index_2": 0.67},
            {"amplitude": 2e-11, "reference": 0.02, "expfactor": 0.6, "index_1": 1.9, "index_2": 2.0 / 3.0},
        ],
    )
)
A.append(analytic(BrokenPowerLawSpectralModel, [{}, {"index1": 1.6, "index2": 3.1, "amplitude": 5e-12, "ebreak": 0.999}]))
A.append(
    analytic(
        SmoothBrokenPowerLawSpectralModel,
        [
            {},
            {"index1": 1.6, "index2": 3.1, "amplitude": 5e-12, "ebreak": 2, "reference": 0.8, "beta": 2},
            {"index1": 3.0, "index2": 1.5, "amplitude": 5e-12, "ebreak": 2, "reference": 1, "beta": 1.5},
        ],
    )
)
A.append(analytic(ConstantSpectralModel, [{}, {"const": 3e-13}]))
A.append(
    analytic(
        PowerLawNormSpectralModel, [{}, {"norm": 1.3, "tilt": 0.3, "reference": 2}, {"norm": 0.7, "tilt": 1.0}, {"tilt": 2.0}]
    )
)
A.append(analytic(LogParabolaNormSpectralModel, [{}, {"norm": 1.2, "reference": 1, "alpha": 0.2, "beta": 0.1}]))
A.append(analytic(GaussianSpectralModel, [{}, {"amplitude": 2e-12, "mean": 3, "sigma": 1.5}, {"mean": 0.3, "sigma": 0.2}]))

O = result["other"]
# template: log-log interpolation with extrapolation
tpl_e = np.array([0.1, 0.3, 1.0, 3.0, 10.0, 30.0])
tpl_v = np.array([1e-10, 2e-11, 1.5e-12, 1e-13, 2e-15, 1e-17])
tpl = TemplateSpectralModel(energy=tpl_e * u.TeV, values=tpl_v * u.Unit("cm-2 s-1 TeV-1"))
O["template"] = {"energy": tpl_e.tolist(), "values": tpl_v.tolist(), "defaults": [spec(p) for p in tpl.parameters], **values(tpl)}
tpl.norm.value = 2.5
O["template_norm"] = {"norm": 2.5, **values(tpl)}
tpl_lin = TemplateSpectralModel(energy=tpl_e * u.TeV, values=tpl_v * u.Unit("cm-2 s-1 TeV-1"), interp_kwargs={"values_scale": "lin"})
O["template_lin"] = {"values_scale": "lin", **values(tpl_lin)}
tpl_fill = TemplateSpectralModel(
    energy=tpl_e * u.TeV, values=tpl_v * u.Unit("cm-2 s-1 TeV-1"), interp_kwargs={"fill_value": 0, "bounds_error": False}
)
O["template_fill0"] = {"fill_value": 0, **values(tpl_fill)}

# compound and scale
pl = PowerLawSpectralModel(index=2.3, amplitude="2e-12 cm-2 s-1 TeV-1", reference="1 TeV")
lp = LogParabolaSpectralModel(amplitude="1e-12 cm-2 s-1 TeV-1", reference="2 TeV", alpha=1.8, beta=0.2)
ecpl = ExpCutoffPowerLawSpectralModel(index=1.9, amplitude="3e-12 cm-2 s-1 TeV-1", reference="1 TeV", lambda_="0.2 TeV-1")
for name, op in [("add", operator.add), ("mul", operator.mul), ("sub", operator.sub)]:
    other = PowerLawNormSpectralModel(norm=1.5, tilt=0.2) if name == "mul" else lp
    c = CompoundSpectralModel(pl, other, op)
    O[f"compound_{name}"] = {"parameters": [p.name for p in c.parameters], **values(c)}
s = ScaleSpectralModel(ecpl, norm=1.7)
O["scale"] = {"parameters": [p.name for p in s.parameters], "norm": 1.7, **values(s)}

# EBL
data = os.environ["GAMMAPY_DATA"]
files = {"dominguez": "ebl_dominguez11.fits.gz", "franceschini": "ebl_franceschini.fits.gz", "finke": "frd_abs.fits.gz"}
ebl_energy = np.array([0.01, 0.05, 0.1, 0.3, 1.0, 3.0, 10.0, 30.0, 100.0, 300.0])
O["ebl_energy"] = ebl_energy.tolist()
for ref, fname in files.items():
    for z in (0.1, 0.3):
        for alpha in (1.0, 1.4):
            m = EBLAbsorptionNormSpectralModel.read_builtin(ref, redshift=z, alpha_norm=alpha)
            O[f"ebl_{ref}_z{z}_a{alpha}"] = {
                "file": fname,
                "redshift": z,
                "alpha_norm": alpha,
                "defaults": [spec(p) for p in EBLAbsorptionNormSpectralModel.read_builtin(ref).parameters],
                "dnde": arr(m(ebl_energy * u.TeV)),
            }
# absorbed power law (compound with EBL), integrals numeric
m = EBLAbsorptionNormSpectralModel.read_builtin("dominguez", redshift=0.2)
c = pl * m
O["ebl_absorbed_pl"] = {"file": files["dominguez"], "redshift": 0.2, **values(c)}

os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "spectral_models.json"), "w") as f:
    json.dump(result, f, indent=1)
print("wrote", os.path.join(out_dir, "spectral_models.json"))

# linear error propagation (SpectralModel.evaluate_error, epsilon 1e-4) for src/modeling/error-band.ts
band_energy = np.array([0.1, 0.5, 1.0, 2.0, 4.0, 20.0, 100.0])
band = {"energy": band_energy.tolist(), "cases": []}
pl = PowerLawSpectralModel(index=2.5, amplitude="3e-12 cm-2 s-1 TeV-1", reference="1 TeV")
cov_pl = np.zeros((3, 3))
cov_pl[0, 0] = 0.1**2
cov_pl[1, 1] = (3e-13) ** 2
cov_pl[0, 1] = cov_pl[1, 0] = 3e-12 * 0.1**2 * np.log(2.0)  # decorrelation energy 2 TeV
lp = LogParabolaSpectralModel(amplitude="2e-12 cm-2 s-1 TeV-1", reference="1 TeV", alpha=2.2, beta=0.15)
sa, sb, sc = 2e-13, 0.08, 0.04
corr = np.array([[1, 0.3, -0.2], [0.3, 1, -0.5], [-0.2, -0.5, 1]])
sig = np.array([sa, sb, sc])
cov_lp = np.zeros((4, 4))
idx = [0, 2, 3]
cov_lp[np.ix_(idx, idx)] = corr * np.outer(sig, sig)
for name, model, cov in [("PowerLawSpectralModel", pl, cov_pl), ("LogParabolaSpectralModel", lp, cov_lp)]:
    model.covariance = cov
    value, error = model.evaluate_error(band_energy * u.TeV)
    band["cases"].append(
        {
            "tag": name,
            "parameters": {p.name: float(p.value) for p in model.parameters},
            "covariance": cov.ravel().tolist(),
            "value": arr(value),
            "error": arr(error),
        }
    )
with open(os.path.join(out_dir, "spectral_error_band.json"), "w") as f:
    json.dump(band, f, indent=1)
print("wrote", os.path.join(out_dir, "spectral_error_band.json"))
