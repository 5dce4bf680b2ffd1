/**
 * TimeMapAxis and LabelMapAxis against Gammapy 1.0 (fixture: scripts/oracle/maps_extra_reference.py): interval
 * lookup of offsets and of times (lower bound excluded, upper included), pixel coordinates, centers, mid-times,
 * contiguity, slicing, squashing, the constructors from time edges / bounds / GTIs, equality; label sorting (numpy
 * order), lookup, rounding of pixel coordinates, slicing.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Time } from "../../src/coords/time.js";
import { LabelMapAxis } from "../../src/maps/label-axis.js";
import { type TimeAxisUnit, TimeMapAxis } from "../../src/maps/time-axis.js";
import { GammatsError } from "../../src/util/errors.js";
import { REPO_ROOT } from "../support/data.js";

const fixture = JSON.parse(readFileSync(`${REPO_ROOT}/test/fixtures/maps/extra-axes.json`, "utf8"));

/** |actual - expected| <= tol (1 + |expected|) elementwise. */
function closeAll(actual: ArrayLike<number>, expected: number[], tol: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    expect(Math.abs(actual[i] - expected[i]), `element ${i}`).toBeLessThanOrEqual(tol * (1 + Math.abs(expected[i])));
  }
}

describe("TimeMapAxis agrees with Gammapy", () => {
  for (const c of fixture.time.cases) {
    it(`interval set '${c.label}'`, () => {
      const ref = Time.fromMjd(c.ref_mjd_tt, "tt");
      const unit = c.unit as TimeAxisUnit;
      const axis = new TimeMapAxis(c.edges_min, c.edges_max, ref, { unit });
      expect(Array.from(axis.coordToIdx(c.probes))).toEqual(c.idx_rel);
      const times = (c.probes as number[]).map((p) => ref.add(p * axis.unitSeconds));
      expect(Array.from(axis.coordToIdx(times))).toEqual(c.idx_time);
      const pix = axis.coordToPix(times);
      c.pix.forEach((p: number | null, i: number) => {
        if (p === null) expect(pix[i]).toBeNaN();
        else expect(Math.abs(pix[i] - p)).toBeLessThanOrEqual(1e-9);
      });
      closeAll(axis.center, c.center, 1e-12);
      // mid-times as MJD (TT): one double resolves ~1 µs
      closeAll(
        axis.timeMid.map((t) => t.mjd("tt")),
        c.time_mid_mjd_tt,
        1e-15,
      );
      expect(axis.isContiguous).toBe(c.is_contiguous);
      const cont = axis.toContiguous();
      expect(Array.from(cont.edgesMin)).toEqual(c.contiguous_min);
      expect(Array.from(cont.edgesMax)).toEqual(c.contiguous_max);
      const sq = axis.squash();
      expect([Array.from(sq.edgesMin), Array.from(sq.edgesMax)]).toEqual(c.squash);
      const sl = axis.slice(1, 3);
      expect([Array.from(sl.edgesMin), Array.from(sl.edgesMax)]).toEqual(c.slice_1_3);
      expect(sl.referenceTime).toBe(ref);
      if (c.is_contiguous) expect(Array.from(axis.edges)).toEqual([...c.edges_min, c.edges_max.at(-1)]);
      else expect(() => axis.edges).toThrow(GammatsError);
    });
  }

  it("fromTimeBounds (UTC bounds, hours)", () => {
    const b = fixture.time.bounds;
    const axis = TimeMapAxis.fromTimeBounds(Time.fromIso(b.bounds_utc[0]), Time.fromIso(b.bounds_utc[1]), b.nbin, {
      unit: b.unit,
    });
    expect(axis.referenceTime.mjd("tt")).toBeCloseTo(b.ref_mjd_tt, 10);
    closeAll(axis.edgesMin, b.edges_min, 1e-9);
    closeAll(axis.edgesMax, b.edges_max, 1e-9);
    closeAll(axis.center, b.center, 1e-9);
    closeAll(
      axis.timeMin.map((t) => t.mjd("tt")),
      b.time_min_mjd_tt,
      1e-10,
    );
    closeAll(
      axis.timeMax.map((t) => t.mjd("tt")),
      b.time_max_mjd_tt,
      1e-10,
    );
    expect(axis.isContiguous).toBe(true);
  });

  it("fromGti (offsets in seconds from the GTI reference)", () => {
    const g = fixture.time.gti;
    const start = (g.start_mjd_tt as number[]).map((m) => Time.fromMjd(m, "tt"));
    const stop = (g.stop_mjd_tt as number[]).map((m) => Time.fromMjd(m, "tt"));
    const axis = TimeMapAxis.fromGti(start, stop, Time.fromMjd(g.ref_mjd_tt, "tt"));
    expect(axis.unit).toBe("s");
    closeAll(axis.edgesMin, g.edges_min_s, 1e-6);
    closeAll(axis.edgesMax, g.edges_max_s, 1e-6);
    expect(axis.isContiguous).toBe(g.is_contiguous);
  });

  it("equality at the microsecond level, as Gammapy", () => {
    const ref = Time.fromMjd(55197, "tt");
    const a = new TimeMapAxis([0, 1], [1, 2], ref);
    expect(a.equals(new TimeMapAxis([0, 1], [1, 2 + 1e-12], ref))).toBe(fixture.time.equality.tiny);
    expect(a.equals(new TimeMapAxis([0, 1], [1, 2 + 1e-9], ref))).toBe(fixture.time.equality.small);
    // same instants, other reference and unit
    const b = new TimeMapAxis([86400, 172800], [172800, 259200], ref.add(-86400), { unit: "s" });
    expect(a.equals(b)).toBe(true);
    expect(a.equals(b.copy({ name: "TIME" }))).toBe(true);
    expect(a.equals(b.copy({ name: "other" }))).toBe(false);
  });

  it("rejects invalid intervals", () => {
    const ref = Time.fromMjd(55197, "tt");
    expect(() => new TimeMapAxis([0, 1], [2, 3], ref)).toThrow(/overlap/);
    expect(() => new TimeMapAxis([0], [0], ref)).toThrow(GammatsError);
    expect(() => new TimeMapAxis([1, 0], [2, 0.5], ref)).toThrow(GammatsError);
    expect(() => new TimeMapAxis([0, 1], [1], ref)).toThrow(GammatsError);
  });
});

describe("LabelMapAxis agrees with Gammapy", () => {
  const l = fixture.label;
  const axis = new LabelMapAxis(l.input, "dataset");

  it("sorts labels as numpy and looks them up", () => {
    expect(axis.labels).toEqual(l.labels);
    expect(axis.nbin).toBe(l.labels.length);
    expect(Array.from(axis.coordToIdx(["beta", "crab", "ALPHA"]))).toEqual(l.coord_to_idx);
    expect(Array.from(axis.coordToPix(["beta"]))).toEqual([l.coord_to_idx[0]]);
    expect(() => axis.coordToIdx(["vela"])).toThrow(GammatsError);
  });

  it("pixel coordinates round half to even; pixToIdx as Gammapy", () => {
    expect(axis.pixToCoord([0.4, 1.5, 2.5, 3.6])).toEqual(l.pix_to_coord);
    expect(Array.from(axis.pixToIdx([-1, 0, 4, 5]))).toEqual(l.pix_to_idx);
    expect(Array.from(axis.pixToIdx([-1, 0, 4, 5], true))).toEqual(l.pix_to_idx_clip);
  });

  it("slices, squashes, compares", () => {
    expect(axis.slice(1, 3).labels).toEqual(l.slice_1_3);
    expect(axis.equals(new LabelMapAxis(l.labels, "DATASET"))).toBe(l.equal_renamed_case);
    expect(axis.equals(new LabelMapAxis(l.labels.slice(1), "dataset"))).toBe(false);
    expect(axis.squash().labels).toEqual([`${l.labels[0]}...${l.labels.at(-1)}`]);
    expect(() => new LabelMapAxis(["a", "a"])).toThrow(GammatsError);
    expect(() => axis.edges).toThrow(GammatsError);
    expect(Array.from(axis.binWidth)).toEqual(new Array(l.labels.length).fill(1));
  });
});
