#!/usr/bin/python3
"""Oracle for the FITS reader: a small file written by astropy with every TFORM type (L X B I J K A E D C M P Q),
scaled / unsigned / TNULL columns, TDIM, scaled images with BLANK, and header oddities (CONTINUE, HIERARCH, complex,
D exponents), plus the values astropy reads back.

Usage: /usr/bin/python3 scripts/oracle/fits_alltypes.py test/fixtures/fits
"""
import json, os, sys, warnings
import numpy as np
from astropy.io import fits

warnings.simplefilter("ignore")
out = sys.argv[1]
n = 4
cols = [
    fits.Column("L", "2L", array=np.array([[True, False], [False, False], [True, True], [False, True]])),
    fits.Column("X", "13X", array=np.array([[i % (k + 2) == 0 for i in range(13)] for k in range(n)])),
    fits.Column("B", "B", array=np.array([0, 1, 200, 255], dtype=np.uint8)),
    fits.Column("SB", "B", array=np.array([-128, -1, 0, 127], dtype=np.int8)),
    fits.Column("I", "3I", array=np.arange(12, dtype=np.int16).reshape(4, 3) - 6, unit="count"),
    fits.Column("UI", "I", array=np.array([0, 1, 40000, 65535], dtype=np.uint16)),
    fits.Column("J", "J", array=np.array([-2**31, 0, 7, 2**31 - 1], dtype=np.int32)),
    fits.Column("UJ", "J", array=np.array([0, 1, 3e9, 2**32 - 1], dtype=np.uint32)),
    fits.Column("K", "K", array=np.array([-2**63, 5407363825684, 0, 2**63 - 1], dtype=np.int64)),
    fits.Column("A", "6A", array=np.array(["a", "bb cc", "", "xyz"])),
    fits.Column("A2", "12A", dim="(4,3)", array=np.array([["ab", "c", "def"], ["", "g", "h"], ["i", "jj", "kkk"], ["l", "m", "n"]])),
    fits.Column("E", "6E", dim="(3,2)", array=np.arange(24, dtype=np.float32).reshape(4, 2, 3) / 4, unit="m2"),
    fits.Column("D", "D", array=np.array([np.pi, -0.0, np.nan, 1e300])),
    fits.Column("C", "C", array=np.array([1 + 2j, -1.5j, 0, 3], dtype=np.complex64)),
    fits.Column("M", "2M", array=np.array([[1 + 1j, 2 - 2j]] * 4)),
    fits.Column("PJ", "PJ()", array=np.array([np.array([1, 2], dtype=np.int32), np.array([], dtype=np.int32), np.array([3], dtype=np.int32), np.array([4, 5, 6], dtype=np.int32)], dtype=object)),
    fits.Column("QD", "QD()", array=np.array([np.array([0.5]), np.array([1.5, 2.5]), np.array([]), np.array([9.0])], dtype=object)),
]
table = fits.BinTableHDU.from_columns(cols, name="ALLTYPES")
table.header["HDUCLAS1"] = "TEST"
table.header["HDUCLAS2"] = "ALL"
table.header["LONGSTR"] = "a long string value " * 6
table.header["HIERARCH ESO INS FILT NAME"] = "R-band"
table.header["CPLX"] = (1.5 + 2.25j)
img8 = fits.ImageHDU(np.array([[0, 1], [254, 255]], dtype=np.uint8), name="SCALED8")
img8.header["BSCALE"] = 2.0
img8.header["BZERO"] = -10.0
img8.header["BLANK"] = 255
img16 = fits.ImageHDU(np.array([[0, 1000], [65535, 7]], dtype=np.uint16), name="U16")
img64 = fits.ImageHDU(np.array([1, -2, 2**62], dtype=np.int64), name="I64")
path = os.path.join(out, "all-types.fits")
fits.HDUList([fits.PrimaryHDU(), table, img8, img16, img64]).writeto(path, overwrite=True, checksum=True)

h = fits.open(path)
t = h[1].data


def tolist(a):
    a = np.asarray(a)
    if np.iscomplexobj(a):
        a = np.stack([a.real, a.imag], axis=-1)
    if a.dtype.kind == "b":
        a = a.astype(int)
    if a.dtype.kind in "SU":
        return np.char.rstrip(a.astype(str)).tolist()
    return [None if (isinstance(x, float) and np.isnan(x)) else x for x in a.astype(float).ravel().tolist()]


vals = {c.name: tolist(t[c.name]) if c.name not in ("PJ", "QD") else [tolist(r) for r in t[c.name]] for c in h[1].columns}
vals["K_exact"] = [str(x) for x in t["K"]]
res = {"columns": vals, "shapes": {c.name: list(np.asarray(t[c.name]).shape[1:]) for c in h[1].columns if c.name not in ("PJ", "QD")},
       "header": {"LONGSTR": h[1].header["LONGSTR"], "ESO INS FILT NAME": h[1].header["ESO INS FILT NAME"], "CPLX": [1.5, 2.25]},
       "images": {"SCALED8": tolist(h[2].data), "U16": tolist(h[3].data), "I64": [str(x) for x in h[4].data]},
       "dtypes": {"SCALED8": str(h[2].data.dtype), "U16": str(h[3].data.dtype)}}
json.dump(res, open(os.path.join(out, "all-types.json"), "w"), indent=1)
