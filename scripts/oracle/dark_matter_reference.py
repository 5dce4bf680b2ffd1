"""Gammapy 1.0 reference of gammapy.astro.darkmatter: profiles (values, scaling to the local density, integrals of
rho^2), J-factor maps (the astro_dark_matter tutorial's Galactic-centre NFW map and its 1-deg total; small maps for
every profile), PPPC4DMID primary fluxes (nearest mass, all channel spellings), DarkMatterAnnihilationSpectralModel
(values, integrals, YAML), and upper limits on <sigma v> versus mass from the stacked 1D on-off dataset of
upper_limit_reference.py (four H.E.S.S. Crab-field runs at a position without a source), with ParameterEstimator's
2-sigma UL on `scale`.
Gammapy 1.0 looks for $GAMMAPY_DATA/dark_matter_spectra/AtProduction_gammas.dat; the shared data keeps it under
PPPC4DMID/, so a temporary GAMMAPY_DATA with links is laid out. Writes test/fixtures/darkmatter/darkmatter.json."""
import json, os, tempfile
import numpy as np

here = os.path.dirname(os.path.abspath(__file__))
data = os.path.abspath(os.environ.get("GAMMAPY_DATA", os.path.join(here, "../../../shared/data")))
tmp = tempfile.mkdtemp()
os.makedirs(f"{tmp}/dark_matter_spectra")
os.symlink(f"{data}/dark_matter_spectra/PPPC4DMID/AtProduction_gammas.dat",
           f"{tmp}/dark_matter_spectra/AtProduction_gammas.dat")
os.symlink(f"{data}/hess-dl3-dr1", f"{tmp}/hess-dl3-dr1")
os.environ["GAMMAPY_DATA"] = tmp

import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion
from gammapy.astro.darkmatter import DarkMatterAnnihilationSpectralModel, JFactory, PrimaryFlux, profiles
from gammapy.maps import WcsGeom, MapAxis, RegionGeom
from gammapy.data import DataStore
from gammapy.datasets import Datasets, SpectrumDataset
from gammapy.makers import SpectrumDatasetMaker, ReflectedRegionsBackgroundMaker, SafeMaskMaker
from gammapy.modeling.models import SkyModel, Models
from gammapy.estimators.parameter import ParameterEstimator

out = {}
CLASSES = [profiles.NFWProfile, profiles.EinastoProfile, profiles.IsothermalProfile, profiles.BurkertProfile,
           profiles.MooreProfile]

# profiles with the default constants (0.3 GeV/cm3 at 8.33 kpc)
radii = np.logspace(-3, 2, 11) * u.kpc
prof = {}
for cls in CLASSES:
    p = cls()
    p.scale_to_local_density()
    prof[cls.__name__] = {
        "r_s_kpc": p.parameters["r_s"].quantity.to_value("kpc"),
        "rho_s": p.parameters["rho_s"].quantity.to_value("GeV cm-3"),
        "radii_kpc": radii.value.tolist(),
        "rho": p(radii).to_value("GeV cm-3").tolist(),
        "integrals": [
            {"rmin_kpc": a, "rmax_kpc": b, "value": p.integral(a * u.kpc, b * u.kpc).to_value("GeV2 cm-5")}
            for a, b in [(0.01, 8.33), (0.1, 1.0), (1.0, 100.0), (0.005, 0.006)]
        ],
    }
    if cls is profiles.EinastoProfile:
        prof[cls.__name__]["alpha"] = float(p.parameters["alpha"].value)
out["profiles"] = prof

# the tutorial: NFW, H.E.S.S. constants (8.5 kpc, 0.39 GeV/cm3), 3 deg map around the Galactic centre
profiles.DMProfile.DISTANCE_GC = 8.5 * u.kpc
profiles.DMProfile.LOCAL_DENSITY = 0.39 * u.Unit("GeV / cm3")
nfw = profiles.NFWProfile()
nfw.scale_to_local_density()
position = SkyCoord(0.0, 0.0, frame="galactic", unit="deg")
geom = WcsGeom.create(binsz=0.05, skydir=position, width=3.0, frame="galactic")
jfact = JFactory(geom=geom, profile=nfw, distance=profiles.DMProfile.DISTANCE_GC).compute_jfactor()
sky_reg = CircleSkyRegion(center=position, radius=1 * u.deg)
pix_reg = sky_reg.to_pixel(wcs=geom.wcs)
total = pix_reg.to_mask().multiply(jfact).sum()
mask = geom.region_mask([sky_reg])
channel, mass = "Z", 10 * u.TeV
diff_flux = DarkMatterAnnihilationSpectralModel(mass=mass, channel=channel)
int_flux = (jfact * diff_flux.integral(energy_min=0.1 * u.TeV, energy_max=10 * u.TeV)).to("cm-2 s-1")
out["tutorial"] = {
    "rho_s": nfw.parameters["rho_s"].quantity.to_value("GeV cm-3"),
    "shape": list(jfact.shape),
    "jfactor": jfact.to_value("GeV2 cm-5").ravel().tolist(),
    "total_1deg_regions": float(total.to_value("GeV2 cm-5")),
    "total_1deg_region_mask": float(jfact.to_value("GeV2 cm-5")[mask.data].sum()),
    "int_flux_total": float(int_flux.value.sum()),
    "int_flux_max": float(int_flux.value.max()),
}
print("tutorial J in 1 deg:", total)

# small maps for every profile (same constants), 0.2 deg pixels over 2 deg
small = WcsGeom.create(binsz=0.2, skydir=position, width=2.0, frame="galactic")
maps = {}
for cls in CLASSES:
    p = cls()
    p.scale_to_local_density()
    f = JFactory(geom=small, profile=p, distance=profiles.DMProfile.DISTANCE_GC)
    maps[cls.__name__] = {
        "differential": f.compute_differential_jfactor().to_value("GeV2 cm-5 sr-1").ravel().tolist(),
        "jfactor": f.compute_jfactor().to_value("GeV2 cm-5").ravel().tolist(),
    }
out["jfactor_maps"] = {"distance_kpc": 8.5, "local_density": 0.39, "binsz": 0.2, "width": 2.0, "maps": maps}

# primary fluxes: nearest mass, dN/dE at energies up to 1.5 m
flux = []
for m, ch in [("1 TeV", "eL"), ("10 TeV", "Z"), ("100 GeV", "b"), ("523 GeV", "tau"), ("50 TeV", "W"),
              ("3 TeV", "mu"), ("200 GeV", "gamma"), ("10 TeV", "h"), ("5 TeV", "nu_mu"), ("2 TeV", "V->tau"),
              ("7 GeV", "b"), ("100 TeV", "t")]:
    pf = PrimaryFlux(mDM=m, channel=ch)
    mdm = pf.mDM.to_value("TeV")
    e = np.geomspace(mdm * 1e-5, mdm * 1.5, 60) * u.TeV
    flux.append({"mass": m, "channel": ch, "mass_tev": mdm, "energy_tev": e.value.tolist(),
                 "dnde_per_tev": pf.table_model(e).to_value("TeV-1").tolist()})
out["primary_flux"] = flux

# annihilation model: values, integrals, YAML
models = []
for kw in [dict(mass=10 * u.TeV, channel="Z"),
           dict(mass=5000 * u.GeV, channel="b", jfactor=3.41e19 * u.Unit("GeV2 cm-5"), z=0.5, k=4, scale=2.5)]:
    m = DarkMatterAnnihilationSpectralModel(**kw)
    e = np.geomspace(0.01, 20, 40) * u.TeV
    # a dimensionless jfactor (the default 1) stands for 1 GeV2 cm-5
    j = 1 if m.jfactor.unit.is_equivalent("GeV2 cm-5") else u.Unit("GeV2 cm-5")
    models.append({
        "kwargs": {k: (v.to_value("TeV") if k == "mass" else v.value if hasattr(v, "unit") else v) for k, v in kw.items()},
        "energy_tev": e.value.tolist(),
        "dnde": (m(e) * j).to("cm-2 s-1 TeV-1").value.tolist(),
        "integral_0p1_10": float((m.integral(0.1 * u.TeV, 10 * u.TeV) * j).to_value("cm-2 s-1")),
        "dict": m.to_dict(),
        "yaml": Models([SkyModel(spectral_model=m, name="dm")]).to_yaml() if j == 1 else None,
    })
out["annihilation"] = models

# upper limits on <sigma v> versus mass at a position without a source: the reduction of upper_limit_reference.py
# (the four H.E.S.S. Crab runs at (84.2, 22.6) deg, r = 0.11 deg, reflected regions avoiding the Crab, aeff-default
# safe mask, stacked)
store = DataStore.from_dir(f"{tmp}/hess-dl3-dr1")
observations = store.get_observations([23523, 23526, 23559, 23592])
on = CircleSkyRegion(SkyCoord(84.2, 22.6, unit="deg"), 0.11 * u.deg)
e_reco = MapAxis.from_energy_bounds(0.5, 30, 20, unit="TeV")
e_true = MapAxis.from_energy_bounds(0.1, 50, 40, unit="TeV", name="energy_true")
geom = RegionGeom.create(region=on, axes=[e_reco])
excl_geom = WcsGeom.create(skydir=SkyCoord(83.633, 22.014, unit="deg"), width=6 * u.deg, binsz=0.02)
exclusion = ~excl_geom.region_mask([CircleSkyRegion(SkyCoord(83.633, 22.014, unit="deg"), 0.3 * u.deg)])
maker = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"])
bkg_maker = ReflectedRegionsBackgroundMaker(exclusion_mask=exclusion)
safe = SafeMaskMaker(methods=["aeff-default"])
runs = Datasets()
for o in observations:
    d = maker.run(SpectrumDataset.create(geom=geom, energy_axis_true=e_true, name=str(o.obs_id)), o)
    runs.append(safe.run(bkg_maker.run(d, o), o))
ds = runs.stack_reduce()
info = ds.info_dict()
jfactor = 1e21 * u.Unit("GeV2 cm-5")  # of the order of the Galactic centre's (so that scale ~ 1 is in range)
limits = []
for ch in ["b", "tau"]:
    for m in [1, 2, 5, 10, 20, 50, 100]:
        model = DarkMatterAnnihilationSpectralModel(mass=m * u.TeV, channel=ch, jfactor=jfactor)
        ds.models = [SkyModel(spectral_model=model, name="dm")]
        est = ParameterEstimator(n_sigma_ul=2, selection_optional=["ul"], reoptimize=False)
        r = est.run([ds], parameter=model.scale)
        limits.append({"channel": ch, "mass_tev": m, "scale": float(r["scale"]), "scale_err": float(r["scale_err"]),
                       "scale_ul": float(r["scale_ul"]), "ts": float(r["ts"]),
                       "sigmav_ul": float(r["scale_ul"] * 3e-26)})
        print(ch, m, r["scale"], r["scale_err"], r["scale_ul"], r["ts"])
out["upper_limits"] = {
    "jfactor": 1e21,
    "counts": float(info["counts"]), "counts_off": float(info["counts_off"]), "alpha": float(info["alpha"]),
    "excess": float(info["excess"]), "limits": limits,
}

path = os.path.join(here, "../../test/fixtures/darkmatter/darkmatter.json")
os.makedirs(os.path.dirname(path), exist_ok=True)
json.dump(out, open(path, "w"))
print("wrote", path)
