#!/usr/bin/python3
"""Oracle for the 3D safe masks (gammats makeMapSafeMask): Gammapy 1.0's MapDatasetMaker + SafeMaskMaker on H.E.S.S.
DR1 runs, each reduced on a 5 deg cutout (around its pointing, mode "trim", as DatasetsMaker) of a 6 deg x 6 deg
geometry at 0.05 deg centred on the target, 0.1-100 TeV in 24 reco bins, 0.05-200 TeV in 48 true bins. For each run
and each method (alone, with the background-validity mask Gammapy always applies) and for all methods combined, and
for variants of the parameters (position, fixed_offset, aeff_percent, bias_percent, offset_max), the mask's SHA-256
(uint8, C order [energy][lat][lon]) and its number of safe pixels per energy bin: equal digests mean the masks are
equal pixel by pixel.

Usage: /usr/bin/python3 scripts/oracle/safe_mask_3d_reference.py > test/fixtures/safe-mask/hess-3d.json
"""
import hashlib, json, os, sys, warnings
warnings.simplefilter("ignore")
import logging
logging.disable(logging.WARNING)
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord, Angle
from gammapy.data import DataStore
from gammapy.datasets import MapDataset
from gammapy.makers import MapDatasetMaker, SafeMaskMaker
from gammapy.maps import MapAxis, WcsGeom

DATA = os.environ.get("GAMMAPY_DATA", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "data"))
OBS_IDS = [23523, 23526, 23559, 23592, 20136, 33791]
store = DataStore.from_dir(os.path.join(DATA, "hess-dl3-dr1"))
energy = MapAxis.from_energy_bounds(0.1, 100, 24, unit="TeV", name="energy")
energy_true = MapAxis.from_energy_bounds(0.05, 200, 48, unit="TeV", name="energy_true")

VARIANTS = [
    ("aeff-default", {}),
    ("aeff-max", {}),
    ("edisp-bias", {}),
    ("offset-max", {}),
    ("bkg-peak", {}),
    ("all", {}),
    ("aeff-max", {"aeff_percent": 20, "fixed_offset": 0.7}),
    ("aeff-max", {"aeff_percent": 5, "position": "target"}),
    ("edisp-bias", {"bias_percent": 5, "fixed_offset": 0.7}),
    ("edisp-bias", {"bias_percent": 20, "position": "target"}),
    ("offset-max", {"offset_max": 1.5}),
]
METHODS = ["aeff-default", "aeff-max", "edisp-bias", "offset-max", "bkg-peak"]


def mask_info(mask):
    m = np.ascontiguousarray(np.asarray(mask, dtype=np.uint8))
    return {"sha256": hashlib.sha256(m.tobytes()).hexdigest()[:16], "per_energy": [int(x) for x in m.reshape(m.shape[0], -1).sum(axis=1)]}


runs = []
maker = MapDatasetMaker()
for obs_id in OBS_IDS:
    obs = store.obs(obs_id)
    target = SkyCoord(obs.obs_info["RA_OBJ"], obs.obs_info["DEC_OBJ"], unit="deg", frame="icrs")
    geom = WcsGeom.create(skydir=target, binsz=0.05, width=6 * u.deg, frame="icrs", proj="CAR", axes=[energy])
    reference = MapDataset.create(geom, energy_axis_true=energy_true, binsz_irf=0.2, name=str(obs_id))
    cutout = reference.cutout(position=obs.pointing_radec, width=5 * u.deg, mode="trim")
    dataset = maker.run(cutout, obs)
    w = dataset.counts.geom.wcs.wcs
    run = {
        "obs_id": obs_id,
        "target": [float(target.ra.deg), float(target.dec.deg)],
        "cutout": {"npix": [int(dataset.counts.geom.npix[0][0]), int(dataset.counts.geom.npix[1][0])], "crpix": [float(x) for x in w.crpix]},
        "lo_thres": obs.aeff.meta.get("LO_THRES"),
        "hi_thres": obs.aeff.meta.get("HI_THRES"),
        "variants": [],
    }
    for method, params in VARIANTS:
        kwargs = dict(params)
        if kwargs.get("position") == "target":
            kwargs["position"] = target
        if "fixed_offset" in kwargs:
            kwargs["fixed_offset"] = Angle(kwargs["fixed_offset"], "deg")
        if "offset_max" in kwargs:
            kwargs["offset_max"] = Angle(kwargs["offset_max"], "deg")
        d = dataset.copy(name=str(obs_id))
        d.mask_safe = None
        methods = METHODS if method == "all" else [method]
        d = SafeMaskMaker(methods=methods, **kwargs).run(d, obs)
        run["variants"].append({"methods": methods, "params": params, **mask_info(d.mask_safe.data)})
    runs.append(run)

json.dump({"geom": {"binsz": 0.05, "width": 6, "cutout_width": 5, "energy": [0.1, 100, 24], "energy_true": [0.05, 200, 48], "binsz_irf": 0.2},
           "runs": runs}, sys.stdout, indent=1)
