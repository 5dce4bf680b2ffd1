/**
 * The GADF observation index table (`obs-index.fits.gz`): one row per observation with its pointing, times and
 * properties, and selections on it (by ids, sky cone around the pointing, time range, any column).
 */
import { metToTime, recordKeywords, separationDeg, type Time, timeRefFromHeader } from "../coords/index.js";
import { ArgumentError } from "../util/errors.js";
import type { Table } from "../util/table.js";

/** An observation table with selections. Immutable: selections return new tables. */
export class ObservationTable {
  readonly table: Table;

  constructor(table: Table) {
    if (!table.has("OBS_ID")) throw new ArgumentError("observation table has no OBS_ID column", "OBS_ID");
    this.table = table;
  }

  /** Observation ids in table order. */
  get obsIds(): number[] {
    return [...this.table.float64("OBS_ID")];
  }

  /** Number of observations. */
  get length(): number {
    return this.table.nrows;
  }

  /** Rows with the given ids, in the order of `obsIds`; throws `ArgumentError` for ids not in the table. */
  selectObsIds(obsIds: readonly number[]): ObservationTable {
    const ids = this.table.float64("OBS_ID");
    const rows = obsIds.map((id) => {
      const i = ids.indexOf(id);
      if (i < 0) throw new ArgumentError(`observation ${id} is not in the observation table`, "OBS_ID");
      return i;
    });
    return new ObservationTable(this.table.take(rows));
  }

  /** Observations whose pointing (RA_PNT, DEC_PNT) lies within `radiusDeg` of a position (ICRS, deg). */
  selectSkyCircle(raDeg: number, decDeg: number, radiusDeg: number, inverted = false): ObservationTable {
    const ra = this.table.float64("RA_PNT");
    const dec = this.table.float64("DEC_PNT");
    const mask = new Uint8Array(ra.length);
    for (let i = 0; i < ra.length; i++)
      mask[i] = separationDeg(raDeg, decDeg, ra[i], dec[i]) <= radiusDeg !== inverted ? 1 : 0;
    return new ObservationTable(this.table.filter(mask));
  }

  /**
   * Observations inside a time range: entirely (default) or overlapping it (`partialOverlap`), using TSTART/TSTOP and
   * the table's time reference (MJDREFI/MJDREFF, TIMESYS).
   */
  selectTimeRange(start: Time, stop: Time, partialOverlap = false, inverted = false): ObservationTable {
    const ref = timeRefFromHeader(recordKeywords(this.table.meta));
    const t0 = this.table.float64("TSTART");
    const t1 = this.table.float64("TSTOP");
    const mask = new Uint8Array(t0.length);
    for (let i = 0; i < t0.length; i++) {
      const a = metToTime(ref, t0[i]).ttSeconds;
      const b = metToTime(ref, t1[i]).ttSeconds;
      const inside = partialOverlap
        ? a < stop.ttSeconds && b > start.ttSeconds
        : a >= start.ttSeconds && b <= stop.ttSeconds;
      mask[i] = inside !== inverted ? 1 : 0;
    }
    return new ObservationTable(this.table.filter(mask));
  }

  /**
   * Observations with `min <= column < max` (Gammapy's `select_range`; with min == max, the exact value), for any
   * numeric column, in the column's unit.
   */
  selectRange(column: string, min: number, max: number, inverted = false): ObservationTable {
    const v = this.table.float64(column);
    const mask = new Uint8Array(v.length);
    for (let i = 0; i < v.length; i++) {
      const inside = min === max ? v[i] === min : v[i] >= min && v[i] < max;
      mask[i] = inside !== inverted ? 1 : 0;
    }
    return new ObservationTable(this.table.filter(mask));
  }

  /** Observations whose string column equals one of the values (trimmed, case-insensitive). */
  selectEqual(column: string, values: readonly string[]): ObservationTable {
    const wanted = new Set(values.map((s) => s.trim().toUpperCase()));
    const v = this.table.strings(column);
    return new ObservationTable(this.table.filter(v.map((s) => wanted.has(s.trim().toUpperCase()))));
  }
}
