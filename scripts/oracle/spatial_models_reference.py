#!/usr/bin/python3
"""Oracle for src/modeling/spatial.ts and src/modeling/temporal.ts: Gammapy 1.0 spatial and temporal models.

Writes into the given directory:
- spatial_models.json: per model case the Gammapy dict (`to_dict()`), default parameter specs, surface brightness
  (sr-1) at ~50 sky positions in the model frame (incl. points near disk/shell edges), and `integrate_geom` on a fine
  (40x40, 0.02 deg, CAR, ICRS) and a coarse (20x20, 0.2 deg, TAN, Galactic) geometry, plus evaluation radius and
  minimal bin size. Template cases carry their map (geometry and data).
- temporal_models.json: per model case the dict, values at MJD times and integrals over GTI-like intervals.
Usage: /usr/bin/python3 scripts/oracle/spatial_models_reference.py test/fixtures/modeling
"""
import json
import sys
import warnings

import astropy.units as u
import numpy as np
from astropy.coordinates import SkyCoord
from astropy.table import Table
from astropy.time import Time
from gammapy.maps import Map, WcsGeom
from gammapy.modeling.models import (
    ConstantFluxSpatialModel,
    ConstantSpatialModel,
    ConstantTemporalModel,
    DiskSpatialModel,
    ExpDecayTemporalModel,
    GaussianSpatialModel,
    GaussianTemporalModel,
    GeneralizedGaussianSpatialModel,
    GeneralizedGaussianTemporalModel,
    LightCurveTemplateTemporalModel,
    LinearTemporalModel,
    PointSpatialModel,
    PowerLawTemporalModel,
    Shell2SpatialModel,
    ShellSpatialModel,
    SineTemporalModel,
    TemplateSpatialModel,
)

warnings.simplefilter("ignore")
out_dir = sys.argv[1]
rng = np.random.default_rng(42)

CRAB = SkyCoord(83.633, 22.0145, unit="deg", frame="icrs")
CRAB_GAL = CRAB.galactic


def jsonable(x):
    if isinstance(x, dict):
        return {k: jsonable(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [jsonable(v) for v in x]
    if isinstance(x, (np.floating, float)):
        return None if np.isnan(x) else float(x)
    if isinstance(x, (np.integer,)):
        return int(x)
    if isinstance(x, np.bool_):
        return bool(x)
    return x


def spec(p):
    return {
        "name": p.name,
        "value": float(p.value),
        "unit": p.unit.to_string("fits"),
        "frozen": bool(p.frozen),
        "min": None if np.isnan(p.min) else float(p.min),
        "max": None if np.isnan(p.max) else float(p.max),
    }


def geom_spec(g):
    return {
        "lon": float(g.center_skydir.data.lon.deg),
        "lat": float(g.center_skydir.data.lat.deg),
        "frame": g.frame,
        "binsz": float(g.pixel_scales[0].deg),
        "npix": [int(g.npix[0][0]), int(g.npix[1][0])],
        "proj": g.projection,
    }


GEOMS = {
    "fine": WcsGeom.create(skydir=CRAB, binsz=0.02, width=0.8, frame="icrs", proj="CAR"),
    "coarse": WcsGeom.create(skydir=CRAB_GAL, binsz=0.2, width=4.0, frame="galactic", proj="TAN"),
}


def sample_points(lon0, lat0, scale, edges):
    """Positions (deg, model frame): random around the centre, and rings at given radii."""
    pts = []
    center = SkyCoord(lon0, lat0, unit="deg")
    for _ in range(30):
        sep = abs(rng.normal(0, 1.5 * scale))
        pa = rng.uniform(0, 360)
        pts.append(center.directional_offset_by(pa * u.deg, sep * u.deg))
    for r in edges:
        for pa in (0, 50, 111, 200, 290):
            pts.append(center.directional_offset_by(pa * u.deg, r * u.deg))
    pts.append(center)
    lon = np.array([p.data.lon.deg for p in pts])
    lat = np.array([p.data.lat.deg for p in pts])
    return lon, lat


def spatial_case(name, model, scale, edges=(), points=True):
    out = {"name": name, "dict": jsonable(model.to_dict()["spatial"])}
    out["defaults"] = [spec(p) for p in model.default_parameters]
    # ConstantSpatialModel writes no parameters: the values are given here too
    out["parameter_values"] = {p.name: float(p.value) for p in model.parameters}
    out["evaluation_radius"] = None if model.evaluation_radius is None else float(model.evaluation_radius.to_value("deg"))
    b = model.evaluation_bin_size_min
    out["evaluation_bin_size_min"] = None if b is None else float(b.to_value("deg"))
    if points:
        pos = model.position if model.position is not None else CRAB
        lon, lat = sample_points(pos.data.lon.deg, pos.data.lat.deg, scale, edges)
        out["lon"] = lon.tolist()
        out["lat"] = lat.tolist()
        val = model(lon * u.deg, lat * u.deg)
        out["values"] = np.broadcast_to(u.Quantity(val).to_value("sr-1"), lon.shape).tolist()
    out["integrate"] = {}
    for gname, g in GEOMS.items():
        m = model.integrate_geom(g)
        out["integrate"][gname] = m.quantity.to_value("").astype(float).ravel().tolist()
    return out


spatial = {"geoms": {k: geom_spec(g) for k, g in GEOMS.items()}, "cases": []}
C = spatial["cases"]
C.append(spatial_case("point-icrs", PointSpatialModel(lon_0=83.641 * u.deg, lat_0=22.0052 * u.deg), 0.01, points=False))
C.append(
    spatial_case(
        "point-gal",
        PointSpatialModel(lon_0=CRAB_GAL.l + 0.33 * u.deg, lat_0=CRAB_GAL.b - 0.27 * u.deg, frame="galactic"),
        0.01,
        points=False,
    )
)
C.append(spatial_case("gauss", GaussianSpatialModel(lon_0=83.62 * u.deg, lat_0=22.03 * u.deg, sigma=0.1 * u.deg), 0.1))
C.append(spatial_case("gauss-small", GaussianSpatialModel(lon_0=83.64 * u.deg, lat_0=22.01 * u.deg, sigma=0.012 * u.deg), 0.012))
# near the corner of both geometries: the oversampling cutout is trimmed at the image edges
C.append(spatial_case("gauss-corner", GaussianSpatialModel(lon_0=83.22 * u.deg, lat_0=22.39 * u.deg, sigma=0.06 * u.deg), 0.06))
C.append(
    spatial_case(
        "gauss-elongated-gal",
        GaussianSpatialModel(
            lon_0=CRAB_GAL.l + 0.05 * u.deg, lat_0=CRAB_GAL.b, sigma=0.2 * u.deg, e=0.7, phi=30 * u.deg, frame="galactic"
        ),
        0.2,
    )
)
C.append(
    spatial_case(
        "gengauss",
        GeneralizedGaussianSpatialModel(lon_0=83.63 * u.deg, lat_0=22.02 * u.deg, r_0=0.1 * u.deg, eta=0.3),
        0.1,
    )
)
C.append(
    spatial_case(
        "gengauss-elongated",
        GeneralizedGaussianSpatialModel(
            lon_0=83.6 * u.deg, lat_0=22.05 * u.deg, r_0=0.15 * u.deg, eta=0.7, e=0.5, phi=60 * u.deg
        ),
        0.15,
    )
)
C.append(
    spatial_case(
        "disk", DiskSpatialModel(lon_0=83.633 * u.deg, lat_0=22.0145 * u.deg, r_0=0.3 * u.deg), 0.3, edges=(0.297, 0.3, 0.3015, 0.31)
    )
)
C.append(
    spatial_case(
        "disk-elongated-gal",
        DiskSpatialModel(
            lon_0=CRAB_GAL.l,
            lat_0=CRAB_GAL.b + 0.1 * u.deg,
            r_0=0.35 * u.deg,
            e=0.6,
            phi=45 * u.deg,
            edge_width=0.1,
            frame="galactic",
        ),
        0.35,
        edges=(0.25, 0.3, 0.35, 0.4),
    )
)
C.append(
    spatial_case(
        "shell",
        ShellSpatialModel(lon_0=83.633 * u.deg, lat_0=22.0145 * u.deg, radius=0.2 * u.deg, width=0.06 * u.deg),
        0.2,
        edges=(0.19, 0.199, 0.201, 0.25, 0.259, 0.261),
    )
)
C.append(
    spatial_case(
        "shell2-gal",
        Shell2SpatialModel(lon_0=CRAB_GAL.l, lat_0=CRAB_GAL.b, r_0=0.3 * u.deg, eta=0.3, frame="galactic"),
        0.3,
        edges=(0.2, 0.209, 0.211, 0.299, 0.301),
    )
)
C.append(spatial_case("constant", ConstantSpatialModel(value=2.5 / u.sr), 1.0))
C.append(spatial_case("constant-flux", ConstantFluxSpatialModel(), 1.0, points=False))


def template_case(name, dtype, normalize, frame, unit):
    if frame == "icrs":
        g = WcsGeom.create(skydir=(83.6, 22.0), binsz=0.05, width=(1.5, 1.2), frame="icrs")
    else:
        g = WcsGeom.create(skydir=(184.5, -5.8), binsz=0.1, width=(3.0, 2.4), frame="galactic", proj="TAN")
    lon, lat = g.get_coord().lon.to_value("deg"), g.get_coord().lat.to_value("deg")
    c = g.center_skydir
    sep = SkyCoord(lon, lat, unit="deg", frame=frame).separation(c).deg
    data = (np.exp(-0.5 * (sep / 0.2) ** 2) + 0.1 * rng.uniform(size=sep.shape)).astype(dtype)
    m = Map.from_geom(g, data=data, unit=unit)
    model = TemplateSpatialModel(m, normalize=normalize, filename=f"{name}.fits")
    out = spatial_case(name, model, 0.4)
    out["map"] = {"geom": geom_spec(g), "dtype": dtype, "unit": unit, "data": data.astype(float).ravel().tolist()}
    return out


C.append(template_case("template-f64", "float64", True, "icrs", ""))
C.append(template_case("template-f32-gal", "float32", True, "galactic", ""))
C.append(template_case("template-unnormalized", "float64", False, "icrs", "sr-1"))

with open(f"{out_dir}/spatial_models.json", "w") as f:
    json.dump(jsonable(spatial), f, allow_nan=False)

# --------------------------------------------------------------------------------------------------------------
# Temporal models

TIMES = np.array([51544.0, 51543.2, 51545.7, 59000.0, 59000.25, 59001.5, 59003.1, 59010.0, 59020.75, 58999.1])
T_MIN = np.array([59000.0, 59001.2, 59005.0, 59010.3])
T_MAX = np.array([59000.5, 59002.0, 59005.01, 59013.0])


def temporal_case(name, model, times=TIMES, t_min=T_MIN, t_max=T_MAX):
    out = {"name": name, "dict": jsonable(model.to_dict()["temporal"])}
    out["defaults"] = [spec(p) for p in model.default_parameters]
    out["times"] = times.tolist()
    out["values"] = np.broadcast_to(u.Quantity(model(Time(times, format="mjd"))).to_value(""), times.shape).tolist()
    out["t_min"] = t_min.tolist()
    out["t_max"] = t_max.tolist()
    integ = model.integral(Time(t_min, format="mjd"), Time(t_max, format="mjd"))
    out["integral"] = np.broadcast_to(u.Quantity(integ).to_value(""), t_min.shape).tolist()
    return out


temporal = {"cases": []}
T = temporal["cases"]
T.append(temporal_case("constant", ConstantTemporalModel()))
T.append(temporal_case("linear", LinearTemporalModel(alpha=1.5, beta=0.02 / u.d, t_ref=59000.2 * u.d)))
T.append(temporal_case("linear-default", LinearTemporalModel(alpha=2.0, beta=1e-4 / u.d)))
T.append(temporal_case("expdecay", ExpDecayTemporalModel(t0=3.0 * u.d, t_ref=58999.5 * u.d), times=TIMES[3:]))
T.append(temporal_case("expdecay-default", ExpDecayTemporalModel(t0=5000.0 * u.d)))
T.append(temporal_case("gauss", GaussianTemporalModel(t_ref=59001.0 * u.d, sigma=2.0 * u.d)))
T.append(
    temporal_case(
        "gengauss", GeneralizedGaussianTemporalModel(t_ref=59001.0 * u.d, t_rise=0.5 * u.d, t_decay=2.0 * u.d, eta=0.7)
    )
)
T.append(temporal_case("powerlaw", PowerLawTemporalModel(alpha=-0.7, t_ref=58990.0 * u.d, t0=2.0 * u.d), times=TIMES[3:]))
T.append(temporal_case("powerlaw-m1", PowerLawTemporalModel(alpha=-1.0, t_ref=58990.0 * u.d), times=TIMES[3:]))
T.append(temporal_case("sine", SineTemporalModel(amp=0.5, omega=2.0 * u.rad / u.d, t_ref=59000.1 * u.d)))
T.append(temporal_case("sine-default-tref", SineTemporalModel(amp=0.3, omega=0.01 * u.rad / u.d)))


def lightcurve_case(name, unit, mjdref, times_rel, norms):
    table = Table()
    table["TIME"] = times_rel
    table["NORM"] = norms
    table.meta = {"MJDREFI": int(mjdref), "MJDREFF": mjdref - int(mjdref), "TIMEUNIT": unit, "TIMESYS": "utc"}
    model = LightCurveTemplateTemporalModel.from_table(table, filename=f"{name}.fits")
    out = temporal_case(name, model)
    out["table"] = {"time": list(map(float, times_rel)), "norm": list(map(float, norms)), "unit": unit}
    out["t_ref"] = float(model.t_ref.value)
    return out


T.append(lightcurve_case("lightcurve-days", "d", 59000.0, np.array([0.0, 0.5, 1.0, 3.0, 7.0, 12.0]), np.array([0.2, 1.0, 0.7, 0.4, 0.3, 0.05])))
T.append(
    lightcurve_case(
        "lightcurve-seconds",
        "s",
        58999.5,
        np.array([0.0, 43200.0, 150000.0, 400000.0, 900000.0, 1.5e6]),
        np.array([1.0, 0.9, 0.5, 0.55, 0.2, 0.1]),
    )
)

with open(f"{out_dir}/temporal_models.json", "w") as f:
    json.dump(jsonable(temporal), f, allow_nan=False)
print("ok")
