/**
 * IRF maps on synthetic IRFs: map broadcasting and cutout stacking, PSF maps (normalisation, containment, kernels,
 * exposure-weighted stacking, nearest valid position) and EDisp kernel maps (diagonal default, per-pixel kernels,
 * nearest-pixel lookup). The comparison with Gammapy on real data is in test/makers/map.test.ts.
 */
import { describe, expect, it } from "vitest";
import {
  broadcastPlanes,
  EDispKernelMap,
  EnergyDispersion2D,
  makeEdispKernelMap,
  makePsfMap,
  overlapFraction,
  PSF3D,
  PSFMap,
  RAD_AXIS_DEFAULT,
  stackMapInPlace,
} from "../../src/irf/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { WcsGeom } from "../../src/maps/wcs-geom.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";

const SIGMA = 0.1;
const energyTrue = MapAxis.fromEnergyBounds(0.5, 20, 4, { name: "energy_true" });
const pointing = { raDeg: 83.6, decDeg: 22.5 };

/** A PSF3D with a Gaussian dP/dOmega of width SIGMA deg everywhere, in sr-1. */
function gaussianPsf(): PSF3D {
  const eAxis = MapAxis.fromEnergyBounds(0.1, 100, 10, { name: "energy_true" });
  const offset = MapAxis.fromBounds(0, 3, 6, { name: "offset", unit: "deg" });
  const rad = MapAxis.fromBounds(0, 1, 200, { name: "rad", unit: "deg" });
  const data = new Float64Array(eAxis.nbin * offset.nbin * rad.nbin);
  const rc = rad.center;
  const norm = (180 / Math.PI) ** 2 / (2 * Math.PI * SIGMA * SIGMA);
  for (let i = 0; i < eAxis.nbin * offset.nbin; i++)
    for (let r = 0; r < rad.nbin; r++) data[i * rad.nbin + r] = norm * Math.exp((-0.5 * rc[r] ** 2) / SIGMA ** 2);
  return new PSF3D({ axes: [eAxis, offset, rad], data, unit: "sr-1" });
}

/** An EnergyDispersion2D with a Gaussian migra distribution (mean 1, width 0.1 + 0.02 x offset). */
function gaussianEdisp(): EnergyDispersion2D {
  const eAxis = MapAxis.fromEnergyBounds(0.1, 100, 12, { name: "energy_true" });
  const migra = MapAxis.fromBounds(0.2, 5, 96, { name: "migra" });
  const offset = MapAxis.fromBounds(0, 3, 6, { name: "offset", unit: "deg" });
  const data = new Float64Array(eAxis.nbin * migra.nbin * offset.nbin);
  const mc = migra.center;
  const oc = offset.center;
  for (let e = 0; e < eAxis.nbin; e++)
    for (let m = 0; m < migra.nbin; m++)
      for (let o = 0; o < offset.nbin; o++) {
        const s = 0.1 + 0.02 * oc[o];
        data[(e * migra.nbin + m) * offset.nbin + o] = Math.exp((-0.5 * (mc[m] - 1) ** 2) / s ** 2);
      }
  return new EnergyDispersion2D({ axes: [eAxis, migra, offset], data });
}

function irfGeom(axes: MapAxis[]): WcsGeom {
  return WcsGeom.create({ lonDeg: 83.633, latDeg: 22.014, binszDeg: 0.2, npix: [6, 5], axes });
}

describe("map broadcasting and stacking", () => {
  it("broadcasts non-spatial shapes as numpy (right-aligned, size 1 repeats)", () => {
    expect([...broadcastPlanes([3, 4, 5], [2, 3, 4, 5])]).toEqual([0, 1, 2, 0, 1, 2]);
    expect([...broadcastPlanes([1, 4, 5], [2, 3, 4, 5])]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...broadcastPlanes([2, 1, 4, 5], [2, 3, 4, 5])]).toEqual([0, 0, 0, 1, 1, 1]);
    expect([...broadcastPlanes([4, 5], [2, 3, 4, 5])]).toEqual([0, 0, 0, 0, 0, 0]);
    expect(() => broadcastPlanes([2, 4, 5], [2, 3, 4, 5])).toThrow();
  });

  it("stacks a cutout into its parent with weights, NaN as 0 and unit conversion", () => {
    const axis = MapAxis.fromEnergyBounds(1, 10, 2);
    const parent = WcsGeom.create({ lonDeg: 10, latDeg: 20, binszDeg: 0.1, npix: [8, 6], axes: [axis] });
    const target = WcsNDMap.fromGeom(parent, { dtype: "float32", unit: "m2 s" });
    const part = parent.cutout(9.95, 20.05, 0.2);
    expect([...part.npix]).toEqual([2, 2]);
    const other = WcsNDMap.fromGeom(part, { dtype: "float64", unit: "cm2 s" });
    (other.data as Float64Array).set([1e4, 2e4, Number.NaN, 4e4, 5e4, 6e4, 7e4, 8e4]);
    const weights = WcsNDMap.fromGeom(part, { dtype: "bool" });
    (weights.data as Uint8Array).set([1, 1, 1, 0, 1, 1, 1, 1]);
    stackMapInPlace(target, other, weights);
    const [x0, y0] = [
      Math.round(parent.wcs.params.crpix[0] - part.wcs.params.crpix[0]),
      Math.round(parent.wcs.params.crpix[1] - part.wcs.params.crpix[1]),
    ];
    const at = (p: number, j: number, i: number) => target.data[(p * 6 + y0 + j) * 8 + x0 + i];
    expect([at(0, 0, 0), at(0, 0, 1), at(0, 1, 0), at(0, 1, 1)]).toEqual([1, 2, 0, 0]);
    expect([at(1, 0, 0), at(1, 0, 1), at(1, 1, 0), at(1, 1, 1)]).toEqual([5, 6, 7, 8]);
    expect(target.sum()).toBe(29);
  });
});

describe("PSFMap", () => {
  const geom = irfGeom([RAD_AXIS_DEFAULT, energyTrue]);
  const psfMap = makePsfMap(gaussianPsf(), pointing, geom);

  it("is normalised: the integral of 2 pi r PSF dr over the rad bins is 1", () => {
    const rad = RAD_AXIS_DEFAULT;
    const n = geom.imageSize;
    const nr = rad.nbin;
    for (let e = 0; e < energyTrue.nbin; e++) {
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let r = 0; r < nr; r++)
          s += 2 * Math.PI * rad.center[r] * rad.binWidth[r] * Number(psfMap.psfMap.data[(e * nr + r) * n + i]);
        expect(s / (180 / Math.PI) ** 2).toBeCloseTo(1, 12);
      }
    }
    expect(psfMap.psfMap.unit).toBe("sr-1");
  });

  it("has the Gaussian's containment radii", () => {
    const r68 = psfMap.containmentRadius(0.68, energyTrue.center, 83.633, 22.014);
    const expected = SIGMA * Math.sqrt(-2 * Math.log(1 - 0.68));
    for (const r of r68) expect(Math.abs(r - expected)).toBeLessThan(0.002);
  });

  /** A dataset geometry of 0.02 deg pixels around the map centre. */
  const dataGeom = WcsGeom.create({
    lonDeg: 83.633,
    latDeg: 22.014,
    binszDeg: 0.02,
    npix: [50, 50],
    axes: [energyTrue],
  });

  it("gives odd-sized kernels normalised per energy, symmetric and peaked at the centre", () => {
    const kernel = psfMap.getPsfKernel(83.633, 22.014, dataGeom, { maxRadiusDeg: 0.25 });
    const [nx, ny] = kernel.geom.npix;
    expect(nx % 2).toBe(1);
    expect(nx).toBe(ny);
    expect(nx).toBe(25);
    const n = nx * ny;
    const c = (ny - 1) / 2;
    for (let e = 0; e < energyTrue.nbin; e++) {
      const plane = kernel.data.subarray(e * n, (e + 1) * n);
      expect(plane.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(Math.max(...plane)).toBe(plane[c * nx + c]);
      expect(plane[c * nx + c + 3]).toBeCloseTo(plane[(c + 3) * nx + c], 6);
      expect(plane[c * nx + c - 3]).toBeCloseTo(plane[c * nx + c + 3], 6);
    }
  });

  it("kernels equal a plain sub-pixel evaluation of Gammapy's get_psf_kernel, bit for bit", () => {
    for (const [lon, lat] of [
      [83.633, 22.014],
      [83.71, 21.93],
      [83.4, 22.3],
    ]) {
      const kernel = psfMap.getPsfKernel(lon, lat, dataGeom, { containment: 0.99 });
      const [knx, kny] = kernel.geom.npix;
      // reference: every sub-pixel of the 4x upsampled kernel image, in image order, interpolated point by point
      // (multilinear in pixel coordinates of (energy_true, rad, y, x), extrapolated) and added to its pixel if > 0
      const fine = kernel.geom.toImage().upsample(4);
      const c = kernel.geom.centerSkydir;
      const radPix = geom.axes.get("rad").coordToPix(fine.separation(c.lon, c.lat));
      const { x, y } = geom.skyToPix([lon], [lat]);
      const ePix = energyTrue.coordToPix(energyTrue.center);
      const [pnx, pny] = geom.npix;
      const nr = RAD_AXIS_DEFAULT.nbin;
      const ne = energyTrue.nbin;
      const cell = (p: number, n: number) => {
        const i = Math.min(Math.max(Math.floor(p), 0), n - 2);
        return [i, p - i];
      };
      const value = (e: number, r: number, j: number, i: number) =>
        Number(
          psfMap.psfMap.data[
            ((Math.min(e, ne - 1) * nr + r) * pny + Math.min(j, pny - 1)) * pnx + Math.min(i, pnx - 1)
          ],
        );
      const expected = new Float64Array(kernel.data.length);
      const kn = knx * kny;
      for (let e = 0; e < ne; e++) {
        const [ie, fe] = cell(ePix[e], ne);
        const [iy, fy] = cell(y[0], pny);
        const [ix, fx] = cell(x[0], pnx);
        const profile = Array.from({ length: nr }, (_, r) => {
          let v = 0;
          for (let k = 0; k < 8; k++) {
            const [de, dy, dx] = [k & 1, (k >> 1) & 1, (k >> 2) & 1];
            const w = (de ? fe : 1 - fe) * (dy ? fy : 1 - fy) * (dx ? fx : 1 - fx);
            if (w !== 0) v += w * value(ie + de, r, iy + dy, ix + dx);
          }
          return v;
        });
        const [fnx] = fine.npix;
        for (let k = 0; k < radPix.length; k++) {
          const [i, f] = cell(radPix[k], nr);
          const v = profile[i] * (1 - f) + profile[i + 1] * f;
          const px = k % fnx;
          const py = (k - px) / fnx;
          if (v > 0) expected[e * kn + Math.floor(py / 4) * knx + Math.floor(px / 4)] += v;
        }
        let sum = 0;
        for (let k = 0; k < kn; k++) sum += expected[e * kn + k];
        for (let k = 0; k < kn; k++) expected[e * kn + k] /= sum;
      }
      expect(kernel.data.every((v, i) => Object.is(v, expected[i]))).toBe(true);
    }
  });

  it("stacks with exposure x weight averaging; the exposure adds up", () => {
    const expGeom = geom.withAxes([RAD_AXIS_DEFAULT.squash(), energyTrue]);
    const exposure = (v: number) => {
      const m = WcsNDMap.fromGeom(expGeom, { dtype: "float64", unit: "m2 s" });
      (m.data as Float64Array).fill(v);
      return m;
    };
    const a = new PSFMap(psfMap.psfMap, exposure(1e9));
    const doubled = WcsNDMap.fromGeom(geom, {
      dtype: "float64",
      unit: "sr-1",
      data: Float64Array.from(psfMap.psfMap.data as Float64Array, (v) => 2 * v),
    });
    const b = new PSFMap(doubled, exposure(3e9));
    const weights = WcsNDMap.fromGeom(geom.toImage(), { dtype: "bool" });
    (weights.data as Uint8Array).fill(1);
    weights.data[7] = 0;
    const stacked = PSFMap.fromGeom(geom);
    stacked.stack(a);
    const r68 = stacked.containmentRadius(0.68, energyTrue.center, 83.633, 22.014);
    expect(r68[0]).toBeGreaterThan(0.1);
    stacked.stack(b, weights);
    const n = geom.imageSize;
    const k = 10 * n + 3; // rad bin 10, energy 0, pixel 3
    const v = Number(psfMap.psfMap.data[k]);
    expect(Number(stacked.psfMap.data[k]) / ((v * 1e9 + 2 * v * 3e9) / 4e9)).toBeCloseTo(1, 6);
    expect(Number(stacked.psfMap.data[10 * n + 7]) / Number(psfMap.psfMap.data[10 * n + 7])).toBeCloseTo(1, 6);
    expect(stacked.exposureMap!.data[3]).toBe(4e9);
    expect(stacked.exposureMap!.data[7]).toBe(1e9);
    // the containment integral follows the stacked data (here 1.75 x the PSF, so a smaller "68%" radius)
    const fresh = new PSFMap(stacked.psfMap, stacked.exposureMap);
    const after = stacked.containmentRadius(0.68, energyTrue.center, 83.633, 22.014);
    expect([...after]).toEqual([...fresh.containmentRadius(0.68, energyTrue.center, 83.633, 22.014)]);
    expect(after[0]).toBeLessThan(r68[0]);
  });

  it("uses the nearest valid pixel for kernels at positions without PSF", () => {
    const data = new Float64Array(psfMap.psfMap.data as Float64Array);
    const n = geom.imageSize;
    for (let i = 0; i < data.length; i++) if (i % n !== 0) data[i] = 0;
    const only = new PSFMap(WcsNDMap.fromGeom(geom, { dtype: "float64", data, unit: "sr-1" }));
    const { lon, lat } = geom.imageCoords();
    expect(only.nearestValidPosition(83.633, 22.014)).toEqual([lon[0], lat[0]]);
    expect(only.nearestValidPosition(lon[0], lat[0])).toEqual([lon[0], lat[0]]);
  });
});

describe("EDispKernelMap", () => {
  const energy = MapAxis.fromEnergyBounds(1, 10, 5, { name: "energy" });
  const geom = irfGeom([energy, energyTrue]);

  it("defaults to the overlap fractions of the energy bins (identity for equal axes)", () => {
    const eye = overlapFraction(energy, energy.copy({ name: "energy_true" }));
    for (let t = 0; t < 5; t++) for (let r = 0; r < 5; r++) expect(eye[t * 5 + r]).toBeCloseTo(t === r ? 1 : 0, 12);
    const empty = EDispKernelMap.fromGeom(geom);
    const k = empty.getEdispKernel(83.633, 22.014);
    expect([...k.data]).toEqual([...overlapFraction(energy, energyTrue)].map(Math.fround));
    expect(empty.exposureMap!.unit).toBe("m2 s");
  });

  it("holds the kernel of each pixel's offset and returns the nearest pixel's kernel", () => {
    const edisp = gaussianEdisp();
    const map = makeEdispKernelMap(edisp, pointing, geom);
    const { lon, lat } = geom.imageCoords();
    const n = geom.imageSize;
    for (const pix of [0, 7, n - 1]) {
      const offset = geom.separation(pointing.raDeg, pointing.decDeg)[pix];
      const expected = edisp.toEdispKernel(offset, energyTrue, energy).data;
      const got = map.getEdispKernel(lon[pix] + 1e-6, lat[pix] - 1e-6).data;
      for (let i = 0; i < expected.length; i++) expect(got[i]).toBeCloseTo(expected[i], 14);
    }
    // just below / above halfway between pixels 0 and 1 along lon
    const side = (dx: number) => {
      const w = geom.wcs.pixToWorld([dx], [0]);
      return [...map.getEdispKernel(w.lon[0], w.lat[0]).data];
    };
    expect(side(0.49)).toEqual(side(0));
    expect(side(0.51)).toEqual(side(1));
    expect(side(0.51)).not.toEqual(side(0));
  });
});
