#!/usr/bin/python3
"""Oracle for src/maps/wcs: astropy 5.2 (wcslib) pixel <-> world on real map headers and synthetic headers of every
projection gammats supports.

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/wcs_reference.py > test/fixtures/maps/wcs.json
"""
import glob, json, os, sys, warnings
import numpy as np
from astropy.io import fits
from astropy.wcs import WCS

warnings.simplefilter("ignore")
data = os.environ["GAMMAPY_DATA"]
rng = np.random.default_rng(11)
KEYS = ["CTYPE1", "CTYPE2", "CRPIX1", "CRPIX2", "CRVAL1", "CRVAL2", "CDELT1", "CDELT2", "PC1_1", "PC1_2", "PC2_1",
        "PC2_2", "CD1_1", "CD1_2", "CD2_1", "CD2_2", "CROTA2", "LONPOLE", "LATPOLE", "RADESYS", "RADECSYS", "EQUINOX", "NAXIS1", "NAXIS2"]


def case(name, header, nx, ny):
    w = WCS(header, naxis=2)
    x = np.concatenate([rng.uniform(-0.5, nx - 0.5, 30), rng.uniform(-nx, 2 * nx, 10)])
    y = np.concatenate([rng.uniform(-0.5, ny - 0.5, 30), rng.uniform(-ny, 2 * ny, 10)])
    lon, lat = w.wcs_pix2world(x, y, 0)
    ok = np.isfinite(lon)
    lon_w = np.where(ok, lon, 0)
    lat_w = np.where(ok, lat, 0)
    px, py = w.wcs_world2pix(lon_w, lat_w, 0)
    hdr = {k: header[k] for k in KEYS if k in header}
    r = lambda a: [round(v, 12) if np.isfinite(v) else None for v in np.asarray(a).tolist()]
    return {"name": name, "header": hdr, "x": r(x), "y": r(y),
            "lon": r(lon), "lat": r(lat),
            "lonpole": float(w.wcs.lonpole), "latpole": float(w.wcs.latpole),
            "back_x": r(px), "back_y": r(py)}


cases = []
seen = set()
for path in sorted(glob.glob(f"{data}/**/*.fits*", recursive=True)):
    try:
        with fits.open(path) as hl:
            for hdu in hl:
                h = hdu.header
                key = tuple(str(h.get(k)) for k in KEYS)
                if h.get("NAXIS", 0) >= 2 and "CTYPE1" in h and str(h["CTYPE1"])[5:8] in ("CAR", "TAN", "AIT", "SIN", "MOL", "ZEA", "ARC", "STG", "CEA", "MER") and key not in seen:
                    seen.add(key)
                    cases.append(case(os.path.relpath(path, data) + f"[{hdu.name}]", h, h["NAXIS1"], h["NAXIS2"]))
    except Exception:
        pass
for proj in ["CAR", "TAN", "AIT", "SIN", "MOL", "ZEA", "ARC", "STG", "CEA", "MER"]:
    for (lon0, lat0, frame, rot, binsz, n) in [(83.63, 22.01, "RA", 0, 0.02, 100), (266.4, -28.9, "RA", 0, 0.05, 80),
                                               (0, 0, "GL", 0, 1.0, 360), (184.55, -5.78, "GL", 30, 0.1, 50),
                                               (10, 75, "RA", 0, 0.5, 60)]:
        lonn, latn = ("RA---", "DEC--") if frame == "RA" else ("GLON-", "GLAT-")
        h = fits.Header()
        h["NAXIS"] = 2
        h["NAXIS1"] = n
        h["NAXIS2"] = n // 2 if proj in ("AIT", "MOL", "CAR") and n == 360 else n
        h["CTYPE1"] = lonn + proj
        h["CTYPE2"] = latn + proj
        h["CRPIX1"] = (h["NAXIS1"] + 1) / 2
        h["CRPIX2"] = (h["NAXIS2"] + 1) / 2
        h["CRVAL1"] = lon0
        h["CRVAL2"] = lat0
        h["CDELT1"] = -binsz
        h["CDELT2"] = binsz
        if rot:
            c, s = np.cos(np.radians(rot)), np.sin(np.radians(rot))
            h["PC1_1"], h["PC1_2"], h["PC2_1"], h["PC2_2"] = c, -s, s, c
        cases.append(case(f"synthetic {proj} {frame} {lon0},{lat0} rot{rot}", h, h["NAXIS1"], h["NAXIS2"]))
json.dump(cases, sys.stdout)
