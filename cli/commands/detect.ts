/**
 * `gammats detect DATASET`: point-source detection in a map dataset (Gammapy's MapDataset FITS, or a datasets YAML
 * index whose first map dataset is used): TS map, peaks above the threshold, candidates fitted jointly; prints the
 * candidates, writes their models YAML and a significance map with the candidates marked.
 */
import { extname } from "node:path";
import { MapDataset } from "../../src/datasets/map-dataset.js";
import { readDatasets } from "../../src/datasets/node.js";
import { type DetectionResult, detectSources } from "../../src/estimators/detect.js";
import { openFits } from "../../src/fits/node.js";
import { mapDatasetFromParts } from "../../src/makers/index.js";
import { readMapDatasetParts } from "../../src/makers/map-dataset-io.js";
import { modelsToYaml } from "../../src/modeling/models-io.js";
import { skyImageSvg } from "../../src/plot/index.js";
import { svgToPng } from "../../src/plot/node.js";
import { GammatsError } from "../../src/util/errors.js";
import { formatTable } from "../format.js";
import { writeOutputFile } from "../output.js";

/** Options of the detect command (strings as given on the command line). */
export interface DetectCommandOptions {
  threshold?: string;
  minDistance?: string;
  kernelWidth?: string;
  energy?: string;
  fit?: boolean;
  modelsOut?: string;
  plot?: string;
  json?: boolean;
}

function number(value: string | undefined, key: string, fallback: number | undefined): number | undefined {
  if (value === undefined) return fallback;
  const v = Number(value);
  if (!Number.isFinite(v)) throw new GammatsError("BAD_ARGUMENT", `'${value}' is not a number`, { key }, "a number");
  return v;
}

/** Reads a map dataset from a MapDataset FITS file or the first map dataset of a datasets YAML index. */
export function readMapDatasetFile(path: string): MapDataset {
  if ([".yaml", ".yml"].includes(extname(path))) {
    const map = [...readDatasets(path)].find((d): d is MapDataset => d instanceof MapDataset);
    if (!map)
      throw new GammatsError("BAD_ARGUMENT", "the index lists no map dataset", { file: path }, "a MapDataset entry");
    return map;
  }
  const fits = openFits(path);
  try {
    return mapDatasetFromParts(readMapDatasetParts(fits).parts);
  } finally {
    fits.close();
  }
}

/** Writes the significance map of a detection with the peaks marked (SVG and PNG). */
export function writeDetectionPlot(path: string, r: DetectionResult): void {
  const geom = r.tsMaps.geom;
  const [nx, ny] = geom.npix;
  const frame = geom.frame;
  const svg = skyImageSvg({
    title: "Significance (TS map) and detected sources",
    values: r.tsMaps.maps.sqrt_ts.subarray(0, nx * ny),
    nx,
    ny,
    pixToWorld: (x, y) => {
      const w = geom.wcs.pixToWorld([x], [y]);
      return { lon: w.lon[0], lat: w.lat[0] };
    },
    lonLabel: frame === "icrs" ? "Right Ascension (deg)" : "Galactic Longitude (deg)",
    latLabel: frame === "icrs" ? "Declination (deg)" : "Galactic Latitude (deg)",
    colorbarLabel: "Significance (sqrt TS)",
    colormap: "viridis",
    overlays: r.peaks.map((p, k) => ({ kind: "marker" as const, x: p.x, y: p.y, sizePx: 22, label: String(k + 1) })),
  });
  const base = path.replace(/\.(png|svg)$/i, "");
  writeOutputFile(`${base}.svg`, svg);
  writeOutputFile(`${base}.png`, svgToPng(svg));
}

/** Runs the command; returns the text for stdout. */
export function detectCommand(datasetPath: string, opts: DetectCommandOptions): string {
  const threshold = number(opts.threshold, "--threshold", 5) as number;
  const minDistanceDeg = number(opts.minDistance, "--min-distance", 0.25) as number;
  const kernelWidthDeg = number(opts.kernelWidth, "--kernel-width", undefined);
  let energyEdgesTeV: number[] | undefined;
  if (opts.energy) {
    energyEdgesTeV = opts.energy.split(":").map((v) => Number(v));
    if (energyEdgesTeV.length !== 2 || !energyEdgesTeV.every((e) => e > 0) || energyEdgesTeV[1] <= energyEdgesTeV[0])
      throw new GammatsError(
        "BAD_ARGUMENT",
        `bad energy range '${opts.energy}'`,
        { key: "--energy" },
        "min:max in TeV",
      );
  }
  const dataset = readMapDatasetFile(datasetPath);
  const r = detectSources(dataset, {
    threshold,
    minDistanceDeg,
    fit: opts.fit ?? true,
    tsMap: { kernelWidthDeg, energyEdgesTeV },
  });
  const written: string[] = [];
  if (opts.modelsOut) {
    writeOutputFile(opts.modelsOut, modelsToYaml(r.models));
    written.push(opts.modelsOut);
  }
  if (opts.plot) {
    writeDetectionPlot(opts.plot, r);
    const base = opts.plot.replace(/\.(png|svg)$/i, "");
    written.push(`${base}.png`, `${base}.svg`);
  }
  if (opts.json)
    return JSON.stringify(
      { dataset: dataset.name, threshold, min_distance_deg: minDistanceDeg, sources: r.sources, written },
      (_k, v) => (typeof v === "number" && !Number.isFinite(v) ? null : v),
      1,
    );
  const fmt = (v: number, e: number, d: number) => `${v.toFixed(d)} ± ${e.toFixed(d)}`;
  const table = formatTable(
    ["name", "peak sqrt(TS)", "RA (deg)", "DEC (deg)", "amplitude (cm-2 s-1 TeV-1)", "TS"],
    r.sources.map((s) => [
      s.name,
      s.peak.value.toFixed(2),
      fmt(s.ra, s.raErr, 4),
      fmt(s.dec, s.decErr, 4),
      `${s.amplitude.toExponential(3)} ± ${s.amplitudeErr.toExponential(2)}`,
      s.ts.toFixed(1),
    ]),
  );
  const lines = [
    `${r.peaks.length} peaks above sqrt(TS) = ${threshold} (minimum distance ${minDistanceDeg} deg) in ${dataset.name}`,
  ];
  if (r.sources.length) lines.push("", table);
  if (r.fitResult)
    lines.push("", `fit: success=${r.fitResult.success}, total_stat=${r.fitResult.totalStat.toFixed(3)}`);
  for (const w of written) lines.push(`wrote ${w}`);
  return lines.join("\n");
}
