#!/usr/bin/python3
"""Oracle for `gammats bin`: the counts cube of the four H.E.S.S. Crab runs made by Gammapy's
MapDatasetMaker(selection=["counts"]) on the geometry of ../shared/reference/run_gammapy_counts.py, as the list of
non-zero voxels (flat C index, value).

Usage: GAMMAPY_DATA=/work/shared/data /usr/bin/python3 scripts/oracle/counts_cube.py > test/fixtures/maps/crab-counts-cube.json
"""
import json, os, sys, warnings
warnings.simplefilter("ignore")
from astropy import log
log.setLevel("ERROR")
import numpy as np
from astropy.coordinates import SkyCoord
from gammapy.data import DataStore
from gammapy.datasets import MapDataset
from gammapy.makers import MapDatasetMaker
from gammapy.maps import MapAxis, WcsGeom

store = DataStore.from_dir(os.path.join(os.environ["GAMMAPY_DATA"], "hess-dl3-dr1"))
energy = MapAxis.from_energy_bounds("1 TeV", "10 TeV", nbin=10, name="energy")
geom = WcsGeom.create(skydir=SkyCoord(83.633, 22.014, unit="deg"), binsz=0.02, width=(2, 2), frame="icrs", proj="CAR", axes=[energy])
maker = MapDatasetMaker(selection=["counts"])
empty = MapDataset.create(geom)
total = np.zeros(geom.data_shape)
for obs in store.get_observations([23523, 23526, 23559, 23592]):
    total += maker.run(empty, obs).counts.data
flat = total.ravel()
nz = np.nonzero(flat)[0]
json.dump({"shape": list(total.shape), "sum": float(total.sum()), "index": nz.tolist(), "value": flat[nz].tolist()}, sys.stdout)
