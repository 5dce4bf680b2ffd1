/**
 * PhaseBackgroundMaker against Gammapy 1.0 (scripts/oracle/phase_background_reference.py): H.E.S.S. DR1 has no pulsar,
 * so the Crab run 23523 gets a synthetic PHASE column from TIME alone (every fourth period of P = 0.0893 s "pulsed"
 * into phase 0.5-0.6); ON/OFF counts and acceptances per energy bin, a wrapping OFF range, several ON ranges, and the
 * WStat fit of the phase-resolved spectrum.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { EventList } from "../../src/data/event-list.js";
import { openDataStore } from "../../src/data/node.js";
import { energyMask, makePhaseBackground, makeSpectrumDataset, phaseIntervals } from "../../src/makers/index.js";
import { MapAxis } from "../../src/maps/axis.js";
import { RegionGeom } from "../../src/maps/region-geom.js";
import { circle } from "../../src/maps/regions.js";
import { createSpectralModel, Fit, Models, PowerLaw, SkyModel } from "../../src/modeling/index.js";
import { DATA_DIR, dataPath, NO_DATA_MESSAGE, REPO_ROOT } from "../support/data.js";

const ref = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/phase/phase-background.json`, "utf8"));

/** The events with the oracle's synthetic phases. */
function withPhases(events: EventList, period: number): EventList {
  const t = events.timeS;
  const phase = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) {
    const k = Math.floor(t[i] / period);
    const frac = (t[i] / period) % 1;
    phase[i] = k % 4 === 0 ? 0.5 + 0.1 * frac : frac;
  }
  return new EventList(events.table.withColumns([{ name: "PHASE", data: phase }]));
}

describe("phase intervals", () => {
  it("split wrapping ranges at phase 1 and reject ranges outside [0, 1]", () => {
    expect(phaseIntervals([0.7, 0.3])).toEqual([
      [0.7, 1],
      [0, 0.3],
    ]);
    expect(
      phaseIntervals([
        [0.9, 0.1],
        [0.8, 0.85],
        [0.95, 0.05],
      ]),
    ).toHaveLength(5);
    expect(() => phaseIntervals([0.2, 1.2])).toThrow(/\[0, 1\]/);
    expect(() => phaseIntervals([])).toThrow(/no phase range/);
  });
});

describe.skipIf(!DATA_DIR)(`PhaseBackgroundMaker as Gammapy ${DATA_DIR ? "" : NO_DATA_MESSAGE}`, () => {
  it("ON/OFF counts and acceptances equal; the phase-resolved WStat fit (statistic within 1e-4, values within 0.01 sigma)", () => {
    const obs = openDataStore(dataPath("hess-dl3-dr1")).obs(ref.obs_id);
    const geom = new RegionGeom(circle(83.633, 22.014, 0.11), [MapAxis.fromEnergyBounds(0.5, 30, 20)]);
    const energyAxisTrue = MapAxis.fromEnergyBounds(0.1, 50, 40, { name: "energy_true" });
    const dataset = makeSpectrumDataset(geom, energyAxisTrue, obs, { containmentCorrection: true });
    const events = withPhases(obs.events, ref.period);
    for (const [i, c] of ref.cases.entries()) {
      const d = makePhaseBackground(dataset, { events, obsId: ref.obs_id }, { onPhase: c.on, offPhase: c.off });
      expect([...d.counts], `case ${i} counts`).toEqual(c.counts);
      expect([...d.countsOff!], `case ${i} counts_off`).toEqual(c.counts_off);
      for (let k = 0; k < c.acceptance.length; k++) {
        expect(d.acceptance[k]).toBeCloseTo(c.acceptance[k], 14);
        expect(d.acceptanceOff![k]).toBeCloseTo(c.acceptance_off[k], 14);
      }
      if (!c.fit) continue;
      d.maskFit = energyMask(d.energyAxis.edges, 1, 20);
      const model = createSpectralModel(PowerLaw, { index: 2.6, amplitude: 5e-11 });
      d.models = new Models([new SkyModel({ name: "psr", spectralModel: model })]);
      const r = new Fit().run([d]);
      expect(Math.abs(r.totalStat - c.fit.total_stat)).toBeLessThan(1e-4);
      // a weak, broad likelihood (index 2.8 +- 0.9): both minimisers stop within 0.01 sigma of each other
      expect(Math.abs(model.parameters.get("index").value - c.fit.index) / c.fit.index_err).toBeLessThan(0.01);
      expect(Math.abs(model.parameters.get("amplitude").value - c.fit.amplitude) / c.fit.amplitude_err).toBeLessThan(
        0.01,
      );
      expect(Math.abs(model.parameters.get("index").error / c.fit.index_err - 1)).toBeLessThan(1e-2);
    }
    // the input dataset is unchanged; bad input is typed
    expect(dataset.countsOff).toBeUndefined();
    expect(() => makePhaseBackground(dataset, obs, { onPhase: [0.5, 0.6], offPhase: [0.7, 1] })).toThrow(
      /no PHASE column.*MISSING_COLUMN/,
    );
    expect(() => makePhaseBackground(dataset, { events }, { onPhase: [0.5, 0.6], offPhase: [0.55, 0.9] })).toThrow(
      /overlap/,
    );
  });
});
