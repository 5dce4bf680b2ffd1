/**
 * Simulated DL3 observations as GADF FITS HDUs (EVENTS, GTI and the four IRFs per observation file) and the HDU and
 * observation index tables of a data store (`hdu-index.fits.gz`, `obs-index.fits.gz`). Browser-safe: produces HDU
 * specs for `writeFits`; `gammats/simulate/node` writes them to a folder.
 */
import { offsetByDeg, separationDeg, transformTo } from "../coords/frames.js";
import { OBSERVATORY_LOCATIONS } from "../data/pointing.js";
import type { CardInput, HduSpec, TableHduSpec } from "../fits/writer.js";
import { createSpectralModel, PowerLaw } from "../modeling/spectral.js";
import { ArgumentError } from "../util/errors.js";
import { Rng } from "../util/random.js";
import { type ObservationSimulation, type SimulatedEvents, type SimulatedSource, simulateEvents } from "./events.js";
import { gadfCards, irfHdus, SIM_IRF_HDU_NAMES } from "./irf-hdus.js";
import { type GenericIactParameters, type IrfGrids, makeGenericIrfs, type SimulationIrfs } from "./irfs.js";

/** Time reference of simulated files (that of H.E.S.S. DL3 DR1): MJDREF = 51910 + 7.428703703703703e-4 (TT). */
export const SIM_MJDREFI = 51910;
/** Fractional part of the MJD reference. */
export const SIM_MJDREFF = 7.428703703703703e-4;
/** Mission elapsed time (s) of the first simulated run: 2024-01-01T00:00 TT. */
export const SIM_FIRST_TSTART_S = (60310 - SIM_MJDREFI - SIM_MJDREFF) * 86400;

/** The default simulated source: Crab-like power law (index 2.6, 4.5e-11 cm-2 s-1 TeV-1 at 1 TeV). */
export function crabLikeSource(): SimulatedSource {
  return {
    raDeg: 83.633,
    decDeg: 22.014,
    model: createSpectralModel(PowerLaw, { index: 2.6, amplitude: 4.5e-11, reference: 1 }),
  };
}

/**
 * Wobble pointings: `n` positions at `offsetDeg` from the target, at position angles 0, 360/n, ... deg
 * (north, east, south, west for n = 4). Returns [ra, dec] pairs (deg).
 */
export function wobblePointings(raDeg: number, decDeg: number, offsetDeg: number, n: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) out.push(offsetByDeg(raDeg, decDeg, (360 * i) / n, offsetDeg));
  return out;
}

/** Options of a simulated data store. */
export interface DataStoreSimulationOptions {
  /** Number of observations (default 4). */
  readonly nObs?: number;
  /** The point source (default `crabLikeSource()`); `null` for background-only runs. */
  readonly source?: SimulatedSource | null;
  /** Wobble offset of the pointings from the source (deg, default 0.5). */
  readonly wobbleOffsetDeg?: number;
  /** Live time per observation (s, default 1800). */
  readonly livetimeS?: number;
  /** Dead-time correction factor DEADC = LIVETIME / ONTIME (default 0.95). */
  readonly deadc?: number;
  /** Seed of the random stream (default 1); observation k uses stream k of this seed. */
  readonly seed?: number;
  /** First OBS_ID (default 1); ids are consecutive. */
  readonly firstObsId?: number;
  /** Instrument response parameters and grids (default the generic IACT). */
  readonly irfParameters?: GenericIactParameters;
  readonly irfGrids?: IrfGrids;
  /** Events per work chunk. */
  readonly chunkSize?: number;
}

/** One simulated observation: its file name, HDUs, and the sampled events. */
export interface SimulatedObservation {
  readonly obsId: number;
  /** File name inside the store folder, e.g. `obs_000001.fits.gz`. */
  readonly fileName: string;
  readonly hdus: HduSpec[];
  readonly events: SimulatedEvents;
  /** Index-table row of this observation (OBS_ID, RA_PNT, ... as in `obs-index.fits.gz`). */
  readonly obsRow: Readonly<Record<string, number | string>>;
}

/** Time-reference cards of simulated files: MJDREFI/MJDREFF, TIMESYS TT, TIMEUNIT s, TIMEREF LOCAL. */
function timeRefCards(): CardInput[] {
  return [
    { key: "MJDREFI", value: SIM_MJDREFI },
    { key: "MJDREFF", value: SIM_MJDREFF },
    { key: "TIMESYS", value: "TT" },
    { key: "TIMEUNIT", value: "s" },
    { key: "TIMEREF", value: "LOCAL" },
  ];
}

/** GADF header cards of an EVENTS HDU of a simulated observation. */
function eventsCards(
  obsId: number,
  sim: ObservationSimulation,
  deadc: number,
  objectName: string,
  source: SimulatedSource | undefined,
): CardInput[] {
  const hess = OBSERVATORY_LOCATIONS.hess;
  const [tstart, tstop] = sim.gtiS;
  const cards: CardInput[] = [
    ...gadfCards("EVENTS"),
    { key: "TELESCOP", value: "GENERIC-IACT", comment: "simulated by gammats" },
    { key: "INSTRUME", value: "gammats simulation" },
    { key: "CREATOR", value: "gammats simulate" },
    { key: "OBS_ID", value: obsId, comment: "observation number" },
    { key: "OBJECT", value: objectName },
    { key: "OBS_MODE", value: "POINTING" },
    { key: "RA_PNT", value: sim.pointingRaDeg, comment: "[deg] pointing RA" },
    { key: "DEC_PNT", value: sim.pointingDecDeg, comment: "[deg] pointing Dec" },
    { key: "RADESYS", value: "ICRS" },
    { key: "EQUINOX", value: 2000 },
    { key: "TSTART", value: tstart, comment: "[s] MET of observation start" },
    { key: "TSTOP", value: tstop, comment: "[s] MET of observation stop" },
    { key: "ONTIME", value: tstop - tstart, comment: "[s] total good time incl. dead time" },
    { key: "LIVETIME", value: sim.livetimeS, comment: "[s] live time" },
    { key: "DEADC", value: deadc, comment: "LIVETIME / ONTIME" },
    ...timeRefCards(),
    { key: "GEOLON", value: hess.lonDeg, comment: "[deg] observatory longitude" },
    { key: "GEOLAT", value: hess.latDeg, comment: "[deg] observatory latitude" },
    { key: "ALTITUDE", value: hess.heightM, comment: "[m] observatory altitude" },
    { key: "GEOALT", value: hess.heightM, comment: "[m] observatory altitude" },
    { key: "N_TELS", value: 4 },
    { key: "EUNIT", value: "TeV" },
  ];
  if (source) {
    cards.push({ key: "RA_OBJ", value: source.raDeg }, { key: "DEC_OBJ", value: source.decDeg });
  }
  return cards;
}

/** The EVENTS table HDU of sampled events (EVENT_ID, TIME, RA, DEC, ENERGY) with the given header cards. */
export function eventsHdu(events: SimulatedEvents, cards: readonly CardInput[]): TableHduSpec {
  return {
    kind: "bintable",
    name: "EVENTS",
    columns: [
      { name: "EVENT_ID", data: events.eventId },
      { name: "TIME", data: events.timeS, unit: "s" },
      { name: "RA", data: events.raDeg, unit: "deg" },
      { name: "DEC", data: events.decDeg, unit: "deg" },
      { name: "ENERGY", data: events.energyTeV, unit: "TeV" },
    ],
    cards,
  };
}

/** A GTI HDU with one interval [start, stop] (MET s) in the simulated time reference. */
export function gtiHdu(startS: number, stopS: number): TableHduSpec {
  return {
    kind: "bintable",
    name: "GTI",
    columns: [
      { name: "START", data: Float64Array.of(startS), unit: "s" },
      { name: "STOP", data: Float64Array.of(stopS), unit: "s" },
    ],
    cards: [...gadfCards("GTI"), ...timeRefCards()],
  };
}

/**
 * Simulates the observations of a data store one at a time (a generator, so that only one observation's events are
 * in memory): wobble pointings around the source cycling through north, east, south and west, consecutive runs with
 * 10 min gaps, the same IRFs for all runs.
 */
export function* simulateObservations(options: DataStoreSimulationOptions = {}): Generator<SimulatedObservation> {
  const nObs = options.nObs ?? 4;
  const livetimeS = options.livetimeS ?? 1800;
  const deadc = options.deadc ?? 0.95;
  const seed = options.seed ?? 1;
  const firstObsId = options.firstObsId ?? 1;
  const wobble = options.wobbleOffsetDeg ?? 0.5;
  if (!Number.isInteger(nObs) || nObs < 1) throw new ArgumentError(`nObs ${nObs}`, "nObs", "an integer >= 1");
  if (!(deadc > 0 && deadc <= 1)) throw new ArgumentError(`deadc ${deadc}`, "deadc", "in (0, 1]");
  const source = options.source === null ? undefined : (options.source ?? crabLikeSource());
  const target = source ?? crabLikeSource();
  const irfs: SimulationIrfs = makeGenericIrfs(options.irfParameters, options.irfGrids);
  const pointings = wobblePointings(target.raDeg, target.decDeg, wobble, 4);
  const ontimeS = livetimeS / deadc;
  for (let k = 0; k < nObs; k++) {
    const obsId = firstObsId + k;
    const [ra, dec] = pointings[k % pointings.length];
    const tstart = SIM_FIRST_TSTART_S + k * (Math.ceil(ontimeS) + 600);
    const sim: ObservationSimulation = {
      pointingRaDeg: ra,
      pointingDecDeg: dec,
      livetimeS,
      gtiS: [tstart, tstart + ontimeS],
      irfs,
      source,
    };
    const events = simulateEvents(sim, new Rng(seed, k), { chunkSize: options.chunkSize });
    const objectName = source ? "Simulated point source" : "Simulated empty field";
    const idCard: CardInput[] = [{ key: "OBS_ID", value: obsId }];
    const hdus: HduSpec[] = [
      eventsHdu(events, eventsCards(obsId, sim, deadc, objectName, source)),
      gtiHdu(tstart, tstart + ontimeS),
      ...irfHdus(irfs, idCard),
    ];
    const gal = transformTo({ lon: ra, lat: dec, frame: "icrs" }, "galactic");
    const obsRow: Record<string, number | string> = {
      OBS_ID: obsId,
      RA_PNT: ra,
      DEC_PNT: dec,
      GLON_PNT: gal.lon,
      GLAT_PNT: gal.lat,
      TSTART: tstart,
      TSTOP: tstart + ontimeS,
      ONTIME: ontimeS,
      LIVETIME: livetimeS,
      DEADC: deadc,
      OBJECT: objectName,
      TELESCOP: "GENERIC-IACT",
      N_TELS: 4,
      EVENT_COUNT: events.eventId.length,
      OFFSET_OBJ: source ? separationDeg(ra, dec, source.raDeg, source.decDeg) : Number.NaN,
    };
    yield { obsId, fileName: `obs_${String(obsId).padStart(6, "0")}.fits.gz`, hdus, events, obsRow };
  }
}

/** Rows of the HDU index of one observation file holding EVENTS, GTI and the four IRFs. */
export function hduIndexRows(
  obsId: number,
  fileName: string,
): Array<{ obsId: number; type: string; cls: string; fileName: string; hduName: string }> {
  return [
    { obsId, type: "events", cls: "events", fileName, hduName: "EVENTS" },
    { obsId, type: "gti", cls: "gti", fileName, hduName: "GTI" },
    { obsId, type: "aeff", cls: "aeff_2d", fileName, hduName: SIM_IRF_HDU_NAMES.aeff },
    { obsId, type: "edisp", cls: "edisp_2d", fileName, hduName: SIM_IRF_HDU_NAMES.edisp },
    { obsId, type: "psf", cls: "psf_3gauss", fileName, hduName: SIM_IRF_HDU_NAMES.psf },
    { obsId, type: "bkg", cls: "bkg_2d", fileName, hduName: SIM_IRF_HDU_NAMES.bkg },
  ];
}

/** The HDU index table HDU (`hdu-index.fits.gz`) of observation files in the same folder (FILE_DIR "."). */
export function hduIndexHdu(observations: ReadonlyArray<{ obsId: number; fileName: string }>): TableHduSpec {
  const rows = observations.flatMap((o) => hduIndexRows(o.obsId, o.fileName));
  return {
    kind: "bintable",
    name: "HDU_INDEX",
    columns: [
      { name: "OBS_ID", data: Int32Array.from(rows, (r) => r.obsId) },
      { name: "HDU_TYPE", data: rows.map((r) => r.type) },
      { name: "HDU_CLASS", data: rows.map((r) => r.cls) },
      { name: "FILE_DIR", data: rows.map(() => ".") },
      { name: "FILE_NAME", data: rows.map((r) => r.fileName) },
      { name: "HDU_NAME", data: rows.map((r) => r.hduName) },
    ],
    cards: gadfCards("INDEX", "HDU"),
  };
}

/** The observation index table HDU (`obs-index.fits.gz`) from the observations' rows. */
export function obsIndexHdu(rows: ReadonlyArray<Readonly<Record<string, number | string>>>): TableHduSpec {
  const keys = Object.keys(rows[0] ?? {});
  return {
    kind: "bintable",
    name: "OBS_INDEX",
    columns: keys.map((k) =>
      typeof rows[0][k] === "string"
        ? { name: k, data: rows.map((r) => String(r[k])) }
        : k === "OBS_ID" || k === "N_TELS" || k === "EVENT_COUNT"
          ? { name: k, data: Int32Array.from(rows, (r) => Number(r[k])) }
          : {
              name: k,
              data: Float64Array.from(rows, (r) => Number(r[k])),
              unit: k.endsWith("_PNT") || k === "OFFSET_OBJ" ? "deg" : k === "DEADC" ? "" : "s",
            },
    ),
    cards: [...gadfCards("INDEX", "OBS"), ...timeRefCards()],
  };
}
