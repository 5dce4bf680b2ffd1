/**
 * One observation: its events, good time intervals, pointing and IRFs, each loaded lazily from the HDU locations
 * of a data store (or given in memory) and kept once loaded.
 */
import { metToTime, recordKeywords, type Time, timeRefFromHeader } from "../coords/index.js";
import type { BinTableHdu } from "../fits/bintable.js";
import { readTable } from "../fits/table-io.js";
import type { Background2D, Background3D } from "../irf/background.js";
import type { EnergyDispersion2D } from "../irf/edisp.js";
import type { EffectiveAreaTable2D } from "../irf/effective-area.js";
import { readIrf } from "../irf/io.js";
import type { EnergyDependentMultiGaussPSF, PSF3D, PSFKing } from "../irf/psf.js";
import { RadMax2D } from "../irf/rad-max.js";
import { GammatsError } from "../util/errors.js";
import type { MetaValue } from "../util/table.js";
import { EventList } from "./event-list.js";
import type { FileProvider } from "./files.js";
import { GTI } from "./gti.js";
import type { HduLocation, HduType } from "./hdu-index.js";
import { type FixedPointingInfo, pointingFromMeta } from "./pointing.js";

/** Any PSF an observation can have. */
export type AnyPsf = PSF3D | EnergyDependentMultiGaussPSF | PSFKing;

/** Contents an observation may be built from directly (in-memory observations, simulations). */
export interface ObservationContents {
  events?: EventList;
  gti?: GTI;
  aeff?: EffectiveAreaTable2D;
  edisp?: EnergyDispersion2D;
  psf?: AnyPsf;
  bkg?: Background3D | Background2D;
  radMax?: RadMax2D;
}

/** An observation with lazily loaded HDUs. */
export class Observation {
  readonly obsId: number;
  /** Where each HDU lives (for observations of a data store). */
  readonly locations: Readonly<Partial<Record<HduType, HduLocation>>>;
  private readonly files?: FileProvider;
  private readonly loaded: ObservationContents;

  constructor(
    obsId: number,
    locations: Partial<Record<HduType, HduLocation>> = {},
    files?: FileProvider,
    contents: ObservationContents = {},
  ) {
    this.obsId = obsId;
    this.locations = locations;
    this.files = files;
    this.loaded = { ...contents };
  }

  /** HDU types this observation has (located or in memory). */
  get availableHdus(): HduType[] {
    const keys: HduType[] = ["events", "gti", "aeff", "edisp", "psf", "bkg", "rad_max"];
    const memory: Record<HduType, unknown> = {
      events: this.loaded.events,
      gti: this.loaded.gti,
      aeff: this.loaded.aeff,
      edisp: this.loaded.edisp,
      psf: this.loaded.psf,
      bkg: this.loaded.bkg,
      rad_max: this.loaded.radMax,
    };
    return keys.filter((k) => this.locations[k] !== undefined || memory[k] !== undefined);
  }

  /** The event list (EVENTS HDU). Throws `MISSING_HDU` if the observation has none. */
  get events(): EventList {
    this.loaded.events ??= new EventList(readTable(this.table("events")));
    return this.loaded.events;
  }

  /** The good time intervals (GTI HDU). */
  get gti(): GTI {
    if (!this.loaded.gti) {
      const t = readTable(this.table("gti"));
      this.loaded.gti = new GTI(t.float64("START"), t.float64("STOP"), { ...t.meta });
    }
    return this.loaded.gti;
  }

  /** Effective area, if the observation has one. */
  get aeff(): EffectiveAreaTable2D | undefined {
    return this.irf("aeff", "aeff") as EffectiveAreaTable2D | undefined;
  }

  /** Energy dispersion, if any. */
  get edisp(): EnergyDispersion2D | undefined {
    return this.irf("edisp", "edisp") as EnergyDispersion2D | undefined;
  }

  /** PSF, if any. */
  get psf(): AnyPsf | undefined {
    return this.irf("psf", "psf") as AnyPsf | undefined;
  }

  /** Background model, if any. */
  get bkg(): Background3D | Background2D | undefined {
    return this.irf("bkg", "bkg") as Background3D | Background2D | undefined;
  }

  /**
   * RAD_MAX of point-like IRFs: the RAD_MAX_2D HDU if there is one, else built from the RAD_MAX keyword of a
   * point-like effective area or energy dispersion (as Gammapy), else undefined.
   */
  get radMax(): RadMax2D | undefined {
    const fromFile = this.irf("rad_max", "radMax") as RadMax2D | undefined;
    if (fromFile) return fromFile;
    for (const irf of [this.aeff, this.edisp]) {
      if (irf?.isPointlike && typeof irf.meta.RAD_MAX === "number") {
        this.loaded.radMax = RadMax2D.fromIrf(irf);
        return this.loaded.radMax;
      }
    }
    return undefined;
  }

  /** Header metadata of the events (pointing, times, location, DEADC ...). */
  get meta(): Readonly<Record<string, MetaValue>> {
    return this.events.meta;
  }

  /** Pointing info. */
  get pointing(): FixedPointingInfo {
    return pointingFromMeta(this.meta);
  }

  /** Start of the first good time interval. */
  get tstart(): Time {
    return metToTime(timeRefFromHeader(recordKeywords(this.gti.meta)), this.gti.firstStartS);
  }

  /** Stop of the last good time interval. */
  get tstop(): Time {
    return metToTime(timeRefFromHeader(recordKeywords(this.gti.meta)), this.gti.lastStopS);
  }

  /** Observation time: the sum of the GTIs in seconds (Gammapy's `observation_time_duration`). */
  get observationTimeS(): number {
    return this.gti.timeSumS;
  }

  /** Dead-time fraction 1 - DEADC of the events header (0 if absent). */
  get deadTimeFraction(): number {
    const d = this.meta.DEADC;
    return d === undefined || d === null ? 0 : 1 - Number(d);
  }

  /** Live time in seconds: GTI sum x (1 - dead-time fraction), as Gammapy's `observation_live_time_duration`. */
  get livetimeS(): number {
    return this.observationTimeS * (1 - this.deadTimeFraction);
  }

  /** A short description, like Gammapy's `Observation` printing. */
  summary(): string {
    const p = this.pointing;
    const lines = [
      "Observation",
      "",
      `  obs id            : ${this.obsId}`,
      `  tstart            : ${this.tstart.mjd("tt").toFixed(2)}`,
      `  tstop             : ${this.tstop.mjd("tt").toFixed(2)}`,
      `  duration          : ${this.observationTimeS.toFixed(2)} s`,
      `  pointing (icrs)   : ${p.raDeg?.toFixed(1)} deg, ${p.decDeg?.toFixed(1)} deg`,
      `  deadtime fraction : ${(100 * this.deadTimeFraction).toFixed(1)}%`,
      `  available HDUs    : ${this.availableHdus.join(", ")}`,
    ];
    return lines.join("\n");
  }

  private table(type: HduType): BinTableHdu {
    const loc = this.locations[type];
    if (!loc || !this.files) {
      throw new GammatsError(
        "MISSING_HDU",
        `observation ${this.obsId} has no ${type} HDU`,
        { key: type },
        `a ${type} HDU`,
      );
    }
    return this.files.openFits(loc.path).table(loc.hduName);
  }

  private irf(type: HduType, key: keyof ObservationContents): unknown {
    if (this.loaded[key] === undefined) {
      const loc = this.locations[type];
      if (!loc) return undefined;
      (this.loaded as Record<string, unknown>)[key] = readIrf(this.table(type), loc.hduClass);
    }
    return this.loaded[key];
  }
}
