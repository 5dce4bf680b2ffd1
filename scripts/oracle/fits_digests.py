#!/usr/bin/python3
"""Oracle: astropy's view of every FITS file under the data directory, as short digests.

For each HDU: type, EXTNAME, header keyword count; for images the shape and a digest of the values; for binary tables
the number of rows and, per column, name, TFORM, unit, per-row shape and a digest of the values as astropy decodes them
(scaling applied). Digest = first 16 hex chars of SHA-256 over a canonical byte form:
  numbers/bools  -> float64 little-endian, C order (NaN canonical); int64 columns additionally exact as int64 LE
  strings        -> elements joined by '\n', latin-1
  variable-length arrays -> per row: float64 length, then the row's values as float64 (strings: '\x00'-joined rows)
Usage: /usr/bin/python3 scripts/oracle/fits_digests.py DATA_DIR > test/fixtures/fits/astropy-digests.json
"""
import glob, hashlib, json, os, sys, warnings
import numpy as np
from astropy.io import fits

warnings.simplefilter("ignore")


def h(b):
    return hashlib.sha256(b).hexdigest()[:16]


def f64(a):
    a = np.ascontiguousarray(np.asarray(a, dtype="<f8"))
    a = np.where(np.isnan(a), np.float64("nan"), a)
    return a.tobytes()


def strings(values):
    return "\n".join(str(v) for v in values).encode("latin-1")


def col_digest(col, fmt):
    out = {}
    if fmt.strip().upper().lstrip("0123456789").startswith(("P", "Q")):
        if "A" in fmt.upper():
            out["digest"] = h("\x00".join(str(r) for r in col).encode("latin-1"))
        else:
            parts = []
            for r in col:
                r = np.asarray(r)
                parts.append(f64([r.size]))
                if np.iscomplexobj(r):
                    r = np.stack([r.real, r.imag], axis=-1)
                parts.append(f64(r.ravel()))
            out["digest"] = h(b"".join(parts))
        return out
    a = np.asarray(col)
    if a.dtype.kind in "SU":
        out["digest"] = h(strings(np.char.rstrip(a.astype(str)).ravel()))
        return out
    if np.iscomplexobj(a):
        a = np.stack([a.real, a.imag], axis=-1)
    out["digest"] = h(f64(a.ravel()))
    if a.dtype.kind in "iu" and a.dtype.itemsize == 8:
        out["int64"] = h(np.ascontiguousarray(a.astype("<i8" if a.dtype.kind == "i" else "<u8")).ravel().tobytes())
    return out


def main(root):
    result = {}
    files = sorted(f for f in glob.glob(os.path.join(root, "**", "*"), recursive=True)
                   if f.endswith((".fits", ".fits.gz", ".fit", ".fit.gz")))
    for path in files:
        rel = os.path.relpath(path, root)
        hdus = []
        with fits.open(path, memmap=False) as hl:
            for hdu in hl:
                entry = {"name": hdu.name, "nkeys": len([k for k in hdu.header.keys() if k not in ("COMMENT", "HISTORY", "")])}
                if isinstance(hdu, fits.BinTableHDU):
                    entry["type"] = "bintable"
                    entry["nrows"] = int(hdu.header["NAXIS2"])
                    cols = []
                    for c in hdu.columns:
                        d = hdu.data[c.name]
                        info = {"name": c.name, "format": str(c.format), "unit": c.unit or None}
                        if not str(c.format).upper().lstrip("0123456789").startswith(("P", "Q")):
                            info["shape"] = list(np.asarray(d).shape[1:])
                        info.update(col_digest(d, str(c.format)))
                        cols.append(info)
                    entry["columns"] = cols
                else:
                    entry["type"] = "image"
                    if hdu.data is not None:
                        entry["shape"] = list(hdu.data.shape)
                        entry["dtype"] = str(hdu.data.dtype)
                        entry.update(col_digest(hdu.data, "E"))
                    else:
                        entry["shape"] = []
                hdus.append(entry)
        result[rel] = hdus
    json.dump(result, sys.stdout, indent=None, separators=(",", ":"))


main(sys.argv[1])
