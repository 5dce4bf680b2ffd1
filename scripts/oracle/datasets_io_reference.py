"""Gammapy 1.0 reference for dataset IO (src/datasets/io-ogip.ts, io-gadf.ts, node.ts).

1. Reduces H.E.S.S. run 23523 as crab-1d.yaml does and writes it with Gammapy, gzip-compressed, in both layouts:
   test/fixtures/datasets/gammapy-ogip/ (Datasets.write: _datasets.yaml + pha_obs23523{,_bkg,_arf,_rmf}.fits.gz) and
   test/fixtures/datasets/gammapy-gadf/23523.fits.gz; then reads them back with Gammapy and records the arrays in
   test/fixtures/datasets/gammapy-files.json (what our readers must reproduce), with the arrays Gammapy reads from
   joint-crab/spectra/hess/pha_obs23523.fits (older OGIP files without a REGION HDU).
2. With a folder argument holding files gammats wrote (ogip/_datasets.yaml and gadf/<obs>.fits, see
   test/datasets/io.test.ts, GAMMATS_WRITE_DIR), reads them with Gammapy and records what it got in
   test/fixtures/datasets/gammapy-reads-gammats.json.

Run: /usr/bin/python3 scripts/oracle/datasets_io_reference.py [dir-of-gammats-files]
"""
import json, os, sys, glob
import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion
from gammapy.datasets import Datasets, SpectrumDatasetOnOff

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "../../test/fixtures/datasets")


def arr(x):
    return [float(v) for v in np.asarray(x).ravel()]


def summary(ds):
    r = ds.counts.geom.region
    return {
        "name": ds.name,
        "counts": arr(ds.counts.data),
        "counts_off": arr(ds.counts_off.data),
        "acceptance": arr(ds.acceptance.data),
        "acceptance_off": arr(ds.acceptance_off.data),
        "alpha": arr(ds.alpha.data),
        "exposure_cm2s": arr(ds.exposure.quantity.to_value("cm2 s")),
        "edisp_matrix": arr(ds.edisp.get_edisp_kernel().pdf_matrix),
        "edisp_row_sums": arr(ds.edisp.get_edisp_kernel().pdf_matrix.sum(axis=1)),
        "mask_safe": arr(ds.mask_safe.data.astype(int)),
        "energy_edges_tev": arr(ds.counts.geom.axes["energy"].edges.to_value("TeV")),
        "energy_true_edges_tev": arr(ds.exposure.geom.axes["energy_true"].edges.to_value("TeV")),
        "ontime_s": float(ds.gti.time_sum.to_value("s")) if ds.gti is not None else None,
        "livetime_s": float(ds.exposure.meta["livetime"].to_value("s")) if "livetime" in ds.exposure.meta else None,
        "region": None if r is None else [float(r.center.icrs.ra.deg), float(r.center.icrs.dec.deg),
                                          float(r.radius.to_value("deg"))],
    }


def write_gammapy_files():
    from gammapy.data import DataStore
    from gammapy.maps import MapAxis, RegionGeom
    from gammapy.datasets import SpectrumDataset
    from gammapy.makers import SpectrumDatasetMaker, ReflectedRegionsBackgroundMaker, SafeMaskMaker

    data = os.environ.get("GAMMAPY_DATA", os.path.join(HERE, "../../../shared/data"))
    obs = DataStore.from_dir(f"{data}/hess-dl3-dr1").obs(23523)
    energy_axis = MapAxis.from_energy_bounds(0.5, 30, 20, unit="TeV", name="energy")
    energy_axis_true = MapAxis.from_energy_bounds(0.1, 50, 40, unit="TeV", name="energy_true")
    region = CircleSkyRegion(SkyCoord(83.633, 22.014, unit="deg", frame="icrs"), 0.11 * u.deg)
    geom = RegionGeom.create(region=region, axes=[energy_axis])
    empty = SpectrumDataset.create(geom=geom, energy_axis_true=energy_axis_true)
    maker = SpectrumDatasetMaker(containment_correction=True, selection=["counts", "exposure", "edisp"])
    ds = maker.run(empty.copy(name="23523"), obs)
    ds = ReflectedRegionsBackgroundMaker().run(ds, obs)
    ds = SafeMaskMaker(methods=["aeff-default", "aeff-max"], aeff_percent=10).run(ds, obs)

    ogip_dir = os.path.join(OUT, "gammapy-ogip")
    gadf_dir = os.path.join(OUT, "gammapy-gadf")
    os.makedirs(ogip_dir, exist_ok=True)
    os.makedirs(gadf_dir, exist_ok=True)
    ds.write(os.path.join(ogip_dir, "pha_obs23523.fits.gz"), format="ogip", overwrite=True)
    with open(os.path.join(ogip_dir, "_datasets.yaml"), "w") as f:
        f.write("datasets:\n- name: '23523'\n  type: SpectrumDatasetOnOff\n  filename: pha_obs23523.fits.gz\n")
    ds.write(os.path.join(gadf_dir, "23523.fits.gz"), format="gadf", overwrite=True)

    ogip = SpectrumDatasetOnOff.read(os.path.join(ogip_dir, "pha_obs23523.fits.gz"), format="ogip")
    gadf = SpectrumDatasetOnOff.read(os.path.join(gadf_dir, "23523.fits.gz"), format="gadf")
    # an OGIP file set of an older Gammapy (no REGION HDU; 80 channels)
    joint = SpectrumDatasetOnOff.read(f"{data}/joint-crab/spectra/hess/pha_obs23523.fits", format="ogip")
    out = {"gammapy_version": "1.0", "original": summary(ds), "ogip": summary(ogip), "gadf": summary(gadf),
           "joint_crab_23523": summary(joint)}
    with open(os.path.join(OUT, "gammapy-files.json"), "w") as f:
        json.dump(out, f)


def read_gammats_files(folder):
    out = {"gammapy_version": "1.0", "ogip": [], "gadf": []}
    for ds in Datasets.read(os.path.join(folder, "ogip", "_datasets.yaml")):
        out["ogip"].append(summary(ds))
    for path in sorted(glob.glob(os.path.join(folder, "gadf", "*.fits"))):
        out["gadf"].append(summary(SpectrumDatasetOnOff.read(path, format="gadf")))
    with open(os.path.join(OUT, "gammapy-reads-gammats.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    if len(sys.argv) > 1:
        read_gammats_files(sys.argv[1])
    else:
        write_gammapy_files()
