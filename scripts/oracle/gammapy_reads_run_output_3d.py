"""Checks that Gammapy 1.0 reads what `gammats run` wrote for a 3d config: datasets/, models.yaml, flux_points.fits,
excess_map.fits, light_curve.fits. Usage: /usr/bin/python3 scripts/oracle/gammapy_reads_run_output_3d.py OUTDIR"""
import sys
from gammapy.datasets import Datasets
from gammapy.modeling.models import Models
from gammapy.estimators import FluxPoints, FluxMaps
from astropy.table import Table
out = sys.argv[1]
ds = Datasets.read(out + "/datasets/_datasets.yaml")
d = ds[0]
print(d.counts.data.sum(), d.background.data.sum(), d.exposure.data.sum(), d.mask_safe.data.sum(), d.psf.psf_map.data.shape, d.edisp.edisp_map.data.shape)
m = Models.read(out + "/models.yaml"); print(m.names)
d.models = m
print("stat", d.stat_sum())
fp = FluxPoints.read(out + "/flux_points.fits"); print(fp.sed_type_init)
fm = FluxMaps.read(out + "/excess_map.fits"); print(fm.sqrt_ts.data.max())
lc = FluxPoints.read(out + "/light_curve.fits", format="lightcurve"); print(lc.norm.data.ravel())
