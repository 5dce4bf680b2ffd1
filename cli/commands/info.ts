/**
 * `gammats info PATH [--json]`: for a data store folder, the observation table (or a listing of its observations);
 * for a FITS file, its HDUs and, for an EVENTS HDU, the event-list summary.
 */
import { EventList } from "../../src/data/event-list.js";
import type { DataStore } from "../../src/data/index.js";
import { openDataStore } from "../../src/data/node.js";
import { BinTableHdu } from "../../src/fits/index.js";
import { withFits } from "../../src/fits/node.js";
import { readTable } from "../../src/fits/table-io.js";
import { GammatsError } from "../../src/util/errors.js";
import { formatTable, formatValue } from "../format.js";
import { checkInputFile, statOrUndefined } from "../paths.js";
import { formatHdus, summarizeHdus } from "./info-file.js";

/** Options of the info command. */
export interface InfoOptions {
  json?: boolean;
}

/** Observation rows of a data store as plain objects keyed by the obs-index column names. */
export function observationRows(store: DataStore): Record<string, number | string>[] {
  const t = store.obsTable?.table;
  if (!t) return store.obsIds.map((id) => ({ OBS_ID: id }));
  const out: Record<string, number | string>[] = [];
  for (let i = 0; i < t.nrows; i++) out.push(t.row(i));
  return out;
}

/**
 * Runs the info command, returning the text to print. `path` must be a data store folder or a regular FITS file (a
 * FIFO or device is refused without being opened).
 */
export function info(path: string, options: InfoOptions = {}): string {
  const st = statOrUndefined(path, "<path>");
  if (!st)
    throw new GammatsError(
      "NOT_FOUND",
      `'${path}' does not exist`,
      { key: "<path>" },
      "a data store folder or a FITS file",
    );
  if (st.isDirectory()) return infoDataStore(path, options);
  checkInputFile(path, "<path>");
  return infoFile(path, options);
}

const TEXT_COLUMNS = ["OBS_ID", "RA_PNT", "DEC_PNT", "ZEN_PNT", "OBJECT", "LIVETIME", "TSTART", "EVENT_COUNT"];

function infoDataStore(path: string, options: InfoOptions): string {
  const store = openDataStore(path);
  const rows = observationRows(store);
  if (options.json) return JSON.stringify({ observations: rows }, null, 1);
  const cols = TEXT_COLUMNS.filter((c) => rows.length && c in rows[0]);
  const body = formatTable(
    cols,
    rows.map((r) => cols.map((c) => formatValue(r[c]))),
  );
  return `${store.info()}\n\n${body}\n\n${rows.length} observations`;
}

function infoFile(path: string, options: InfoOptions): string {
  return withFits(path, (fits) => {
    const hdus = summarizeHdus(fits);
    const eventsHdu = fits.hdus.find(
      (h) => h instanceof BinTableHdu && (h.name.toUpperCase() === "EVENTS" || h.header.get("HDUCLAS1") === "EVENTS"),
    );
    const events = eventsHdu instanceof BinTableHdu ? tryEvents(eventsHdu) : undefined;
    if (options.json) {
      return JSON.stringify(
        { file: path, hdus, events: events ? { n_events: events.length, meta: events.meta } : undefined },
        (_k, v) => (typeof v === "bigint" ? Number(v) : v),
        1,
      );
    }
    return formatHdus(path, hdus) + (events ? `\n\n${events.summary()}` : "");
  });
}

function tryEvents(hdu: BinTableHdu): EventList | undefined {
  const t = readTable(hdu);
  return t.has("RA") && t.has("DEC") && t.has("ENERGY") ? new EventList(t) : undefined;
}
