/**
 * Gamma-ray spectra per annihilation from the PPPC4DMID tables (Cirelli et al. 2011), as Gammapy 1.0's `PrimaryFlux`:
 * the table `AtProduction_gammas.dat` (dN/dlog10 x per channel on a grid of masses mDM [GeV] and log10 x, x = E / mDM)
 * parsed from text; the spectrum of the tabulated mass nearest the requested one as a `TemplateSpectralModel`
 * (log-log interpolation, zero outside the table).
 */
import { GammatsError } from "../../util/errors.js";
import { FLOAT32_TINY } from "../../util/interpolate.js";
import { TemplateSpectralModel } from "../spectral-models.js";

/** Gammapy's channel names and the table's column names. */
export const DM_CHANNELS: Readonly<Record<string, string>> = {
  eL: "eL",
  eR: "eR",
  e: "e",
  muL: "\\[Mu]L",
  muR: "\\[Mu]R",
  mu: "\\[Mu]",
  tauL: "\\[Tau]L",
  tauR: "\\[Tau]R",
  tau: "\\[Tau]",
  q: "q",
  c: "c",
  b: "b",
  t: "t",
  WL: "WL",
  WT: "WT",
  W: "W",
  ZL: "ZL",
  ZT: "ZT",
  Z: "Z",
  g: "g",
  gamma: "\\[Gamma]",
  h: "h",
  nu_e: "\\[Nu]e",
  nu_mu: "\\[Nu]\\[Mu]",
  nu_tau: "\\[Nu]\\[Tau]",
  "V->e": "V->e",
  "V->mu": "V->\\[Mu]",
  "V->tau": "V->\\[Tau]",
};

/** The PPPC4DMID table: columns by header name (`mDM` [GeV], `Log[10,x]`, one per channel), all of one length. */
export interface PrimaryFluxTable {
  readonly columns: ReadonlyMap<string, Float64Array>;
  readonly nrows: number;
  /** File name, for messages. */
  readonly file?: string;
}

/** Parses `AtProduction_gammas.dat` (whitespace-separated numbers under a header line of column names). */
export function parsePrimaryFluxTable(text: string, file?: string): PrimaryFluxTable {
  const lines = text.split("\n").filter((l) => l.trim() !== "");
  if (lines.length < 2) throw new GammatsError("BAD_TABLE", "no data rows", { file }, "a header line and data rows");
  const names = lines[0].trim().split(/\s+/);
  for (const need of ["mDM", "Log[10,x]"])
    if (!names.includes(need))
      throw new GammatsError("BAD_TABLE", `no column '${need}'`, { file, key: need }, names.join(" "));
  const nrows = lines.length - 1;
  const data = names.map(() => new Float64Array(nrows));
  for (let r = 0; r < nrows; r++) {
    const fields = lines[r + 1].trim().split(/\s+/);
    if (fields.length !== names.length)
      throw new GammatsError(
        "BAD_TABLE",
        `row ${r + 1} has ${fields.length} fields`,
        { file, key: `line ${r + 2}` },
        `${names.length} (one per column)`,
      );
    for (let c = 0; c < names.length; c++) {
      const v = Number(fields[c]);
      if (Number.isNaN(v))
        throw new GammatsError(
          "BAD_TABLE",
          `'${fields[c]}' is not a number`,
          { file, key: `line ${r + 2}.${names[c]}` },
          "a number",
        );
      data[c][r] = v;
    }
  }
  return { columns: new Map(names.map((n, c) => [n, data[c]])), nrows, file };
}

/** The spectrum per annihilation of one channel at the tabulated mass nearest a requested mass. */
export class PrimaryFlux {
  readonly table: PrimaryFluxTable;
  readonly channel: string;
  /** The tabulated mass used [TeV] (nearest to the requested one). */
  readonly massTeV: number;

  /** Throws `UNKNOWN_CHANNEL` for a channel not in `DM_CHANNELS` or not in the table. */
  constructor(table: PrimaryFluxTable, massTeV: number, channel: string) {
    const column = DM_CHANNELS[channel];
    if (column === undefined || !table.columns.has(column))
      throw new GammatsError(
        "UNKNOWN_CHANNEL",
        `invalid dark-matter channel '${channel}'`,
        { file: table.file, key: "channel" },
        Object.keys(DM_CHANNELS).join(", "),
      );
    if (!(massTeV > 0 && Number.isFinite(massTeV)))
      throw new GammatsError("BAD_ARGUMENT", `dark-matter mass ${massTeV} TeV`, { key: "mass" }, "a positive mass");
    this.table = table;
    this.channel = channel;
    const masses = table.columns.get("mDM")!;
    const massGeV = massTeV * 1000;
    let best = 0;
    for (let i = 1; i < masses.length; i++)
      if (Math.abs(masses[i] - massGeV) < Math.abs(masses[best] - massGeV)) best = i;
    this.massTeV = masses[best] / 1000;
  }

  /** The channels Gammapy accepts. */
  static get allowedChannels(): string[] {
    return Object.keys(DM_CHANNELS);
  }

  /** dN/dE [TeV^-1] per annihilation as a template over E = 10^log10x x m [TeV] (zero outside the table). */
  tableModel(): TemplateSpectralModel {
    const masses = this.table.columns.get("mDM")!;
    const logx = this.table.columns.get("Log[10,x]")!;
    const values = this.table.columns.get(DM_CHANNELS[this.channel])!;
    const massGeV = this.massTeV * 1000;
    const energyGeV: number[] = [];
    const dnde: number[] = [];
    for (let i = 0; i < masses.length; i++) {
      if (masses[i] !== massGeV) continue;
      const e = 10 ** logx[i] * massGeV;
      energyGeV.push(e);
      dnde.push(values[i] / (e * Math.LN10));
    }
    // energies in TeV; the values stay per GeV so that zeros clip to float32 tiny as in Gammapy's log interpolation,
    // and the frozen norm 1000 turns them into per TeV; outside the table Gammapy's fill ln(tiny) gives 0
    return new TemplateSpectralModel(
      energyGeV.map((e) => e / 1000),
      dnde,
      { norm: 1000, fillValue: Math.log(FLOAT32_TINY) },
    );
  }
}
