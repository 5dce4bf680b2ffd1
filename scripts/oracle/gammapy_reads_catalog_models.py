"""Checks that Gammapy 1.0 reads the models YAML that `gammats catalog NAME --source ... --models-out` writes, and that
the models it reads equal Gammapy's own `sky_model()` (HGPS: `components_models()`) for the sources of
test/fixtures/catalog/gammapy_catalogs.json: every parameter value and error, converted to a common unit, within 1e-6
(relative), and the same model types and frames. Prints a JSON summary (worst relative difference per catalog).
Usage: GAMMAPY_DATA=../shared/data /usr/bin/python3 scripts/oracle/gammapy_reads_catalog_models.py
"""
import json
import os
import subprocess
import sys
import tempfile
import warnings

import numpy as np
import astropy.units as u
from gammapy.catalog import CATALOG_REGISTRY
from gammapy.modeling.models import Models

warnings.simplefilter("ignore")
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
FIXTURE = json.load(open(os.path.join(ROOT, "test", "fixtures", "catalog", "gammapy_catalogs.json")))


def rel(a, b):
    if (np.isnan(a) and np.isnan(b)) or a == b:
        return 0.0
    return abs(a - b) / abs(b) if b != 0 else abs(a)


def compare(ours, theirs):
    """Worst relative difference of parameter values and errors (in the reference's units); types and frames equal."""
    worst = 0.0
    for part in ["spectral_model", "spatial_model"]:
        a, b = getattr(ours, part), getattr(theirs, part)
        assert type(a) is type(b), (ours.name, type(a), type(b))
        if hasattr(b, "frame"):
            assert a.frame == b.frame, (ours.name, a.frame, b.frame)
        for pa, pb in zip(a.parameters, b.parameters):
            assert pa.name == pb.name
            factor = (1 * u.Unit(pa.unit)).to_value(pb.unit)
            worst = max(worst, rel(pa.value * factor, pb.value), rel(pa.error * factor, pb.error))
    return worst


summary = {}
with tempfile.TemporaryDirectory() as tmp:
    for tag, fx in FIXTURE.items():
        cat = CATALOG_REGISTRY.get_cls(tag)()
        for which in ([None, "extended"] if tag == "2hwc" else [None]):
            sources = [s for s in fx["sources"] if s.get("sky_model") and s.get("which") == which]
            expected = {}
            for s in sources:
                src = cat[s["row"]]
                try:
                    if tag == "hgps":
                        models = list(src.components_models())
                    elif which:
                        models = [src.sky_model(which)]
                    else:
                        models = [src.sky_model()]
                except Exception:  # noqa: BLE001
                    continue
                if any(np.isnan(p.value) for m in models for p in m.parameters):
                    continue
                for m in models:
                    expected[m.name] = m
            out = os.path.join(tmp, f"{tag}-{which}.yaml")
            cmd = ["npx", "tsx", "cli/main.ts", "catalog", tag, "--models-out", out, "--json"]
            for s in sources:
                cmd += ["--source", s["name"]]
            if which:
                cmd += ["--which", which]
            subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
            read = Models.read(out)
            worst = 0.0
            n = 0
            for m in read:
                if m.name in expected:
                    worst = max(worst, compare(m, expected[m.name]))
                    n += 1
            key = tag if which is None else f"{tag} ({which})"
            summary[key] = {"models_read": len(read), "compared": n, "expected": len(expected), "worst_rel_diff": worst}

print(json.dumps(summary, indent=1))
ok = all(v["worst_rel_diff"] <= 1e-6 and v["compared"] == v["expected"] for v in summary.values())
sys.exit(0 if ok else 1)
