#!/usr/bin/python3
"""Oracle for src/util/interpolate.ts and src/maps/axis.ts: Gammapy 1.0 ScaledRegularGridInterpolator and MapAxis.

Usage: /usr/bin/python3 scripts/oracle/axis_interp_reference.py > test/fixtures/util/axis-interp.json
"""
import json, sys
import numpy as np
from gammapy.maps import MapAxis
from gammapy.utils.interpolation import ScaledRegularGridInterpolator

rng = np.random.default_rng(1)
cases = []
for points_scale, values_scale, method, shape in [
    (["log", "lin"], "lin", "linear", (7, 5)),
    (["log", "lin"], "log", "linear", (7, 5)),
    (["log", "lin", "lin"], "lin", "linear", (6, 4, 3)),
    (["log", "sqrt"], "log", "nearest", (5, 6)),
    (["lin", "lin", "log"], "log", "linear", (4, 1, 6)),
]:
    pts = []
    for s, n in zip(points_scale, shape):
        if s == "log":
            p = np.sort(np.exp(rng.uniform(-2, 3, n)))
        else:
            p = np.sort(rng.uniform(0, 5, n))
        pts.append(p)
    values = rng.uniform(0, 10, shape)
    values.flat[::7] = 0
    interp = ScaledRegularGridInterpolator(pts, values, points_scale=points_scale, values_scale=values_scale, method=method)
    m = 50
    coords = []
    for p, s in zip(pts, points_scale):
        lo, hi = p.min(), p.max()
        span = hi - lo
        c = rng.uniform(max(lo - 0.3 * span, 1e-3 if s != "lin" else lo - 0.3 * span), hi + 0.3 * span, m)
        coords.append(c)
    out = interp(tuple(coords))
    cases.append({"points": [p.tolist() for p in pts], "values": values.ravel().tolist(), "shape": list(shape),
                  "points_scale": points_scale, "values_scale": values_scale, "method": method,
                  "coords": [c.tolist() for c in coords], "result": np.asarray(out).ravel().tolist()})

axes = []
for axis in [
    MapAxis.from_energy_bounds("1 TeV", "10 TeV", nbin=10),
    MapAxis.from_energy_bounds("0.1 TeV", "50 TeV", nbin=7, per_decade=True, name="energy_true"),
    MapAxis.from_bounds(0, 2.5, nbin=5, name="offset", unit="deg"),
    MapAxis.from_bounds(0.2, 5, nbin=8, interp="sqrt", name="migra"),
    MapAxis.from_nodes([0.1, 0.3, 0.7, 1.5], name="rad", unit="deg"),
    MapAxis.from_nodes(np.geomspace(0.1, 100, 6), name="energy_true", interp="log", unit="TeV"),
]:
    lo, hi = axis.edges[0].value, axis.edges[-1].value
    coord = np.concatenate([rng.uniform(lo * 0.5, hi * 1.5, 30), axis.edges.value])
    pix = rng.uniform(-2, axis.nbin + 1, 30)
    entry = {
        "name": axis.name, "unit": str(axis.unit), "interp": axis.interp, "node_type": axis.node_type,
        "nodes": axis._nodes.tolist(), "edges": axis.edges.value.tolist(), "center": axis.center.value.tolist(),
        "coord": coord.tolist(), "coord_to_pix": axis.coord_to_pix(coord).tolist(),
        "coord_to_idx": axis.coord_to_idx(coord).tolist(), "coord_to_idx_clip": axis.coord_to_idx(coord, clip=True).tolist(),
        "pix": pix.tolist(), "pix_to_coord": axis.pix_to_coord(pix).value.tolist(),
        "upsample2_edges": axis.upsample(2).edges.value.tolist(),
        "squash_edges": axis.squash().edges.value.tolist(),
    }
    n = axis.nbin if axis.node_type == "edges" else axis.nbin - 1
    if n % 2 == 0 and n > 0:
        entry["downsample2_edges"] = axis.downsample(2).edges.value.tolist()
    axes.append(entry)
json.dump({"interp": cases, "axes": axes}, sys.stdout)
