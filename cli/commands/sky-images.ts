/** Writes counts.png, significance.png and residuals.png (with their SVGs) of a map dataset. */
import { join } from "node:path";
import type { MapDataset } from "../../src/datasets/map-dataset.js";
import type { ExcessMaps } from "../../src/estimators/excess-map.js";
import { writeFileAtomic } from "../../src/fits/node.js";
import { smoothMap } from "../../src/maps/smooth.js";
import { WcsNDMap } from "../../src/maps/wcs-map.js";
import { skyImageSvg } from "../../src/plot/index.js";
import { writePng } from "../../src/plot/node.js";

/**
 * Sky images of a map dataset summed over energy: counts, the excess map's significance (first energy bin), and
 * residuals (counts - npred) / sqrt(npred) of the fitted models after 0.1 deg Gaussian smoothing of both (as Gammapy's
 * `plot_residuals_spatial`). Returns the file names written.
 */
export function writeSkyImages(outDir: string, dataset: MapDataset, excess: ExcessMaps | undefined): string[] {
  const geom = dataset.counts.geom;
  const [nx, ny] = geom.npix;
  const npix = nx * ny;
  const nE = geom.axes.axes[0].nbin;
  const counts = new Float64Array(npix);
  const npredImage = new Float64Array(npix);
  const npred = dataset.npred();
  for (let e = 0; e < nE; e++)
    for (let i = 0; i < npix; i++) {
      if (!dataset.maskSafe[e * npix + i]) continue;
      counts[i] += Number(dataset.counts.data[e * npix + i]);
      npredImage[i] += npred[e * npix + i];
    }
  const frame = geom.frame;
  const base = {
    nx,
    ny,
    pixToWorld: (x: number, y: number) => {
      const w = geom.wcs.pixToWorld([x], [y]);
      return { lon: w.lon[0], lat: w.lat[0] };
    },
    lonLabel: frame === "icrs" ? "Right Ascension (deg)" : "Galactic Longitude (deg)",
    latLabel: frame === "icrs" ? "Declination (deg)" : "Galactic Latitude (deg)",
  };
  const written: string[] = [];
  const write = (name: string, svg: string) => {
    writeFileAtomic(join(outDir, `${name}.svg`), svg);
    writePng(join(outDir, `${name}.png`), svg);
    written.push(`${name}.png`, `${name}.svg`);
  };
  write(
    "counts",
    skyImageSvg({ ...base, title: "Counts", values: counts, colorbarLabel: "Counts", colormap: "viridis" }),
  );
  if (excess?.maps.sqrt_ts)
    write(
      "significance",
      skyImageSvg({
        ...base,
        title: "Significance",
        values: excess.maps.sqrt_ts.subarray(0, npix),
        colorbarLabel: "Significance (sqrt TS)",
        colormap: "inferno",
      }),
    );
  // as Gammapy's residual images: counts and npred smoothed with a 0.1 deg Gaussian, then (counts - npred) / sqrt(npred)
  const image = geom.toImage();
  const smoothed = (values: Float64Array) =>
    smoothMap(new WcsNDMap(image, values, ""), 0.1, "gauss").data as Float64Array;
  const countsSmooth = smoothed(counts);
  const npredSmooth = smoothed(npredImage);
  const residuals = countsSmooth.map((c, i) =>
    npredSmooth[i] > 0 ? (c - npredSmooth[i]) / Math.sqrt(npredSmooth[i]) : Number.NaN,
  );
  write(
    "residuals",
    skyImageSvg({
      ...base,
      title: "Residuals",
      values: residuals,
      colorbarLabel: "(counts - npred) / sqrt(npred), 0.1 deg smoothing",
      colormap: "RdBu_r",
    }),
  );
  return written;
}
