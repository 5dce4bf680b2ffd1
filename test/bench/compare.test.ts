/** The benchmark suite's agreement check (bench/compare.ts): a fast wrong answer must be flagged. */
import { describe, expect, it } from "vitest";
import { compare, type SideNumbers } from "../../bench/compare.js";
import { DEFAULT_TOLERANCE } from "../../bench/scenarios.js";

/** Gammapy's numbers of a small 3D fit (values, errors as Gammapy reports them). */
const gammapy: SideNumbers = {
  fit: { success: true, total_stat: 27321.5695 },
  parameters: [
    { model: "crab", name: "index", value: 2.5882, error: 0.03, frozen: false },
    { model: "crab", name: "amplitude", value: 4.6e-11, error: 2e-12, frozen: false },
    { model: "crab", name: "lon_0", value: 83.6192, error: 0.0027, frozen: false },
    { model: "crab", name: "reference", value: 1, error: 0, frozen: true },
  ],
  datasets_counts: [787, 659],
  flux_points: { dnde: [1e-11, 2e-13, null], dnde_err: [1e-12, 5e-14, null] },
};

/** Gammapy's numbers with some of them changed. */
function changed(edit: (n: SideNumbers) => void): SideNumbers {
  const copy = structuredClone(gammapy);
  edit(copy);
  return copy;
}

describe("bench compare", () => {
  it("identical numbers agree, with every check listed", () => {
    const a = compare(gammapy, gammapy, DEFAULT_TOLERANCE);
    expect(a.ok).toBe(true);
    // success, stat, 3 free parameters with values and errors, counts, 2 finite flux points
    expect(a.checks).toHaveLength(11);
    expect(a.summary).toMatch(/^yes \(11 checks\)/);
  });

  it("an index off by 0.5 sigma is a disagreement naming the parameter and both values", () => {
    const a = compare(
      changed((n) => (n.parameters![0].value += 0.015)),
      gammapy,
      DEFAULT_TOLERANCE,
    );
    expect(a.ok).toBe(false);
    expect(a.summary).toBe("DISAGREE: crab.index 2.60320 vs 2.58820");
  });

  it("a position is held to sigma, not to its value: 1e-4 relative of 83.6 deg (0.0084 deg = 3 sigma) disagrees", () => {
    const a = compare(
      changed((n) => (n.parameters![2].value *= 1 + 1e-4)),
      gammapy,
      DEFAULT_TOLERANCE,
    );
    expect(a.ok).toBe(false);
    expect(a.checks.find((c) => c.what === "crab.lon_0")!.ok).toBe(false);
  });

  it("a parameter's limit is the larger of 1e-3 relative and 0.02 sigma (MIGRAD's convergence tolerance)", () => {
    // amplitude: 1e-3 relative = 4.6e-14 is larger than 0.02 sigma = 4e-14; 1.1e-3 off exceeds it, 0.9e-3 does not
    const off = compare(
      changed((n) => (n.parameters![1].value *= 1 + 1.1e-3)),
      gammapy,
      DEFAULT_TOLERANCE,
    );
    expect(off.checks.find((c) => c.what === "crab.amplitude")!.limit).toBeCloseTo(4.6e-14, 20);
    expect(off.ok).toBe(false);
    const within = compare(
      changed((n) => (n.parameters![1].value *= 1 + 0.9e-3)),
      gammapy,
      DEFAULT_TOLERANCE,
    );
    expect(within.ok).toBe(true);
  });

  it("a missing parameter, other counts, a failed fit or a different flux point disagree", () => {
    const cases: Array<[string, (n: SideNumbers) => void]> = [
      ["crab.lon_0", (n) => n.parameters!.splice(2, 1)],
      ["counts of each dataset", (n) => (n.datasets_counts![1] = 660)],
      ["fit success", (n) => (n.fit!.success = false)],
      ["flux point dnde[1]", (n) => (n.flux_points!.dnde[1] = 2.1e-13)],
      ["flux point dnde[2]", (n) => (n.flux_points!.dnde[2] = 1e-14)],
    ];
    for (const [what, edit] of cases) {
      const a = compare(changed(edit), gammapy, DEFAULT_TOLERANCE);
      expect(a.ok, what).toBe(false);
      expect(a.checks.find((c) => !c.ok)!.what).toBe(what);
    }
  });

  it("the total statistic is held to 0.01", () => {
    expect(
      compare(
        changed((n) => (n.fit!.total_stat += 0.02)),
        gammapy,
        DEFAULT_TOLERANCE,
      ).ok,
    ).toBe(false);
    expect(
      compare(
        changed((n) => (n.fit!.total_stat += 0.005)),
        gammapy,
        DEFAULT_TOLERANCE,
      ).ok,
    ).toBe(true);
  });
});
