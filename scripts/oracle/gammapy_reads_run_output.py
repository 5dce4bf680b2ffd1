"""Checks that Gammapy 1.0 reads what `gammats run` wrote: models.yaml, flux_points.fits and datasets/.
Usage: /usr/bin/python3 scripts/oracle/gammapy_reads_run_output.py OUTDIR   (prints a JSON summary)"""
import json, sys, os
import numpy as np
from gammapy.modeling.models import Models
from gammapy.estimators import FluxPoints
from gammapy.datasets import Datasets

out = sys.argv[1]
models = Models.read(os.path.join(out, "models.yaml"))
fp = FluxPoints.read(os.path.join(out, "flux_points.fits"))
ds = Datasets.read(os.path.join(out, "datasets", "_datasets.yaml"))
t = fp.to_table(sed_type="dnde")
d = ds[0]
print(json.dumps({
    "models": [{"name": m.name, "parameters": {p.name: [float(p.value), float(p.error)] for p in m.parameters}} for m in models],
    "flux_points": {"sed_type_init": fp.sed_type_init, "dnde": [float(x) for x in t["dnde"].quantity.value.ravel()],
                    "is_ul": [bool(x) for x in np.asarray(t["is_ul"]).ravel()]},
    "datasets": {"names": ds.names, "type": type(d).__name__, "counts": float(d.counts.data.sum()),
                 "counts_off": float(d.counts_off.data.sum()), "alpha_sum": float(d.alpha.data.sum()),
                 "info": {k: str(v) for k, v in d.info_dict().items()}},
}, indent=1))
