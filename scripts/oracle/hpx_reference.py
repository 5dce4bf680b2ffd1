#!/usr/bin/python3
"""Oracle for src/maps/hpx: healpy 1.16 pixel functions for nside 1 to 2^13.

Usage: /usr/bin/python3 scripts/oracle/hpx_reference.py > test/fixtures/maps/healpix.json
"""
import json, sys
import healpy as hp
import numpy as np

rng = np.random.default_rng(5)
out = []
for order in [0, 1, 2, 3, 5, 8, 10, 11, 13]:
    nside = 2 ** order
    n = 40
    theta = np.arccos(rng.uniform(-1, 1, n))
    theta[:4] = [0.0, np.pi, np.pi / 2, 1e-9]
    phi = rng.uniform(0, 2 * np.pi, n)
    npix = hp.nside2npix(nside)
    pix = rng.integers(0, npix, n)
    pix[:3] = [0, npix - 1, npix // 2]
    case = {
        "nside": nside, "theta": theta.tolist(), "phi": phi.tolist(),
        "ring": hp.ang2pix(nside, theta, phi).tolist(), "nest": hp.ang2pix(nside, theta, phi, nest=True).tolist(),
        "pix": pix.tolist(),
        "ang_ring": np.array(hp.pix2ang(nside, pix)).T.tolist(), "ang_nest": np.array(hp.pix2ang(nside, pix, nest=True)).T.tolist(),
        "nest2ring": hp.nest2ring(nside, pix).tolist(), "ring2nest": hp.ring2nest(nside, pix).tolist(),
        "neighbours_ring": hp.get_all_neighbours(nside, pix).T.tolist(),
        "neighbours_nest": hp.get_all_neighbours(nside, pix, nest=True).T.tolist(),
        "pixarea": hp.nside2pixarea(nside), "resol": hp.nside2resol(nside), "max_pixrad": hp.max_pixrad(nside),
    }
    discs = []
    for k in range(3):
        t, p = float(theta[k + 4]), float(phi[k + 4])
        radius = float(min(0.5, 8 * hp.nside2resol(nside))) if order > 0 else 1.0
        v = hp.ang2vec(t, p)
        discs.append({"theta": t, "phi": p, "radius": radius,
                      "ring": hp.query_disc(nside, v, radius).tolist(), "nest": np.sort(hp.query_disc(nside, v, radius, nest=True)).tolist()})
    case["discs"] = discs
    out.append(case)
json.dump(out, sys.stdout)
