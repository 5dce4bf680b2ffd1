/**
 * GADF DL3 HDUs (AEFF_2D, EDISP_2D, PSF_3GAUSS, BKG_2D) for the simulation IRFs, laid out as H.E.S.S. DL3 DR1 and
 * Gammapy write them: one row, `<AXIS>_LO/_HI` columns in the order ENERG, (MIGRA,) THETA, and data cells whose
 * TDIM lists the axes in that column order (C order: the axes reversed).
 */
import type { CardInput, ColumnSpec, TableHduSpec } from "../fits/writer.js";
import type { MapAxis } from "../maps/axis.js";
import { transpose } from "../util/ndarray.js";
import type { MetaValue } from "../util/table.js";
import type { SimulationIrfs } from "./irfs.js";

/** HDU names used in simulated files (Gammapy's default EXTNAMEs). */
export const SIM_IRF_HDU_NAMES = {
  aeff: "EFFECTIVE AREA",
  edisp: "ENERGY DISPERSION",
  psf: "PSF_2D_GAUSS",
  bkg: "BACKGROUND",
} as const;

const AXIS_COLUMNS: Readonly<Record<string, { prefix: string; unit: string }>> = {
  energy_true: { prefix: "ENERG", unit: "TeV" },
  energy: { prefix: "ENERG", unit: "TeV" },
  offset: { prefix: "THETA", unit: "deg" },
  migra: { prefix: "MIGRA", unit: "" },
};

function axisColumns(axes: readonly MapAxis[]): ColumnSpec[] {
  const out: ColumnSpec[] = [];
  for (const a of axes) {
    const spec = AXIS_COLUMNS[a.name];
    const e = a.edges;
    const n = a.nbin;
    out.push(
      { name: `${spec.prefix}_LO`, data: e.slice(0, n), cellShape: [n], tdim: true, unit: spec.unit },
      { name: `${spec.prefix}_HI`, data: e.slice(1, n + 1), cellShape: [n], tdim: true, unit: spec.unit },
    );
  }
  return out;
}

/** The data in C order over `axes` reversed (the cell of a GADF column whose TDIM lists the axes in order). */
function cell(data: Float64Array, axes: readonly MapAxis[]): { data: Float64Array; cellShape: number[] } {
  const t = transpose(
    data,
    axes.map((a) => a.nbin),
  );
  return { data: t.data, cellShape: t.shape };
}

/** The GADF class cards HDUCLASS, HDUDOC, HDUVERS, HDUCLAS1 (and HDUCLAS2 when given). */
export function gadfCards(hduclas1: string, hduclas2?: string): CardInput[] {
  const out: CardInput[] = [
    { key: "HDUCLASS", value: "GADF", comment: "Signal conformance with the GADF data format" },
    { key: "HDUDOC", value: "https://github.com/open-gamma-ray-astro/gamma-astro-data-formats" },
    { key: "HDUVERS", value: "0.2" },
    { key: "HDUCLAS1", value: hduclas1 },
  ];
  if (hduclas2 !== undefined) out.push({ key: "HDUCLAS2", value: hduclas2 });
  return out;
}

function cards(
  hduclas2: string,
  hduclas4: string,
  meta: Readonly<Record<string, MetaValue>>,
  extra: readonly CardInput[] = [],
): CardInput[] {
  const out: CardInput[] = [
    ...gadfCards("RESPONSE", hduclas2),
    { key: "HDUCLAS3", value: "FULL-ENCLOSURE" },
    { key: "HDUCLAS4", value: hduclas4 },
    ...extra,
  ];
  for (const [key, value] of Object.entries(meta)) {
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") out.push({ key, value });
  }
  return out;
}

/**
 * The four IRF HDUs of `irfs` (as `makeGenericIrfs` makes them), with `extraCards` (e.g. OBS_ID) in every header.
 * Values are written as float64 (`D`) so that files reproduce the tabulated values exactly.
 */
export function irfHdus(irfs: SimulationIrfs, extraCards: readonly CardInput[] = []): TableHduSpec[] {
  const { aeff, edisp, psf, bkg } = irfs;
  const aeffAxes = aeff.axes.axes;
  const aeffCell = cell(aeff.data, aeffAxes);
  const edispAxes = edisp.axes.axes;
  const edispCell = cell(edisp.data, edispAxes);
  const bkgAxes = bkg.axes.axes;
  const bkgCell = cell(bkg.data, bkgAxes);
  const psfAxes = [psf.energyAxisTrue, psf.offsetAxis];
  const psfColumns: ColumnSpec[] = psf.parameterNames.map((name) => ({
    name: name.toUpperCase(),
    ...cell(psf.parameters[name], psfAxes),
    unit: psf.units[name] ?? "",
  }));
  return [
    {
      kind: "bintable",
      name: SIM_IRF_HDU_NAMES.aeff,
      columns: [...axisColumns(aeffAxes), { name: "EFFAREA", ...aeffCell, unit: aeff.unit }],
      cards: cards("EFF_AREA", "AEFF_2D", aeff.meta, extraCards),
    },
    {
      kind: "bintable",
      name: SIM_IRF_HDU_NAMES.edisp,
      columns: [...axisColumns(edispAxes), { name: "MATRIX", ...edispCell }],
      cards: cards("EDISP", "EDISP_2D", edisp.meta, extraCards),
    },
    {
      kind: "bintable",
      name: SIM_IRF_HDU_NAMES.psf,
      columns: [...axisColumns(psfAxes), ...psfColumns],
      cards: cards("RPSF", "PSF_3GAUSS", psf.meta, extraCards),
    },
    {
      kind: "bintable",
      name: SIM_IRF_HDU_NAMES.bkg,
      columns: [...axisColumns(bkgAxes), { name: "BKG", ...bkgCell, unit: bkg.unit }],
      cards: cards("BKG", "BKG_2D", bkg.meta, [{ key: "FOVALIGN", value: "RADEC" }, ...extraCards]),
    },
  ];
}
