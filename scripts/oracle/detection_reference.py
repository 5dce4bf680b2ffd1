"""Oracle for source detection (src/estimators/find-peaks.ts, detect.ts): Gammapy 1.0's `find_peaks` on
(a) a synthetic image that gammats builds identically (plateaus, NaNs, edges, per-pixel thresholds),
(b) the TS and Li & Ma significance maps of the stacked H.E.S.S. Crab dataset (../shared/reference/crab-3d.yaml),
(c) a simulated multi-source field: a small MapDataset (Gaussian PSF, flat exposure and background, Poisson counts
    of five point sources, seed 0) written to test/fixtures/detection/sim-field.fits.gz, its TS map, the peaks, and
    the detection step of the tutorial taken to a fit: one point source (power law, index 2 frozen) per peak, started
    at the peak with the TS-map norm, all fitted together; fitted positions, amplitudes, errors and each source's TS.
Writes test/fixtures/detection/gammapy_detection.json.
Usage: GAMMAPY_DATA=../shared/data /usr/bin/python3 scripts/oracle/detection_reference.py
"""
import json
import logging
import os
import warnings

import numpy as np
import astropy.units as u
from astropy.coordinates import SkyCoord
from gammapy.analysis import Analysis, AnalysisConfig
from gammapy.datasets import MapDataset
from gammapy.estimators import ExcessMapEstimator, TSMapEstimator
from gammapy.estimators.utils import find_peaks
from gammapy.irf import EDispKernelMap, PSFMap
from gammapy.maps import MapAxis, WcsGeom, WcsNDMap
from gammapy.modeling import Fit
from gammapy.modeling.models import Models, PointSpatialModel, PowerLawSpectralModel, SkyModel

warnings.simplefilter("ignore")
logging.disable(logging.WARNING)
HERE = os.path.dirname(os.path.abspath(__file__))
OUT_DIR = os.path.join(HERE, "..", "..", "test", "fixtures", "detection")
os.makedirs(OUT_DIR, exist_ok=True)


def peaks(table):
    if len(table) == 0:
        return []
    return [
        {"value": float(r["value"]), "x": int(r["x"]), "y": int(r["y"]), "ra": float(r["ra"]), "dec": float(r["dec"])}
        for r in table
    ]


def synthetic_image():
    """The image test/estimators/find-peaks.test.ts builds: integer texture, Gaussian bumps, a plateau, NaNs."""
    ny, nx = 50, 60
    y, x = np.mgrid[0:ny, 0:nx]
    data = ((x * 37 + y * 101 + (x * y) % 13) % 50) / 10.0
    for x0, y0, amp, s in [(10, 12, 12.0, 2.0), (45, 30, 9.0, 3.0), (30, 5, 7.0, 1.5), (58, 48, 8.0, 2.0), (2, 40, 6.0, 1.0)]:
        data = data + amp * np.exp(-((x - x0) ** 2 + (y - y0) ** 2) / (2 * s * s))
    data[20:22, 20:22] = 20.0  # a plateau of four equal maxima
    data[0, 59] = 25.0  # a corner peak
    data[33, 7] = np.nan
    data[40, 50] = np.nan
    return data


out = {}

# (a) synthetic image
geom = WcsGeom.create(skydir=(10, -30), frame="galactic", binsz=0.05, npix=(60, 50), proj="TAN")
img = WcsNDMap(geom, synthetic_image())
nx = 60
threshold_map = 3.0 + np.arange(60)[np.newaxis, :] / 20.0 * np.ones((50, 1))
cases = [
    {"threshold": 5.0, "min_distance": 1},
    {"threshold": 5.0, "min_distance": 3},
    {"threshold": 7.0, "min_distance": 0},
    {"threshold": 4.0, "min_distance_deg": 0.12},
    {"threshold": 4.0, "min_distance_deg": 0.125},
    {"threshold": 30.0, "min_distance": 2},
    {"threshold": "map", "min_distance": 2},
]
synthetic = []
for c in cases:
    thr = threshold_map if c["threshold"] == "map" else c["threshold"]
    md = f"{c['min_distance_deg']} deg" if "min_distance_deg" in c else c["min_distance"]
    synthetic.append({**c, "peaks": peaks(find_peaks(img, threshold=thr, min_distance=md))})
negative = WcsNDMap(geom, synthetic_image() - 30.0)
synthetic.append({"offset": -30.0, "threshold": -20.0, "min_distance": 2,
                  "peaks": peaks(find_peaks(negative, threshold=-20.0, min_distance=2))})
out["synthetic"] = synthetic

# numpy's argsort order of ties (integer-valued arrays of several lengths, values (k * 7919) % m)
out["argsort"] = []
for n, m in [(10, 3), (17, 2), (40, 5), (100, 7), (257, 4), (1000, 13)]:
    values = [float((k * 7919) % m) for k in range(n)]
    out["argsort"].append({"n": n, "m": m, "order": [int(i) for i in np.argsort(np.array(values))]})

# (b) the Crab: TS map and Li & Ma significance
cfg = AnalysisConfig.read(os.path.join(HERE, "..", "..", "..", "shared", "reference", "crab-3d.yaml"))
analysis = Analysis(cfg)
analysis.get_observations()
analysis.get_datasets()
ds = analysis.datasets[0]
ts_maps = TSMapEstimator(kernel_width="0.5 deg").run(ds)
excess = ExcessMapEstimator(correlation_radius="0.1 deg").run(ds)
crab = {"ts": [], "excess": []}
for key, image in [("ts", ts_maps["sqrt_ts"]), ("excess", excess["sqrt_ts"])]:
    data = np.nan_to_num(image.data, nan=-np.inf)
    for threshold, md in [(3.0, 3), (3.0, "0.1 deg"), (5.0, 5), (2.5, 2)]:
        t = find_peaks(image, threshold=threshold, min_distance=md)
        # distance of the nearest pixel value to the threshold (a margin for maps that agree to ~1e-4)
        margin = float(np.min(np.abs(data[np.isfinite(data)] - threshold)))
        crab[key].append({"threshold": threshold, "min_distance": md if isinstance(md, int) else None,
                          "min_distance_deg": 0.1 if isinstance(md, str) else None,
                          "margin": margin, "peaks": peaks(t)})
out["crab"] = crab

# (c) simulated multi-source field
energy = MapAxis.from_energy_bounds("1 TeV", "10 TeV", nbin=1, name="energy")
energy_true = MapAxis.from_energy_bounds("1 TeV", "10 TeV", nbin=1, name="energy_true")
geom = WcsGeom.create(skydir=(83.6, 22.0), frame="icrs", binsz=0.02, npix=(80, 70), proj="TAN", axes=[energy])
sim = MapDataset.create(geom, energy_axis_true=energy_true, name="sim-field")
sim.exposure.data[...] = 2e10  # m2 s (the unit of MapDataset.create)
sim.background.data[...] = 0.4
sim.mask_safe = None  # (an all-sky IRF map would take the mask outside the field: no safe mask)
sim.psf = PSFMap.from_gauss(energy_axis_true=energy_true, sigma=0.05 * u.deg)
sim.edisp = EDispKernelMap.from_diagonal_response(energy_axis=energy, energy_axis_true=energy_true)
sources = [(83.45, 22.12, 9e-13), (83.75, 21.90, 4.5e-13), (83.62, 22.25, 3.6e-13), (83.30, 21.80, 3e-13), (83.90, 22.30, 6e-13)]
truth = Models(
    [
        SkyModel(
            spatial_model=PointSpatialModel(lon_0=lon * u.deg, lat_0=lat * u.deg, frame="icrs"),
            spectral_model=PowerLawSpectralModel(index=2, amplitude=amp * u.Unit("cm-2 s-1 TeV-1")),
            name=f"true-{k}",
        )
        for k, (lon, lat, amp) in enumerate(sources)
    ]
)
sim.models = truth
npred = sim.npred().data
rng = np.random.default_rng(0)
sim.counts.data = rng.poisson(npred).astype(float)
sim.models = None
path = os.path.join(OUT_DIR, "sim-field.fits.gz")
sim.write(path, overwrite=True)
sim = MapDataset.read(path, name="sim-field")
field = {"true": [{"ra": lon, "dec": lat, "amplitude": amp} for lon, lat, amp in sources],
         "npred_total": float(npred.sum()), "counts_total": float(sim.counts.data.sum())}
ts = TSMapEstimator(kernel_width="0.4 deg").run(sim)
field["ts_peak"] = float(np.nanmax(ts["sqrt_ts"].data))
candidates = find_peaks(ts["sqrt_ts"], threshold=5, min_distance="0.1 deg")
field["peaks"] = peaks(candidates)
models = []
for k, row in enumerate(candidates):
    norm = float(ts["norm"].data[0, row["y"], row["x"]])
    spectral = PowerLawSpectralModel(index=2, amplitude=norm * 1e-12 * u.Unit("cm-2 s-1 TeV-1"))
    spectral.index.frozen = True
    models.append(
        SkyModel(
            spatial_model=PointSpatialModel(lon_0=row["ra"] * u.deg, lat_0=row["dec"] * u.deg, frame="icrs"),
            spectral_model=spectral,
            name=f"candidate-{k + 1}",
        )
    )
field["initial_amplitudes"] = [float(m.spectral_model.amplitude.value) for m in models]
sim.models = Models(models)
result = Fit().run([sim])
stat = sim.stat_sum()
fitted = []
for m in models:
    amp = m.spectral_model.amplitude
    best = amp.value
    amp.value = 0
    ts_src = float(sim.stat_sum() - stat)
    amp.value = best
    fitted.append({
        "name": m.name,
        "ra": float(m.spatial_model.lon_0.value), "ra_err": float(m.spatial_model.lon_0.error),
        "dec": float(m.spatial_model.lat_0.value), "dec_err": float(m.spatial_model.lat_0.error),
        "amplitude": float(amp.value), "amplitude_err": float(amp.error), "ts": ts_src,
    })
field["fit"] = {"success": bool(result.success), "total_stat": float(stat), "sources": fitted}
out["sim_field"] = field

with open(os.path.join(OUT_DIR, "gammapy_detection.json"), "w") as f:
    json.dump(out, f, indent=1)
print({k: (len(v) if isinstance(v, list) else "ok") for k, v in out.items()}, len(field["peaks"]), [p["ts"] for p in fitted])
