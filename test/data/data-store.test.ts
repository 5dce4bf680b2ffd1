/**
 * Data stores, observations and event lists on the real H.E.S.S., MAGIC and VERITAS data against Gammapy 1.0
 * (fixture: scripts/oracle/data_reference.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Time } from "../../src/coords/index.js";
import type { DataStore, Observation } from "../../src/data/index.js";
import { openDataStore } from "../../src/data/node.js";
import { DATA_DIR, dataPath, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/data/gammapy-data.json`, "utf8"));

function checkObservation(obs: Observation, want: Record<string, unknown>): void {
  const ev = obs.events;
  expect(obs.obsId).toBe(want.obs_id);
  expect(ev.length).toBe(want.n_events);
  expect(obs.observationTimeS).toBeCloseTo(want.gti_sum as number, 6);
  expect(obs.livetimeS).toBeCloseTo(want.livetime as number, 6);
  expect(obs.deadTimeFraction).toBeCloseTo(want.deadtime_fraction as number, 12);
  expect(obs.tstart.iso("tt")).toBe(want.tstart_tt);
  expect(obs.tstop.iso("tt")).toBe(want.tstop_tt);
  expect(obs.tstart.iso("utc")).toBe(want.tstart_utc);
  expect(Math.abs(obs.tstart.mjd("tt") - (want.tstart_mjd_tt as number)) * 86400).toBeLessThan(1e-6);
  expect(obs.pointing.raDeg).toBeCloseTo(want.ra_pnt as number, 10);
  expect(obs.pointing.decDeg).toBeCloseTo(want.dec_pnt as number, 10);
  expect(ev.selectEnergy(1, 10).length).toBe(want.n_energy_1_10);
  expect(ev.selectOffset(0, 1).length).toBe(want.n_offset_0_1);
  // Gammapy computes this separation in float32 (the RA/DEC columns are float32): compare to 1e-5 relative
  expect(Math.abs(Math.max(...ev.offsetDeg) / (want.max_offset as number) - 1)).toBeLessThan(1e-5);
  const e = Float64Array.from(ev.energyTeV).sort();
  expect(e[0]).toBeCloseTo(want.min_energy as number, 10);
  expect(e[e.length - 1]).toBeCloseTo(want.max_energy as number, 8);
  const ref0 = ev.timeRef;
  const t0 = Number(obs.gti.firstStartS);
  const mid = t0 + (obs.gti.lastStopS - t0) / 2;
  expect(ev.selectTime(t0, mid).length).toBe(want.n_time_first_half);
  expect(ref0.scale).toBeDefined();
  expect(obs.availableHdus).toEqual(want.available_hdus);
}

describe.skipIf(!DATA_DIR)("H.E.S.S. DL3 DR1 data store", () => {
  let store: DataStore;
  it("opens with 105 observations and the obs-index values", () => {
    store = openDataStore(dataPath("hess-dl3-dr1"));
    expect(store.obsIds).toEqual(ref.hess.obs_ids);
    expect(store.obsIds.length).toBe(105);
    const live = store.obsTable!.table.float64("LIVETIME").reduce((a, b) => a + b, 0);
    expect(live).toBeCloseTo(ref.hess.obs_table_livetime_sum, 1);
  });
  it("selects observations by sky cone, time range and column range as Gammapy", () => {
    const t = store.obsTable!;
    expect(t.selectSkyCircle(83.633, 22.014, 3).obsIds).toEqual(ref.hess.crab_cone);
    expect(t.selectTimeRange(Time.fromIso("2004-12-01", "utc"), Time.fromIso("2004-12-10", "utc")).obsIds).toEqual(
      ref.hess.time_range,
    );
    expect(t.selectRange("ZEN_PNT", 20, 30).obsIds).toEqual(ref.hess.zen_range);
    expect(t.selectObsIds([23526, 23523]).obsIds).toEqual([23526, 23523]);
  });
  for (const want of ref.hess.observations) {
    it(`observation ${want.obs_id}: events, GTI, times, livetime, selections`, () =>
      checkObservation(store.obs(want.obs_id), want));
  }
  it("loads every IRF of an observation and prints a summary", () => {
    const obs = store.obs(23523);
    expect(obs.aeff?.tag).toBe("aeff_2d");
    expect(obs.edisp?.tag).toBe("edisp_2d");
    expect(obs.psf?.tag).toBe("psf_table");
    expect(obs.bkg?.tag).toBe("bkg_3d");
    expect(obs.radMax).toBeUndefined();
    expect(obs.pointing.radesys).toBe("FK5"); // the H.E.S.S. files use the old RADECSYS keyword
    const s = obs.events.summary();
    expect(s).toContain("Number of events  : 7613");
    expect(s).toContain("Time start        : 2004-12-04T22:07:06.000 UTC");
    expect(s).toContain("Median energy     : 9.53e-01 TeV");
    expect(s).toContain("Dead-time fraction");
    expect(s).toContain("Max. offset       : 58.0 deg");
  });
  it("unknown ids and missing HDUs are typed errors", () => {
    expect(() => store.obs(1)).toThrow(/not in the HDU index/);
    expect(store.getObservations([1, 23523], { skipMissing: true }).map((o) => o.obsId)).toEqual([23523]);
  });
});

describe.skipIf(!DATA_DIR)("MAGIC point-like data store (RAD_MAX_2D)", () => {
  it("observations, events and RAD_MAX selection as Gammapy", () => {
    const store = openDataStore(dataPath("magic/rad_max/data"));
    expect(store.obsIds).toEqual(ref.magic.obs_ids);
    const obs = store.getObservations(undefined, { requiredIrf: "point-like" });
    for (const [i, o] of obs.entries()) checkObservation(o, ref.magic.observations[i]);
    const o = obs[0];
    expect(o.events.selectRadMax(o.radMax!, 83.6333, 22.0145).length).toBe(ref.magic.rad_max_selected);
  });
});

describe.skipIf(!DATA_DIR)("VERITAS point-like data store (fixed RAD_MAX)", () => {
  it("observations, events and RAD_MAX from the IRF header as Gammapy", () => {
    const store = openDataStore(dataPath("veritas/crab-point-like-ED"));
    expect(store.obsIds).toEqual(ref.veritas.obs_ids);
    const obs = store.getObservations(undefined, { requiredIrf: "point-like" });
    for (const [i, o] of obs.entries()) checkObservation(o, ref.veritas.observations[i]);
    const o = obs[0];
    expect(o.radMax!.data[0]).toBeCloseTo(ref.veritas.rad_max, 12);
    expect(o.events.selectRadMax(o.radMax!, 83.6333, 22.0145).length).toBe(ref.veritas.rad_max_selected);
  });
});

describe.skipIf(!DATA_DIR)("data store from DL3 files without index tables", () => {
  it("indexes EVENTS, GTI and IRF HDUs from the headers (VERITAS files)", async () => {
    const { nodeFileProvider } = await import("../../src/data/node.js");
    const { DataStore } = await import("../../src/data/index.js");
    const paths = ["64080", "64081", "64082", "64083"].map((n) =>
      dataPath("veritas/crab-point-like-ED", `${n}.fits.gz`),
    );
    const store = DataStore.fromEventsFiles(nodeFileProvider(), paths);
    expect(store.obsIds).toEqual(ref.veritas_from_files.obs_ids);
    const counts = store.obsIds.map((id) => store.obs(id, "point-like").events.length);
    expect(counts).toEqual(ref.veritas_from_files.n_events);
    const obs = store.obs(64080, "point-like");
    expect(obs.availableHdus).toEqual(["events", "gti", "aeff", "edisp"]);
    // TSTART re-expressed relative to the table reference gives the same instant
    const t = store.obsTable!.table.float64("TSTART")[0];
    expect(Math.abs(Time.fromMjd(51544, "tt", 0.5).add(t).ttSeconds - obs.events.timeStart.ttSeconds)).toBeLessThan(
      1e-6,
    );
  });
});
