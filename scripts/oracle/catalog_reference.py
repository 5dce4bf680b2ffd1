"""Expected catalog values from Gammapy 1.0: for 20 sources per catalog (chosen across spectral and spatial types),
the `sky_model()` parameters (values and errors in Gammapy's default units: TeV, cm-2 s-1 TeV-1, deg), flux points
(dnde representation and norms), 3FGL light curves and name lookups by alias.
Writes test/fixtures/catalog/gammapy_catalogs.json.
Usage: GAMMAPY_DATA=../shared/data /usr/bin/python3 scripts/oracle/catalog_reference.py
"""
import json
import os
import warnings

import numpy as np
import astropy.units as u
from gammapy.catalog import (
    SourceCatalog2HWC,
    SourceCatalog3FGL,
    SourceCatalog3FHL,
    SourceCatalog3HWC,
    SourceCatalogGammaCat,
    SourceCatalogHGPS,
)

warnings.simplefilter("ignore")
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "test", "fixtures", "catalog", "gammapy_catalogs.json")


def num(x):
    """A float for JSON; non-finite values as the strings "NaN", "Infinity", "-Infinity" (JavaScript's Number())."""
    x = float(x)
    if np.isnan(x):
        return "NaN"
    return x if np.isfinite(x) else ("Infinity" if x > 0 else "-Infinity")


def model_dict(model):
    """Type, frame and parameters of a spectral or spatial model in the model's default units."""
    if model is None:
        return None
    default = type(model)()
    params = []
    for p in model.parameters:
        unit = default.parameters[p.name].unit
        factor = (1 * u.Unit(p.unit)).to_value(unit) if str(p.unit) != str(unit) else 1.0
        params.append(
            {
                "name": p.name,
                "value": num(p.value * factor),
                "error": num(p.error * factor),
                "unit": str(unit.to_string("fits")) if str(unit) else "",
                "frozen": bool(p.frozen),
            }
        )
    out = {"type": type(model).__name__, "parameters": params}
    if hasattr(model, "frame"):
        out["frame"] = model.frame
    return out


def sky_model_dict(m):
    return {"name": m.name, "spectral": model_dict(m.spectral_model), "spatial": model_dict(m.spatial_model)}


def flux_points_dict(fp):
    t = fp.to_table(sed_type="dnde")
    out = {"sed_type_init": fp.sed_type_init}
    for c in ["e_ref", "e_min", "e_max"]:
        if c in t.colnames:
            out[c] = [num(v) for v in t[c].quantity.to_value("TeV")]
    for c in ["dnde", "dnde_err", "dnde_errn", "dnde_errp", "dnde_ul"]:
        if c in t.colnames:
            out[c] = [num(v) for v in t[c].quantity.to_value("cm-2 s-1 TeV-1").ravel()]
    for c in ["norm", "norm_err", "norm_errn", "norm_errp", "norm_ul"]:
        if c in fp.available_quantities:
            out[c] = [num(v) for v in getattr(fp, c).data.ravel()]
    out["is_ul"] = [bool(v) for v in np.asarray(fp.is_ul.data).ravel()]
    if "sqrt_ts" in fp.available_quantities:
        out["sqrt_ts"] = [num(v) for v in fp.sqrt_ts.data.ravel()]
    return out


def light_curve_dict(lc):
    t = lc.to_table(format="lightcurve", sed_type="flux")
    out = {"time_min": [float(v) for v in t["time_min"]], "time_max": [float(v) for v in t["time_max"]]}
    for c in ["flux", "flux_errp", "flux_errn", "flux_ul"]:
        out[c] = [num(v) for v in t[c].quantity.to_value("cm-2 s-1").ravel()]
    out["is_ul"] = [bool(v) for v in np.asarray(t["is_ul"]).ravel()]
    out["e_min"] = [num(v) for v in np.asarray(t["e_min"].quantity.to_value("TeV")).ravel()[:1]]
    out["e_max"] = [num(v) for v in np.asarray(t["e_max"].quantity.to_value("TeV")).ravel()[:1]]
    return out


def pick(cat, groups, n_total=20):
    """Row indices: the first rows of each group (predicate, count), then more rows of any group to reach n_total."""
    rows = []
    for predicate, count in groups + [(p, n_total) for p, _ in groups]:
        taken = 0
        for i in range(len(cat.table)):
            if taken == count or len(rows) == n_total:
                break
            if i not in rows and predicate(cat, i):
                rows.append(i)
                taken += 1
    return rows[:n_total]


def entry(cat, i, with_fp=True, with_lc=False, sky_model=None):
    src = cat[i]
    d = {"row": i, "name": src.name}
    try:
        d["sky_model"] = sky_model_dict(sky_model(src) if sky_model else src.sky_model())
    except Exception as e:  # noqa: BLE001
        d["error"] = f"{type(e).__name__}: {e}"
    if with_fp:
        try:
            d["flux_points"] = flux_points_dict(src.flux_points)
        except Exception as e:  # noqa: BLE001
            d["flux_points_error"] = f"{type(e).__name__}: {e}"
    if with_lc:
        d["light_curve"] = light_curve_dict(src.lightcurve())
    return d


def fermi_spec(name):
    return lambda cat, i: cat.table["SpectrumType"][i].strip() == name


def fermi_extended(forms, key):
    def pred(cat, i):
        ext = cat.table["Extended_Source_Name"][i].strip()
        if not ext:
            return False
        row = [r for r in cat.extended_sources_table if r["Source_Name"].strip() == ext][0]
        return row[key].strip() in forms

    return pred


def lookups(cat, names):
    return {n: int(cat.row_index(n)) for n in names}


out = {}

# 3FGL: all four spectral types, extended disks and Gaussians; light curves for three sources
cat = SourceCatalog3FGL()
rows = pick(
    cat,
    [
        (lambda c, i: c.table["Source_Name"][i].strip() == "3FGL J0534.5+2201", 1),
        (fermi_spec("PLSuperExpCutoff"), 4),
        (fermi_spec("PLExpCutoff"), 4),
        (fermi_spec("LogParabola"), 4),
        (fermi_spec("PowerLaw"), 3),
        (fermi_extended({"Disk"}, "Model_Form"), 2),
        (fermi_extended({"2D Gaussian"}, "Model_Form"), 2),
    ],
)
out["3fgl"] = {
    "n_sources": len(cat.table),
    "sources": [entry(cat, i, with_lc=k < 3) for k, i in enumerate(rows)],
    "template_sources": [cat.source_name(i) for i in range(len(cat.table)) if fermi_extended({"Map", "Ring", "2D Gaussian x2"}, "Model_Form")(cat, i)],
    "lookups": lookups(cat, ["Crab", "Vela", "3FGL J0534.5+2201", "W44", "1FHL J0534.5+2201"]),
}

cat = SourceCatalog3FHL()
rows = pick(
    cat,
    [
        (fermi_spec("LogParabola"), 8),
        (fermi_spec("PowerLaw"), 8),
        (fermi_extended({"RadialDisk"}, "Spatial_Function"), 2),
        (fermi_extended({"RadialGauss"}, "Spatial_Function"), 2),
    ],
)
out["3fhl"] = {
    "n_sources": len(cat.table),
    "sources": [entry(cat, i) for i in rows],
    "lookups": lookups(cat, ["Crab Nebula", "3FHL J0534.5+2201", "Vela X", "Vela Pulsar"]),
}

cat = SourceCatalog2HWC()
ext = [i for i in range(len(cat.table)) if np.isfinite(cat.table["spec1_dnde"][i])]
rows = list(range(0, 40, 2))
out["2hwc"] = {
    "n_sources": len(cat.table),
    "sources": [entry(cat, i, with_fp=False) for i in rows]
    + [dict(entry(cat, i, with_fp=False, sky_model=lambda s: s.sky_model("extended")), which="extended") for i in ext[:8]],
    "lookups": lookups(cat, ["2HWC J0534+220", "2HWC J1819-150*"]),
}

cat = SourceCatalog3HWC()
disk = [i for i in range(len(cat.table)) if cat.table["spec0_radius"][i] > 0]
rows = disk + [i for i in range(0, 65, 4) if i not in disk]
out["3hwc"] = {
    "n_sources": len(cat.table),
    "sources": [entry(cat, i, with_fp=False) for i in rows[:20]],
    "lookups": lookups(cat, ["3HWC J0534+220"]),
}


def hgps_kind(spectral, spatial):
    return lambda c, i: c.table["Spectral_Model"][i].strip() == spectral and c.table["Spatial_Model"][i].strip() == spatial


cat = SourceCatalogHGPS()
rows = pick(
    cat,
    [
        (hgps_kind("PL", "Gaussian"), 5),
        (hgps_kind("ECPL", "Gaussian"), 4),
        (hgps_kind("PL", "Shell"), 3),
        (hgps_kind("ECPL", "Shell"), 1),
        (hgps_kind("PL", "Point-Like"), 2),
        (hgps_kind("ECPL", "Point-Like"), 2),
        (lambda c, i: c.table["Spatial_Model"][i].strip() in ("2-Gaussian", "3-Gaussian"), 3),
    ],
)
hgps = []
for i in rows:
    src = cat[i]
    d = entry(cat, i) if src.data["Spatial_Model"] not in ("2-Gaussian", "3-Gaussian") else entry(cat, i, sky_model=lambda s: s.components_models()[0])
    d["components_models"] = [sky_model_dict(m) for m in src.components_models()]
    d["components_models_ecpl"] = [sky_model_dict(m) for m in src.components_models(which="ecpl")]
    d["components_models_pl"] = [sky_model_dict(m) for m in src.components_models(which="pl")]
    d["energy_range"] = [float(v) for v in src.energy_range.to_value("TeV")]
    hgps.append(d)
out["hgps"] = {
    "n_sources": len(cat.table),
    "n_components": len(cat.table_components),
    "sources": hgps,
    "lookups": lookups(cat, ["HESS J1843-033", "Vela X", "Vela Junior"]),
}


def gc_kind(spectral, morph):
    return lambda c, i: c.table["spec_type"][i].strip() == spectral and c.table["morph_type"][i].strip() == morph


cat = SourceCatalogGammaCat()
rows = pick(
    cat,
    [
        (lambda c, i: c.table["common_name"][i].strip() == "Crab nebula", 1),
        (gc_kind("pl", "point"), 3),
        (gc_kind("pl", "gauss"), 4),
        (gc_kind("pl", "shell"), 2),
        (gc_kind("pl2", "point"), 1),
        (gc_kind("pl2", "gauss"), 2),
        (gc_kind("pl2", "shell"), 1),
        (gc_kind("ecpl", "point"), 3),
        (gc_kind("ecpl", "gauss"), 2),
        (gc_kind("ecpl", "shell"), 1),
    ],
)
out["gamma-cat"] = {
    "n_sources": len(cat.table),
    "sources": [entry(cat, i) for i in rows],
    "lookups": lookups(cat, ["Crab nebula", "Vela Junior", "RX J1713.7-3946", "HESS J1713-397"]),
}

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(out, f, indent=None, separators=(",", ":"))
print({k: len(v["sources"]) for k, v in out.items()})
