#!/usr/bin/python3
"""Writes the exclusion masks of the benchmark configs (bench/configs/exclusion-*.fits.gz) with Gammapy 1.0: a 6 x 6 deg
TAN map of 0.02 deg pixels around each target, True outside a circle around the source (as the joint-crab mask used by
examples/crab-3d.yaml). Rerun: /usr/bin/python3 bench/configs/make_exclusion_masks.py"""
import os
import astropy.units as u
from astropy.coordinates import SkyCoord
from regions import CircleSkyRegion
from gammapy.maps import WcsGeom

here = os.path.dirname(os.path.abspath(__file__))
# name: (RA, Dec, excluded radius) in deg
targets = {
    "pks2155": (329.71694, -30.22559, 0.3),  # point source
    "msh1552": (228.53, -59.16, 0.5),  # PWN, about 0.1 deg Gaussian width
    "rxj1713": (258.39, -39.76, 1.0),  # shell of about 0.6 deg radius
}
for name, (ra, dec, radius) in targets.items():
    center = SkyCoord(ra, dec, unit="deg", frame="icrs")
    geom = WcsGeom.create(skydir=center, binsz=0.02, width=6 * u.deg, proj="TAN", frame="icrs")
    mask = geom.region_mask([CircleSkyRegion(center, radius * u.deg)], inside=False)
    mask.write(os.path.join(here, f"exclusion-{name}.fits.gz"), overwrite=True)
