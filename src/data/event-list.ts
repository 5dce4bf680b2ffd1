/**
 * Event lists (GADF EVENTS HDU): one row per reconstructed gamma-ray candidate, columns as typed arrays, header
 * metadata, and selections by energy, time, offset, region and any column.
 */
import {
  metToTime,
  recordKeywords,
  separationsDeg,
  type Time,
  type TimeRef,
  timeRefFromHeader,
} from "../coords/index.js";
import type { RadMax2D } from "../irf/rad-max.js";
import { ArgumentError } from "../util/errors.js";
import { type MetaValue, maskToIndices, type Table } from "../util/table.js";
import { energyFactorToTeV } from "../util/units.js";
import { type FixedPointingInfo, pointingFromMeta } from "./pointing.js";

/** A sky-region test used by `EventList.selectRegion`: which of the given ICRS positions are inside. */
export interface SkyRegionTest {
  /** Returns a 0/1 mask, one entry per position (RA, Dec in degrees, ICRS). */
  containsRaDec(raDeg: Float64Array, decDeg: Float64Array): Uint8Array;
}

/** An event list: a `Table` of events plus convenient typed access with units in the names. */
export class EventList {
  readonly table: Table;

  constructor(table: Table) {
    for (const c of ["RA", "DEC", "ENERGY"]) {
      if (!table.has(c))
        throw new ArgumentError(`event list has no ${c} column`, c, "RA, DEC, ENERGY (and TIME) columns");
    }
    this.table = table;
  }

  /** Header metadata of the EVENTS HDU. */
  get meta(): Readonly<Record<string, MetaValue>> {
    return this.table.meta;
  }

  /** Number of events. */
  get length(): number {
    return this.table.nrows;
  }

  /** Reconstructed energies in TeV (converted from the column unit; GADF uses TeV). */
  get energyTeV(): Float64Array {
    const col = this.table.column("ENERGY");
    const e = this.table.float64("ENERGY");
    const f = energyFactorToTeV(col.unit);
    if (f === 1) return e;
    const out = new Float64Array(e.length);
    for (let i = 0; i < e.length; i++) out[i] = e[i] * f;
    return out;
  }

  /** Right ascensions in degrees (ICRS). */
  get raDeg(): Float64Array {
    return this.table.float64("RA");
  }

  /** Declinations in degrees (ICRS). */
  get decDeg(): Float64Array {
    return this.table.float64("DEC");
  }

  /** Event times in seconds relative to the time reference of the header (MET). */
  get timeS(): Float64Array {
    return this.table.float64("TIME");
  }

  /** Pointing from the header (RA_PNT/DEC_PNT, ALT_PNT/AZ_PNT, GEOLON/GEOLAT/ALTITUDE). */
  get pointing(): FixedPointingInfo {
    return pointingFromMeta(this.meta);
  }

  /** Time reference of the TIME column (MJDREFI/MJDREFF, TIMESYS, TIMEUNIT). */
  get timeRef(): TimeRef {
    return timeRefFromHeader(recordKeywords(this.meta));
  }

  /** Observation start (TSTART) as an instant. */
  get timeStart(): Time {
    return metToTime(this.timeRef, Number(this.meta.TSTART));
  }

  /** Observation stop (TSTOP) as an instant. */
  get timeStop(): Time {
    return metToTime(this.timeRef, Number(this.meta.TSTOP));
  }

  /** Wall-clock duration TSTOP - TSTART in seconds. */
  get observationTimeS(): number {
    return this.timeStop.minus(this.timeStart);
  }

  /** LIVETIME keyword in seconds (as Gammapy's EventList), if present. */
  get livetimeS(): number | undefined {
    return this.meta.LIVETIME === undefined ? undefined : Number(this.meta.LIVETIME);
  }

  /** Dead-time fraction 1 - DEADC, if DEADC is present. */
  get deadTimeFraction(): number | undefined {
    return this.meta.DEADC === undefined ? undefined : 1 - Number(this.meta.DEADC);
  }

  /** Angular distance of each event from the pointing position (deg); throws if the header has no RA_PNT/DEC_PNT. */
  get offsetDeg(): Float64Array {
    const p = this.pointing;
    if (p.raDeg === undefined || p.decDeg === undefined) {
      throw new ArgumentError("event list has no RA_PNT/DEC_PNT pointing", "RA_PNT", "a pointed observation");
    }
    return separationsDeg(this.raDeg, this.decDeg, p.raDeg, p.decDeg);
  }

  /** Events with `minDeg <= offset < maxDeg` from the pointing. */
  selectOffset(minDeg: number, maxDeg: number): EventList {
    return this.selectBand(this.offsetDeg, minDeg, maxDeg);
  }

  /**
   * Events within the energy-dependent RAD_MAX of a point-like IRF around a position (default: the pointing),
   * as Gammapy's `select_rad_max` (nearest-neighbour RAD_MAX at the event energy and the position's offset).
   */
  selectRadMax(radMax: RadMax2D, raDeg?: number, decDeg?: number): EventList {
    return this.selectMask(this.radMaxMask(radMax, raDeg, decDeg));
  }

  /** 0/1 mask of the events `selectRadMax` keeps (one per event). */
  radMaxMask(radMax: RadMax2D, raDeg?: number, decDeg?: number): Uint8Array {
    const p = this.pointing;
    const ra0 = raDeg ?? p.raDeg;
    const dec0 = decDeg ?? p.decDeg;
    if (ra0 === undefined || dec0 === undefined || p.raDeg === undefined || p.decDeg === undefined) {
      throw new ArgumentError("selectRadMax needs a pointed observation", "RA_PNT");
    }
    const offset = separationsDeg([ra0], [dec0], p.raDeg, p.decDeg)[0];
    const cut = radMax.evaluate({ energy: this.energyTeV, offset }, "nearest");
    const sep = separationsDeg(this.raDeg, this.decDeg, ra0, dec0);
    const mask = new Uint8Array(sep.length);
    for (let i = 0; i < sep.length; i++) mask[i] = sep[i] <= cut[i] ? 1 : 0;
    return mask;
  }

  /** A one-screen summary like Gammapy's EventList printing, plus pointing, livetime and dead-time fraction. */
  summary(): string {
    const m = this.meta;
    const e = this.energyTeV;
    const sorted = Float64Array.from(e).sort();
    const median =
      sorted.length === 0
        ? Number.NaN
        : sorted.length % 2
          ? sorted[(sorted.length - 1) / 2]
          : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    const lines = ["EventList", "---------", ""];
    const row = (label: string, value: string) => lines.push(`  ${label.padEnd(18)}: ${value}`);
    row("Instrument", String(m.INSTRUME ?? "None"));
    row("Telescope", String(m.TELESCOP ?? "None"));
    row("Obs. ID", String(m.OBS_ID ?? ""));
    lines.push("");
    row("Number of events", String(this.length));
    const hasTimes =
      m.TSTART !== undefined && m.TSTOP !== undefined && (m.MJDREFI !== undefined || m.MJDREF !== undefined);
    if (hasTimes) {
      row("Event rate", `${(this.length / this.observationTimeS).toFixed(3)} 1 / s`);
      lines.push("");
      row("Time start", `${this.timeStart.iso("utc")} UTC (MJD ${this.timeStart.mjd("tt").toFixed(6)} TT)`);
      row("Time stop", `${this.timeStop.iso("utc")} UTC (MJD ${this.timeStop.mjd("tt").toFixed(6)} TT)`);
      row("Duration", `${this.observationTimeS.toFixed(1)} s`);
    }
    if (this.livetimeS !== undefined) row("Livetime", `${this.livetimeS.toFixed(1)} s`);
    if (this.deadTimeFraction !== undefined) row("Dead-time fraction", `${(100 * this.deadTimeFraction).toFixed(1)} %`);
    lines.push("");
    if (e.length) {
      row("Min. energy", `${expFormat(sorted[0])} TeV`);
      row("Max. energy", `${expFormat(sorted[sorted.length - 1])} TeV`);
      row("Median energy", `${expFormat(median)} TeV`);
      lines.push("");
    }
    const p = this.pointing;
    if (p.raDeg !== undefined && p.decDeg !== undefined) {
      row("Pointing (ICRS)", `RA ${p.raDeg.toFixed(4)} deg, Dec ${p.decDeg.toFixed(4)} deg`);
      if (e.length) row("Max. offset", `${this.offsetDeg.reduce((a, b) => (b > a ? b : a), 0).toFixed(1)} deg`);
    } else if (p.altDeg !== undefined && p.azDeg !== undefined) {
      row("Pointing (AltAz)", `Alt ${p.altDeg.toFixed(4)} deg, Az ${p.azDeg.toFixed(4)} deg (${p.mode})`);
    }
    return lines.join("\n");
  }

  /** Events at the given row indices (new list, same metadata). */
  take(indices: ArrayLike<number>): EventList {
    return new EventList(this.table.take(indices));
  }

  /** Events where `mask` is true/non-zero. */
  selectMask(mask: ArrayLike<number | boolean>): EventList {
    return this.take(maskToIndices(mask));
  }

  /** Events with `minTeV <= energy < maxTeV`. */
  selectEnergy(minTeV: number, maxTeV: number): EventList {
    return this.selectBand(this.energyTeV, minTeV, maxTeV);
  }

  /** Events with `minS <= TIME < maxS` (MET seconds). */
  selectTime(minS: number, maxS: number): EventList {
    return this.selectBand(this.timeS, minS, maxS);
  }

  /** Events with `min <= column < max` for any numeric column (in the column's own unit). */
  selectParameter(column: string, min: number, max: number): EventList {
    return this.selectBand(this.table.float64(column), min, max);
  }

  /** Events whose position is inside a sky region. */
  selectRegion(region: SkyRegionTest): EventList {
    return this.selectMask(region.containsRaDec(this.raDeg, this.decDeg));
  }

  private selectBand(values: Float64Array, min: number, max: number): EventList {
    const mask = new Uint8Array(values.length);
    for (let i = 0; i < values.length; i++) mask[i] = values[i] >= min && values[i] < max ? 1 : 0;
    return this.selectMask(mask);
  }
}

/** Python's `{:.2e}` format (two-digit exponent), as Gammapy prints energies. */
function expFormat(v: number): string {
  return v.toExponential(2).replace(/e([+-])(\d)$/, "e$10$2");
}
