/**
 * `gammats info FILE`: the HDUs of a FITS file, like astropy's `fits.info()`, plus GADF classes.
 */
import { BinTableHdu, type FitsFile, ImageHdu } from "../../src/fits/index.js";
import { formatTable } from "../format.js";

/** One HDU as the CLI lists it. */
export interface HduSummary {
  index: number;
  name: string;
  type: string;
  /** Image shape (C order) or `[rows]` for tables. */
  dimensions: number[];
  columns?: number;
  /** HDUCLAS1..4 joined by '/', if present. */
  gadfClass?: string;
}

/** Summaries of all HDUs of a file. */
export function summarizeHdus(file: FitsFile): HduSummary[] {
  return file.hdus.map((h) => {
    const classes = [1, 2, 3, 4].map((i) => h.header.get(`HDUCLAS${i}`)).filter((v) => typeof v === "string");
    const base: HduSummary = {
      index: h.index,
      name: h.name,
      type: h.type,
      dimensions: h instanceof ImageHdu ? h.shape : h instanceof BinTableHdu ? [h.nrows] : [],
      gadfClass: classes.length ? classes.join("/") : undefined,
    };
    if (h instanceof BinTableHdu) base.columns = h.columns.length;
    return base;
  });
}

/** The HDU list as text. */
export function formatHdus(path: string, hdus: readonly HduSummary[]): string {
  const rows = hdus.map((h) => [
    String(h.index),
    h.name,
    h.type,
    h.type === "bintable"
      ? `${h.dimensions[0]} rows x ${h.columns} cols`
      : h.dimensions.length
        ? `(${h.dimensions.join(", ")})`
        : "()",
    h.gadfClass ?? "",
  ]);
  return `Filename: ${path}\n${formatTable(["No.", "Name", "Type", "Dimensions", "Class"], rows)}`;
}
