/**
 * Node.js entry point of the simulation layer: writing a simulated DL3 data store to a folder (one FITS file per
 * observation plus `hdu-index.fits.gz` and `obs-index.fits.gz`, all written atomically).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { DEFAULT_HDU_TABLE, DEFAULT_OBS_TABLE } from "../data/data-store.js";
import { writeFitsFile } from "../fits/node.js";
import { GammatsError } from "../util/errors.js";
import { type DataStoreSimulationOptions, hduIndexHdu, obsIndexHdu, simulateObservations } from "./store.js";

/** Summary of a written data store. */
export interface SimulatedStoreSummary {
  /** Absolute folder path. */
  readonly dir: string;
  /** Per observation: id, file name, numbers of events (expected and sampled). */
  readonly observations: ReadonlyArray<{
    readonly obsId: number;
    readonly fileName: string;
    readonly nEvents: number;
    readonly nSource: number;
    readonly nBackground: number;
    readonly expectedSource: number;
    readonly expectedBackground: number;
  }>;
}

/**
 * Simulates a data store into `dir` (created if needed; existing files of the same names are replaced), e.g.
 * `simulateDataStore(dir, { nObs: 4, source: { raDeg, decDeg, model }, wobbleOffsetDeg: 0.5, livetimeS: 1800, seed })`.
 * Observations are simulated and written one at a time; an aborted `signal` stops between them (`CANCELLED`).
 */
export function simulateDataStore(
  dir: string,
  options: DataStoreSimulationOptions & { readonly signal?: AbortSignal } = {},
): SimulatedStoreSummary {
  const base = resolve(dir);
  mkdirSync(base, { recursive: true });
  const observations: SimulatedStoreSummary["observations"][number][] = [];
  const rows: Array<Readonly<Record<string, number | string>>> = [];
  for (const obs of simulateObservations(options)) {
    if (options.signal?.aborted) throw new GammatsError("CANCELLED", "simulation cancelled");
    writeFitsFile(join(base, obs.fileName), obs.hdus);
    rows.push(obs.obsRow);
    observations.push({
      obsId: obs.obsId,
      fileName: obs.fileName,
      nEvents: obs.events.eventId.length,
      nSource: obs.events.nSource,
      nBackground: obs.events.nBackground,
      expectedSource: obs.events.expectedSource,
      expectedBackground: obs.events.expectedBackground,
    });
  }
  writeFitsFile(join(base, DEFAULT_HDU_TABLE), [hduIndexHdu(observations)]);
  writeFitsFile(join(base, DEFAULT_OBS_TABLE), [obsIndexHdu(rows)]);
  return { dir: base, observations };
}
