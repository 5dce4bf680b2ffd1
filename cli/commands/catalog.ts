/**
 * `gammats catalog NAME [--source S]... [--region DS9] [--which V] [--models-out FILE] [--exclusion-out FILE]`:
 * lists the catalog's sources (all, the named ones, or those in sky regions) and writes their sky models as a
 * Gammapy models YAML to start a fit from, and exclusion regions as DS9.
 */
import { findDataDir } from "../../src/analysis/node.js";
import type { SourceCatalog } from "../../src/catalog/index.js";
import { openCatalog } from "../../src/catalog/node.js";
import { transformTo } from "../../src/coords/frames.js";
import { parseDs9, toDs9 } from "../../src/maps/regions.js";
import { modelsToYaml } from "../../src/modeling/models-io.js";
import { formatTable } from "../format.js";
import { writeOutputFile } from "../output.js";

/** Options of the catalog command. */
export interface CatalogCommandOptions {
  /** Source names or aliases (all sources when neither sources nor region are given). */
  source?: string[];
  /** DS9 region text, e.g. `galactic;circle(0,0,3)`. */
  region?: string;
  /** Model variant (HGPS best/pl/ecpl, 2HWC point/extended, 1LHAASO KM2A/WCDA). */
  which?: string;
  /** Models YAML to write. */
  modelsOut?: string;
  /** DS9 exclusion regions to write. */
  exclusionOut?: string;
  /** Margin (deg) added to each source's extent in the exclusion regions. */
  exclusionMargin?: string;
  /** Catalog file (default: its place in the gammapy-data folder). */
  file?: string;
  json?: boolean;
}

/** The rows selected by `--source` and `--region` (union), all rows when neither is given. */
export function selectRows(cat: SourceCatalog, opts: Pick<CatalogCommandOptions, "source" | "region">): number[] {
  if (!opts.source?.length && !opts.region) return Array.from({ length: cat.length }, (_, i) => i);
  const rows = new Set<number>();
  for (const name of opts.source ?? []) rows.add(cat.rowIndex(name));
  if (opts.region) for (const r of cat.selectRegion(parseDs9(opts.region))) rows.add(r);
  return [...rows].sort((a, b) => a - b);
}

/** Runs the command; returns the text for stdout. */
export function catalogCommand(name: string, opts: CatalogCommandOptions): string {
  const cat = openCatalog(name, { file: opts.file, dataDir: findDataDir() });
  const rows = selectRows(cat, opts);
  if (opts.which !== undefined) cat.checkWhich(opts.which);
  const margin = opts.exclusionMargin === undefined ? 0.3 : Number(opts.exclusionMargin);
  const { models, bySource, skipped } = cat.toModels(rows, opts.which);
  const written: string[] = [];
  if (opts.modelsOut) {
    writeOutputFile(opts.modelsOut, modelsToYaml(models));
    written.push(opts.modelsOut);
  }
  if (opts.exclusionOut) {
    writeOutputFile(opts.exclusionOut, toDs9(cat.exclusionRegions(rows, margin)));
    written.push(opts.exclusionOut);
  }
  const byRow = new Map(bySource.map((s) => [s.row, s.models]));
  const sources = rows.map((i) => {
    const src = cat.source(i);
    const p = src.position;
    const g = transformTo(p, "galactic");
    const list = byRow.get(i) ?? [];
    const m = list[0];
    return {
      row: i,
      name: src.name,
      ra: p.lon,
      dec: p.lat,
      glon: g.lon,
      glat: g.lat,
      spectral: m?.spectralModel.tag.replace("SpectralModel", "") ?? "",
      spatial: list.length > 1 ? `${list.length} components` : (m?.spatialModel?.tag.replace("SpatialModel", "") ?? ""),
      models: list.map((x) => x.name),
    };
  });
  if (opts.json) return JSON.stringify({ catalog: cat.tag, n_sources: cat.length, sources, skipped, written }, null, 1);
  const table = formatTable(
    ["row", "name", "RA", "DEC", "GLON", "GLAT", "spectral", "spatial"],
    sources.map((s) => [
      String(s.row),
      s.name,
      s.ra.toFixed(3),
      s.dec.toFixed(3),
      s.glon.toFixed(3),
      s.glat.toFixed(3),
      s.spectral,
      s.spatial,
    ]),
  );
  const lines = [`${cat.tag}: ${cat.description} (${cat.length} sources)`, "", table, "", `${rows.length} sources`];
  if (models.length !== rows.length) lines.push(`${models.length} models`);
  for (const s of skipped) lines.push(`no model: ${s.reason.startsWith(s.name) ? s.reason : `${s.name}: ${s.reason}`}`);
  for (const w of written) lines.push(`wrote ${w}`);
  return lines.join("\n");
}
