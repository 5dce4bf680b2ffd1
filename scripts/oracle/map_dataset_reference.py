#!/usr/bin/python3
"""Oracle for the 3D data reduction (gammats makeMapDataset / stackMapDatasetParts / FoV background): Gammapy 1.0's
Analysis on ../shared/reference/crab-3d.yaml (four H.E.S.S. DR1 Crab runs, MapDatasetMaker + SafeMaskMaker offset-max
+ FoVBackgroundMaker scale with the Crab exclusion mask, cut out around each pointing and stacked), written as sums per
energy slice, sampled pixels, the non-zero counts voxels, the IRF-map exposures, and the PSF / EDisp kernels at the
Crab position. The per-run datasets (before stacking) are summarised too, with their FoV background norms.

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/map_dataset_reference.py \
         > test/fixtures/map-dataset/crab-3d.json
"""
import json, os, sys, time, warnings
warnings.simplefilter("ignore")
import logging
logging.disable(logging.WARNING)
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.makers import DatasetsMaker

HERE = os.path.dirname(os.path.abspath(__file__))
CONFIG = os.path.join(HERE, "..", "..", "..", "shared", "reference", "crab-3d.yaml")
CRAB = SkyCoord(83.633, 22.014, unit="deg", frame="icrs")
rng = np.random.default_rng(12345)


def fl(a):
    return [float(x) for x in np.asarray(a, dtype=float).ravel()]


def samples(m, n=300):
    flat = np.asarray(m.data, dtype=float).ravel()
    idx = np.sort(rng.choice(flat.size, size=min(n, flat.size), replace=False))
    return {"index": [int(i) for i in idx], "value": fl(flat[idx])}


def slice_sums(m):
    d = np.asarray(m.data, dtype=float)
    return fl(d.reshape(d.shape[0], -1).sum(axis=1)) if d.ndim == 3 else fl(d.reshape(-1, d.shape[-2] * d.shape[-1]).sum(axis=1))


def kmap_npix(m):
    return [int(np.ravel(m.geom.npix[0])[0]), int(np.ravel(m.geom.npix[1])[0])]


def geom_info(g):
    w = g.wcs.wcs
    return {"npix": [int(g.npix[0][0]) if np.ndim(g.npix[0]) else int(g.npix[0]), int(g.npix[1][0]) if np.ndim(g.npix[1]) else int(g.npix[1])],
            "crpix": fl(w.crpix), "crval": fl(w.crval), "cdelt": fl(w.cdelt), "data_shape": [int(s) for s in g.data_shape]}


cfg = AnalysisConfig.read(CONFIG)
a = Analysis(cfg)
a.get_observations()
t0 = time.perf_counter()
a.get_datasets()
t_datasets = time.perf_counter() - t0
ds = a.datasets[0]

# per-run datasets, as the Analysis makes them before stacking
ref = a._create_reference_dataset(name="stacked")
makers = [m for m in [a._create_dataset_maker(), a._create_safe_mask_maker(), a._create_background_maker()] if m is not None]
offset_max = cfg.datasets.geom.selection.offset_max
runs = DatasetsMaker(makers, stack_datasets=False, cutout_mode="trim", cutout_width=2 * offset_max).run(ref, a.observations)
per_run = []
for obs, d in zip(a.observations, runs):
    bkg_model = d.models[f"{d.name}-bkg"].spectral_model
    per_run.append({
        "obs_id": int(obs.obs_id),
        "geom": geom_info(d.counts.geom),
        "geom_irf": geom_info(d.psf.psf_map.geom),
        "livetime_s": float(obs.observation_live_time_duration.to_value("s")),
        "ontime_s": float(obs.observation_time_duration.to_value("s")),
        "norm": float(bkg_model.norm.value),
        "norm_error": float(bkg_model.norm.error),
        "counts_slices": slice_sums(d.counts),
        "background_slices": slice_sums(d.background),
        "exposure_slices": slice_sums(d.exposure),
        "mask_safe_sum": int(d.mask_safe.data.sum()),
        "exposure_samples": samples(d.exposure, 100),
        "background_samples": samples(d.background, 100),
        "psf_exposure": fl(d.psf.exposure_map.data),
        "psf_samples": samples(d.psf.psf_map, 100),
        "edisp_samples": samples(d.edisp.edisp_map, 100),
    })

# background of run 23523 with its model taken as ALTAZ-aligned (Gammapy's sky_to_fov in AltAz at mid-observation)
from gammapy.irf import FoVAlignment
from gammapy.makers import MapDatasetMaker
obs = a.observations[0]
import copy
bkg_altaz = copy.deepcopy(obs.bkg)
bkg_altaz._fov_alignment = FoVAlignment.ALTAZ
obs.bkg = bkg_altaz
altaz_map = MapDatasetMaker(selection=["background"]).make_background(ref.counts.geom, obs)
altaz = {"obs_id": int(obs.obs_id), "slices": slice_sums(altaz_map), "samples": samples(altaz_map, 200),
         "pointing_altaz": [float(obs.fixed_pointing_info.altaz.alt.deg), float(obs.fixed_pointing_info.altaz.az.deg)]}

# FoV background "fit" on the first run (Cash fit of the norm, tilt frozen)
from gammapy.makers import FoVBackgroundMaker
fit_run = DatasetsMaker(makers[:2], stack_datasets=False, cutout_mode="trim", cutout_width=2 * offset_max).run(
    ref, a.observations[1:2])[0]
fit_maker = FoVBackgroundMaker(method="fit", exclusion_mask=makers[2].exclusion_mask)
fit_run = fit_maker.run(fit_run)
fov_fit = {"obs_id": int(a.observations[1].obs_id),
           "norm": float(fit_run.models[f"{fit_run.name}-bkg"].spectral_model.norm.value),
           "norm_error": float(fit_run.models[f"{fit_run.name}-bkg"].spectral_model.norm.error)}

OFF = SkyCoord(83.9, 22.3, unit="deg", frame="icrs")
energy_true = ds.psf.psf_map.geom.axes["energy_true"].center
kernel_off = ds.psf.get_psf_kernel(position=OFF, geom=ds.exposure.geom, max_radius="0.2 deg").psf_kernel_map
extra = {
    "position": [83.9, 22.3],
    "containment_999_crab": fl(ds.psf.containment_radius(0.999, energy_true, CRAB).to_value("deg")),
    "containment_68_off": fl(ds.psf.containment_radius(0.68, energy_true, OFF).to_value("deg")),
    "psf_kernel_off": {"npix": [int(n) for n in kmap_npix(kernel_off)], "data_e9": [int(v) for v in np.rint(np.asarray(kernel_off.data).ravel() * 1e9)]},
    "edisp_kernel_off": fl(ds.edisp.get_edisp_kernel(position=OFF).data),
}

counts = np.asarray(ds.counts.data, dtype=float).ravel()
nz = np.nonzero(counts)[0]
kernel = ds.psf.get_psf_kernel(position=CRAB, geom=ds.exposure.geom)
kmap = kernel.psf_kernel_map
edisp_kernel = ds.edisp.get_edisp_kernel(position=CRAB)
out = {
    "config": "crab-3d.yaml",
    "gammapy_version": __import__("gammapy").__version__,
    "timing_datasets_s": t_datasets,
    "crab": [83.633, 22.014],
    "stacked": {
        "geom": geom_info(ds.counts.geom),
        "geom_irf": geom_info(ds.psf.psf_map.geom),
        "livetime_s": float(ds.exposure.meta["livetime"].to_value("s")),
        "counts_sum": float(counts.sum()),
        "counts_nonzero": {"index": [int(i) for i in nz], "value": fl(counts[nz])},
        "counts_slices": slice_sums(ds.counts),
        "background_sum": float(np.sum(ds.background.data, dtype=float)),
        "background_slices": slice_sums(ds.background),
        "background_samples": samples(ds.background),
        "exposure_sum": float(np.sum(ds.exposure.data, dtype=float)),
        "exposure_slices": slice_sums(ds.exposure),
        "exposure_samples": samples(ds.exposure),
        "mask_safe_sum": int(ds.mask_safe.data.sum()),
        "mask_safe_slices": slice_sums(ds.mask_safe),
        "psf_exposure": fl(ds.psf.exposure_map.data),
        "psf_samples": samples(ds.psf.psf_map),
        "edisp_exposure": fl(ds.edisp.exposure_map.data),
        "edisp_samples": samples(ds.edisp.edisp_map),
        "psf_kernel": {"geom": geom_info(kmap.geom), "shape": [int(s) for s in kmap.data.shape],
                       "data_e9": [int(v) for v in np.rint(np.asarray(kmap.data).ravel() * 1e9)]},
        "edisp_kernel": {"shape": [int(s) for s in edisp_kernel.data.shape], "data": fl(edisp_kernel.data)},
    },
    "per_run": per_run,
    "background_altaz": altaz,
    "fov_fit": fov_fit,
    "stacked_extra": extra,
}

# A larger geometry (4 x 4 deg, 0.04 deg pixels, IRF pixels 0.2 deg) with offset_max 1.2 deg, so that the cutouts
# around each pointing (2.4 deg wide) are trimmed and stacked into parent slices.
cfg2 = AnalysisConfig.read(CONFIG)
cfg2.datasets.geom.wcs.binsize = "0.04 deg"
cfg2.datasets.geom.wcs.width = {"width": "4 deg", "height": "4 deg"}
cfg2.datasets.geom.selection.offset_max = "1.2 deg"
cfg2.datasets.safe_mask.parameters = {"offset_max": "1.2 deg"}
a2 = Analysis(cfg2)
a2.get_observations()
a2.get_datasets()
ds2 = a2.datasets[0]
ref2 = a2._create_reference_dataset(name="stacked")
makers2 = [a2._create_dataset_maker(), a2._create_safe_mask_maker(), a2._create_background_maker()]
runs2 = DatasetsMaker(makers2, stack_datasets=False, cutout_mode="trim", cutout_width=2.4 * u.deg).run(ref2, a2.observations)
out["trimmed"] = {
    "per_run": [{"obs_id": int(o.obs_id), "geom": geom_info(d.counts.geom), "geom_irf": geom_info(d.psf.psf_map.geom),
                 "norm": float(d.models[f"{d.name}-bkg"].spectral_model.norm.value)} for o, d in zip(a2.observations, runs2)],
    "livetime_s": float(ds2.exposure.meta["livetime"].to_value("s")),
    "counts_slices": slice_sums(ds2.counts),
    "background_slices": slice_sums(ds2.background),
    "background_samples": samples(ds2.background, 200),
    "exposure_slices": slice_sums(ds2.exposure),
    "exposure_samples": samples(ds2.exposure, 200),
    "mask_safe_slices": slice_sums(ds2.mask_safe),
    "psf_exposure": fl(ds2.psf.exposure_map.data),
    "edisp_exposure": fl(ds2.edisp.exposure_map.data),
    "psf_samples": samples(ds2.psf.psf_map, 200),
    "edisp_samples": samples(ds2.edisp.edisp_map, 200),
}
json.dump(out, sys.stdout, separators=(",", ":"))
