"""Reference values for gammats' extra map axes and HEALPix interpolation (Gammapy 1.0, healpy 1.16).

Writes test/fixtures/maps/extra-interp.json (healpy get_interp_weights, HpxNDMap.interp_by_coord) and
test/fixtures/maps/extra-axes.json (TimeMapAxis, LabelMapAxis).
Run: /usr/bin/python3 scripts/oracle/maps_extra_reference.py
"""
import json
import os

import astropy.units as u
import healpy as hp
import numpy as np
from astropy.time import Time

from gammapy.maps import HpxGeom, HpxNDMap, LabelMapAxis, MapAxis, TimeMapAxis

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "maps")
rng = np.random.default_rng(20261125)


def weights_cases():
    cases = []
    for order in range(0, 11):
        nside = 2**order
        n = 40
        z = rng.uniform(-1, 1, n)
        theta = list(np.arccos(z))
        phi = list(rng.uniform(0, 2 * np.pi, n))
        # poles and near-poles
        theta += [0.0, np.pi, 1e-9, np.pi - 1e-9, 1e-3, np.pi - 1e-3]
        phi += [0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
        # outside the canonical ranges (normalised by healpy)
        theta += [0.3, 2.0, 1.0]
        phi += [-1.0, 7.5, 2 * np.pi]
        # z = +-2/3 (cap boundary), pixel centres, ring colatitudes, pixel-edge longitudes
        theta += [np.arccos(2 / 3), np.arccos(-2 / 3)]
        phi += [0.1, 6.0]
        npix = hp.nside2npix(nside)
        pix = rng.integers(0, npix, 8)
        t, p = hp.pix2ang(nside, pix)
        theta += list(t)
        phi += list(p)
        # same ring colatitude, longitude between two pixel centres
        theta += list(t)
        phi += list(p + np.pi / (4 * nside) * (1 if nside > 1 else 0.5))
        theta = np.array(theta, dtype=float)
        phi = np.array(phi, dtype=float)
        c = {"nside": nside, "theta": theta.tolist(), "phi": phi.tolist()}
        for nest in (False, True):
            pp, ww = hp.get_interp_weights(nside, theta, phi, nest=nest)
            key = "nest" if nest else "ring"
            c[f"pix_{key}"] = pp.tolist()
            c[f"wts_{key}"] = ww.tolist()
        cases.append(c)
    return cases


def interp_cases():
    out = []
    energy = MapAxis.from_energy_bounds("1 TeV", "100 TeV", nbin=4, name="energy")
    n = 60
    lon = rng.uniform(0, 360, n)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    # points near the disk of the partial map, incl. its edge
    lon2 = 83.6 + rng.uniform(-12, 12, n)
    lat2 = 22.0 + rng.uniform(-12, 12, n)
    lon = np.concatenate([lon, lon2, [0.0, 10.0, 200.0]])
    lat = np.concatenate([lat, lat2, [90.0, -90.0, 0.0]])
    en = np.exp(rng.uniform(np.log(1.0), np.log(100.0), lon.size))
    en[:3] = [1.0, 100.0, 10.0]
    en[3:6] = [0.5, 150.0, 3.1622776601683795]  # outside the axis: Gammapy extrapolates
    xaxis = MapAxis.from_edges([0.0, 1.0, 2.5, 4.0], name="x", interp="lin")
    x = rng.uniform(-0.5, 4.5, lon.size)
    configs = [
        (8, True, None, 0),
        (16, False, None, 0),
        (32, True, "DISK(83.6,22.0,8.0)", 0),
        (16, False, "DISK(83.6,22.0,6.0)", 0),
        (8, True, None, 2),
        (16, False, "DISK(83.6,22.0,6.0)", 2),
    ]
    for nside, nest, region, forced in configs:
        for naxes in ((0, 1) if forced == 0 else (2,)):
            axes = [energy, xaxis][:naxes]
            geom = HpxGeom.create(nside=nside, nest=nest, frame="icrs", region=region, axes=axes)
            m = HpxNDMap.from_geom(geom, dtype="float64")
            # data[..., m, j, k] = 5 + 3 sin(0.7 k + 1.1 j + 0.37 m): k spatial position, j energy bin, m x bin
            k = np.arange(m.data.shape[-1])
            j = np.arange(energy.nbin)[:, None] if naxes >= 1 else 0
            mm = np.arange(xaxis.nbin)[:, None, None] if naxes >= 2 else 0
            m.data = 5 + 3 * np.sin(0.7 * k + 1.1 * j + 0.37 * mm)
            coords = {"lon": lon, "lat": lat}
            if naxes >= 1:
                coords["energy"] = en * u.TeV
            if naxes >= 2:
                coords["x"] = x
            vals = m.interp_by_coord(coords)
            ipix = None if geom.is_allsky else geom._ipix.tolist()
            out.append(
                {
                    "nside": nside,
                    "nest": nest,
                    "pixels": ipix,
                    "naxes": naxes,
                    "energy_edges": energy.edges.to_value("TeV").tolist(),
                    "x_edges": xaxis.edges.value.tolist(),
                    "values": vals.tolist(),
                }
            )
    points = {"lon": lon.tolist(), "lat": lat.tolist(), "energy": en.tolist(), "x": x.tolist()}
    return {"points": points, "cases": out}


def time_cases():
    cases = []
    ref = Time(55197.0, format="mjd", scale="tt")
    sets = [
        ("contiguous", [0.0, 1.0, 2.0, 3.5], [1.0, 2.0, 3.5, 5.0], "d"),
        ("gaps", [0.0, 1.5, 4.0], [1.0, 3.0, 4.25], "d"),
        ("seconds", [-3600.0, 0.0, 600.0, 7200.0], [0.0, 300.0, 1800.0, 10800.0], "s"),
    ]
    for label, lo, hi, unit in sets:
        axis = TimeMapAxis(lo * u.Unit(unit), hi * u.Unit(unit), reference_time=ref, name="time")
        lo_a = np.array(lo)
        hi_a = np.array(hi)
        probes = np.concatenate([lo_a, hi_a, 0.5 * (lo_a + hi_a), lo_a - 0.01, hi_a + 0.01, [-1e4, 1e4]])
        idx_rel = axis.coord_to_idx(probes * u.Unit(unit))
        times = ref + probes * u.Unit(unit)
        idx_time = axis.coord_to_idx(times)
        pix = axis.coord_to_pix(times)
        cases.append(
            {
                "label": label,
                "unit": unit,
                "ref_mjd_tt": 55197.0,
                "edges_min": lo,
                "edges_max": hi,
                "probes": probes.tolist(),
                "probes_mjd_tt": times.tt.mjd.tolist(),
                "idx_rel": idx_rel.tolist(),
                "idx_time": idx_time.tolist(),
                "pix": [None if not np.isfinite(p) else p for p in pix.tolist()],
                "center": axis.center.to_value(unit).tolist(),
                "time_mid_mjd_tt": axis.time_mid.tt.mjd.tolist(),
                "is_contiguous": bool(axis.is_contiguous),
                "contiguous_min": axis.to_contiguous().edges_min.to_value(unit).tolist(),
                "contiguous_max": axis.to_contiguous().edges_max.to_value(unit).tolist(),
                "squash": [axis.squash().edges_min.to_value(unit).tolist(), axis.squash().edges_max.to_value(unit).tolist()],
                "slice_1_3": [axis.slice(slice(1, 3)).edges_min.to_value(unit).tolist(), axis.slice(slice(1, 3)).edges_max.to_value(unit).tolist()],
            }
        )
    # from_time_edges / from_time_bounds / from_gti-like
    t0 = Time("2020-03-01T00:00:00", scale="utc")
    t1 = Time("2020-03-05T06:00:00", scale="utc")
    ax = TimeMapAxis.from_time_bounds(t0, t1, nbin=5, unit="h")
    extra = {
        "bounds_utc": [t0.isot, t1.isot],
        "nbin": 5,
        "unit": "h",
        "ref_mjd_tt": ax.reference_time.tt.mjd,
        "edges_min": ax.edges_min.to_value("h").tolist(),
        "edges_max": ax.edges_max.to_value("h").tolist(),
        "center": ax.center.to_value("h").tolist(),
        "time_min_mjd_tt": ax.time_min.tt.mjd.tolist(),
        "time_max_mjd_tt": ax.time_max.tt.mjd.tolist(),
    }
    start = Time([58000.0, 58000.5, 58002.25], format="mjd", scale="tt")
    stop = Time([58000.25, 58001.0, 58003.0], format="mjd", scale="tt")
    gref = Time(57999.0, format="mjd", scale="tt")
    from gammapy.data import GTI

    gti = GTI.create((start - gref).to("s"), (stop - gref).to("s"), reference_time=gref)
    gax = TimeMapAxis.from_gti(gti)
    extra_gti = {
        "start_mjd_tt": start.mjd.tolist(),
        "stop_mjd_tt": stop.mjd.tolist(),
        "ref_mjd_tt": 57999.0,
        "edges_min_s": gax.edges_min.to_value("s").tolist(),
        "edges_max_s": gax.edges_max.to_value("s").tolist(),
        "is_contiguous": bool(gax.is_contiguous),
    }
    a = TimeMapAxis([0, 1] * u.d, [1, 2] * u.d, reference_time=ref)
    b = TimeMapAxis([0, 1] * u.d, [1, 2 + 1e-12] * u.d, reference_time=ref)
    c = TimeMapAxis([0, 1] * u.d, [1, 2 + 1e-9] * u.d, reference_time=ref)
    equality = {"tiny": bool(a == b), "small": bool(a == c)}
    return {"cases": cases, "bounds": extra, "gti": extra_gti, "equality": equality}


def label_cases():
    ax = LabelMapAxis(["crab", "pks-2155", "ALPHA", "beta", "Crab"], name="dataset")
    return {
        "input": ["crab", "pks-2155", "ALPHA", "beta", "Crab"],
        "labels": ax.center.tolist(),
        "coord_to_idx": ax.coord_to_idx(["beta", "crab", "ALPHA"]).tolist(),
        "pix_to_coord": ax.pix_to_coord(np.array([0.4, 1.5, 2.5, 3.6])).tolist(),
        "pix_to_idx": ax.pix_to_idx(np.array([-1, 0, 4, 5])).tolist(),
        "pix_to_idx_clip": ax.pix_to_idx(np.array([-1, 0, 4, 5]), clip=True).tolist(),
        "slice_1_3": ax.slice(slice(1, 3)).center.tolist(),
        "equal_renamed_case": bool(ax == LabelMapAxis(ax.center, name="DATASET")),
    }


interp = {"weights": weights_cases(), "maps": interp_cases()}
with open(os.path.join(OUT, "extra-interp.json"), "w") as f:
    json.dump(interp, f)
axes = {"time": time_cases(), "label": label_cases()}
with open(os.path.join(OUT, "extra-axes.json"), "w") as f:
    json.dump(axes, f, indent=1)
