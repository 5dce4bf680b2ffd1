#!/usr/bin/python3
"""Oracle for src/irf: Gammapy 1.0 IRF evaluation on the real H.E.S.S., MAGIC, VERITAS and CTA files.

Writes test/fixtures/irf/gammapy-irf.json (values at sample points, including those of a small
King PSF written by Gammapy, since no data file has one).
Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/irf_reference.py test/fixtures/irf
"""
import json, tempfile, os, sys, warnings
import numpy as np
import astropy.units as u
from astropy.io import fits
from gammapy.irf import (EffectiveAreaTable2D, EnergyDispersion2D, PSF3D, EnergyDependentMultiGaussPSF, PSFKing,
                         Background3D, RadMax2D)
from gammapy.maps import MapAxis

warnings.simplefilter("ignore")
out_dir = sys.argv[1]
data = os.environ["GAMMAPY_DATA"]
rng = np.random.default_rng(7)


def arr(x):
    return np.asarray(getattr(x, "value", x), dtype=float).ravel().tolist()


def energies(lo, hi, n=40):
    e = np.exp(rng.uniform(np.log(lo) - 0.5, np.log(hi) + 0.5, n))
    return e


result = {}


def aeff_case(key, path, hdu):
    aeff = EffectiveAreaTable2D.read(path, hdu=hdu)
    ax = aeff.axes
    e = energies(ax["energy_true"].edges[0].value, ax["energy_true"].edges[-1].value)
    o = rng.uniform(0, ax["offset"].edges[-1].value * 1.2, e.size)
    result[key] = {"file": path.replace(data + "/", ""), "hdu": hdu, "energy_true": arr(e), "offset": arr(o),
                   "value": arr(aeff.evaluate(energy_true=e * u.TeV, offset=o * u.deg))}


def edisp_case(key, path, hdu):
    edisp = EnergyDispersion2D.read(path, hdu=hdu)
    ax = edisp.axes
    e = energies(ax["energy_true"].edges[0].value, ax["energy_true"].edges[-1].value, 60)
    m = rng.uniform(0.2, 3, e.size)
    o = rng.uniform(0, ax["offset"].edges[-1].value * 1.2, e.size)
    off = float(ax["offset"].center[len(ax["offset"].center) // 2].value) + 0.013
    e_true = MapAxis.from_energy_bounds(0.1, 50, 24, name="energy_true", unit="TeV")
    e_reco = MapAxis.from_energy_bounds(0.2, 30, 15, unit="TeV")
    kernel = edisp.to_edisp_kernel(offset=off * u.deg, energy_true=e_true.edges, energy=e_reco.edges)
    result[key] = {"file": path.replace(data + "/", ""), "hdu": hdu, "energy_true": arr(e), "migra": arr(m), "offset": arr(o),
                   "value": arr(edisp.evaluate(energy_true=e * u.TeV, migra=m, offset=o * u.deg)),
                   "kernel": {"offset": off, "energy_true_edges": arr(e_true.edges), "energy_edges": arr(e_reco.edges),
                              "data": arr(kernel.data)}}


def psf_case(key, path, hdu, cls):
    psf = cls.read(path, hdu=hdu)
    ax = psf.axes
    e = energies(ax["energy_true"].edges[0].value, ax["energy_true"].edges[-1].value, 40)
    o = rng.uniform(0, ax["offset"].edges[-1].value * 1.1, e.size)
    r = rng.uniform(0, 0.4, e.size)
    e2, o2 = e[:12], o[:12]
    result[key] = {"file": path.replace(data + "/", ""), "hdu": hdu, "energy_true": arr(e), "offset": arr(o), "rad": arr(r),
                   "value": arr(psf.evaluate(energy_true=e * u.TeV, offset=o * u.deg, rad=r * u.deg).to("sr-1")),
                   "containment": arr(psf.containment(energy_true=e * u.TeV, offset=o * u.deg, rad=r * u.deg)),
                   "r68": {"energy_true": arr(e2), "offset": arr(o2),
                           "value": arr(psf.containment_radius(0.68, energy_true=e2 * u.TeV, offset=o2 * u.deg).to("deg"))}}


def bkg_case(key, path, hdu):
    bkg = Background3D.read(path, hdu=hdu)
    ax = bkg.axes
    e = energies(ax["energy"].edges[0].value, ax["energy"].edges[-1].value, 40)
    lon = rng.uniform(-3, 3, e.size)
    lat = rng.uniform(-3, 3, e.size)
    edges = np.geomspace(0.5, 20, 9)
    lon2, lat2 = lon[:10], lat[:10]
    integ = bkg.integrate_log_log(axis_name="energy", energy=edges[:, None] * u.TeV, fov_lon=lon2 * u.deg, fov_lat=lat2 * u.deg)
    result[key] = {"file": path.replace(data + "/", ""), "hdu": hdu, "energy": arr(e), "fov_lon": arr(lon), "fov_lat": arr(lat),
                   "value": arr(bkg.evaluate(energy=e * u.TeV, fov_lon=lon * u.deg, fov_lat=lat * u.deg)), "unit": str(bkg.unit),
                   "integral": {"edges": arr(edges), "fov_lon": arr(lon2), "fov_lat": arr(lat2),
                                "value": arr(integ.to("s-1 sr-1").T)}}


def radmax_case(key, path, hdu):
    if hdu == "from_aeff":
        rm = RadMax2D.from_irf(EffectiveAreaTable2D.read(path, hdu="EFFECTIVE AREA"))
    else:
        rm = RadMax2D.read(path, hdu=hdu)
    e = energies(0.03, 50, 30)
    o = rng.uniform(0, 1.5, e.size)
    result[key] = {"file": path.replace(data + "/", ""), "hdu": hdu, "energy": arr(e), "offset": arr(o),
                   "value": arr(rm.evaluate(energy=e * u.TeV, offset=o * u.deg))}


hess = f"{data}/hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz"
magic = f"{data}/magic/rad_max/data/20131004_05029747_DL3_CrabNebula-W0.40+035.fits"
veritas = f"{data}/veritas/crab-point-like-ED/64080.fits.gz"
cta = f"{data}/cta-caldb/Prod5-South-20deg-AverageAz-14MSTs37SSTs.180000s-v0.1.fits.gz"
aeff_case("hess_aeff", hess, "AEFF")
aeff_case("magic_aeff", magic, "EFFECTIVE AREA")
aeff_case("veritas_aeff", veritas, "EFFECTIVE AREA")
aeff_case("cta_aeff", cta, "EFFECTIVE AREA")
edisp_case("hess_edisp", hess, "EDISP")
edisp_case("magic_edisp", magic, "ENERGY DISPERSION")
edisp_case("veritas_edisp", veritas, "ENERGY DISPERSION")
edisp_case("cta_edisp", cta, "ENERGY DISPERSION")
psf_case("hess_psf", hess, "PSF", PSF3D)
psf_case("cta_psf", cta, "POINT SPREAD FUNCTION", EnergyDependentMultiGaussPSF)
bkg_case("hess_bkg", hess, "BKG")
bkg_case("cta_bkg", cta, "BACKGROUND")
radmax_case("magic_rad_max", magic, "RAD_MAX")
radmax_case("veritas_rad_max", veritas, "from_aeff")

# A small King PSF written by Gammapy (no data file has one)
e_axis = MapAxis.from_energy_bounds(0.1, 100, 5, name="energy_true", unit="TeV")
o_axis = MapAxis.from_bounds(0, 4, 3, name="offset", unit="deg")
dtype = {"names": ["gamma", "sigma"], "formats": [np.float32, np.float32]}
pars = np.empty((5, 3), dtype=dtype)
pars["gamma"] = np.linspace(1.6, 2.4, 15).reshape(5, 3)
pars["sigma"] = np.linspace(0.03, 0.12, 15).reshape(5, 3)[::-1]
king = PSFKing(axes=[e_axis, o_axis], data=pars, unit={"gamma": u.Unit(""), "sigma": u.deg})
# written to a temporary file only: test/irf/gammapy-irf.test.ts rebuilds the same table, so no IRF file is tracked
king_path = os.path.join(tempfile.mkdtemp(), "psf_king.fits")
king.write(king_path, overwrite=True)
psf_case("king_psf", king_path, "PSF_2D_KING", PSFKing)
result["king_psf"]["file"] = "FIXTURE:psf_king.fits"
json.dump(result, open(os.path.join(out_dir, "gammapy-irf.json"), "w"))
