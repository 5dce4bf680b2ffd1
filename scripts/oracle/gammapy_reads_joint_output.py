"""Checks that Gammapy 1.0 reads what gammats wrote for issue 10: the models.yaml + models_covariance.dat of
`gammats fit` (test/cli/fit.test.ts) and a datasets YAML with every dataset kind (spectrum OGIP, FluxPointsDataset,
MapDataset, MapDatasetOnOff; test/datasets/datasets.test.ts), both kept with GAMMATS_WRITE_DIR. Writes what Gammapy
read into test/fixtures/joint/gammapy-reads-gammats.json; the tests compare it with their own values.
Run: GAMMATS_WRITE_DIR=/tmp/gw npx vitest run test/cli/fit.test.ts test/datasets/datasets.test.ts
     /usr/bin/python3 scripts/oracle/gammapy_reads_joint_output.py /tmp/gw"""
import json, os, sys
import numpy as np
from gammapy.datasets import Datasets, FluxPointsDataset, MapDataset, MapDatasetOnOff
from gammapy.modeling.models import Models

HERE = os.path.dirname(os.path.abspath(__file__))
base = sys.argv[1]
models = Models.read(os.path.join(base, "fit-joint", "models.yaml"))
out = {
    "models": {
        "names": list(models.parameters_unique_names),
        "values": [float(p.value) for p in models.parameters],
        "errors": [float(p.error) for p in models.parameters],
        "covariance": np.asarray(models.covariance.data).tolist(),
    },
    "datasets": [],
}
for d in Datasets.read(os.path.join(base, "all-kinds", "_datasets.yaml"), lazy=False):
    e = {"name": d.name, "type": type(d).__name__}
    if isinstance(d, FluxPointsDataset):
        e["dnde"] = [float(x) for x in d.data.dnde.data.ravel()]
        e["mask_safe"] = [bool(x) for x in np.asarray(d.mask_safe).ravel()]
    else:
        e["counts"] = float(d.counts.data.sum())
        e["mask_safe"] = int(np.sum(d.mask_safe.data))
        if isinstance(d, (MapDatasetOnOff,)) or hasattr(d, "counts_off"):
            e["counts_off"] = float(d.counts_off.data.sum())
            e["alpha_mean"] = float(np.mean(d.alpha.data))
        if isinstance(d, MapDataset) and not hasattr(d, "counts_off"):
            e["background"] = float(d.background.data.sum())
        e["exposure"] = float(d.exposure.data.sum())
    out["datasets"].append(e)
with open(os.path.join(HERE, "..", "..", "test", "fixtures", "joint", "gammapy-reads-gammats.json"), "w") as f:
    json.dump(out, f, indent=1)
print(json.dumps(out)[:600])
