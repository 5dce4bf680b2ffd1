import { describe, expect, it } from "vitest";
import {
  bandPath,
  escapeXml,
  formatDecade,
  formatLinear,
  formatPx,
  formatScientific,
  linearTicks,
  logTicks,
  makeScale,
  niceStep,
  polylinePath,
  superscript,
  svgElement,
} from "../../src/plot/svg.js";
import { ArgumentError, GammatsError } from "../../src/util/errors.js";

describe("text helpers", () => {
  it("escapes the five XML special characters", () => {
    expect(escapeXml(`a<b & "c" > 'd'`)).toBe("a&lt;b &amp; &quot;c&quot; &gt; &apos;d&apos;");
  });
  it("writes superscripts and powers of ten like matplotlib", () => {
    expect(superscript(-12)).toBe("⁻¹²");
    expect(superscript(3)).toBe("³");
    expect(formatDecade(0)).toBe("10⁰");
    expect(formatDecade(-1)).toBe("10⁻¹");
    expect(formatScientific(2, -11)).toBe("2×10⁻¹¹");
    expect(formatScientific(1, 2)).toBe("10²");
  });
  it("labels linear ticks with the decimals the step needs and a typographic minus", () => {
    expect(formatLinear(-0.2, 0.1)).toBe("−0.2");
    expect(formatLinear(1e-17, 0.1)).toBe("0");
    expect(formatLinear(15, 5)).toBe("15");
    expect(formatLinear(0.25, 0.05)).toBe("0.25");
    expect(formatLinear(2e5, 1e5)).toBe("2×10⁵");
  });
  it("formats coordinates with two decimals and refuses non-finite numbers", () => {
    expect(formatPx(1.23456)).toBe("1.23");
    expect(formatPx(-0.001)).toBe("0");
    expect(formatPx(100)).toBe("100");
    expect(() => formatPx(Number.NaN)).toThrow(GammatsError);
    expect(() => formatPx(Number.POSITIVE_INFINITY)).toThrow(GammatsError);
  });
  it("builds elements with escaped attributes and skips undefined ones", () => {
    expect(svgElement("rect", { x: 1.234, y: undefined, fill: "a&b" })).toBe('<rect x="1.23" fill="a&amp;b"/>');
    expect(svgElement("text", { x: 0 }, "hi")).toBe('<text x="0">hi</text>');
  });
});

describe("paths", () => {
  it("breaks a polyline at non-finite points", () => {
    expect(polylinePath([0, 1, Number.NaN, 3, 4], [0, 1, 2, 3, 4])).toBe("M0 0 L1 1 M3 3 L4 4");
    expect(polylinePath([Number.NaN], [1])).toBe("");
  });
  it("splits a band into closed polygons at non-finite points and drops single points", () => {
    const d = bandPath([0, 1, 2, 3, 4, 5], [0, 0, Number.NaN, 0, 0, Number.NaN], [1, 1, 1, 1, 1, 1]);
    expect(d).toBe("M0 1 L1 1 L1 0 L0 0 Z M3 1 L4 1 L4 0 L3 0 Z");
    expect(bandPath([0, 1], [Number.NaN, 0], [1, 1])).toBe("");
  });
});

describe("scales", () => {
  it("maps decades linearly in pixels on a log scale and skips non-positive values", () => {
    const s = makeScale(true, [0.1, 100], [0, 300]);
    expect(s.map(0.1)).toBeCloseTo(0, 12);
    expect(s.map(1)).toBeCloseTo(100, 12);
    expect(s.map(100)).toBeCloseTo(300, 12);
    expect(s.map(0)).toBeNaN();
    expect(s.map(-1)).toBeNaN();
    expect(s.map(Number.NaN)).toBeNaN();
  });
  it("maps linearly and inverts y ranges", () => {
    const s = makeScale(false, [-1, 1], [200, 0]);
    expect(s.map(0)).toBe(100);
    expect(s.map(1)).toBe(0);
    expect(s.map(1e300)).toBe(-1e6);
  });
  it("rejects empty or invalid domains", () => {
    expect(() => makeScale(true, [0, 1], [0, 1])).toThrow(ArgumentError);
    expect(() => makeScale(false, [1, 1], [0, 1])).toThrow(ArgumentError);
    expect(() => makeScale(false, [0, Number.NaN], [0, 1])).toThrow(ArgumentError);
  });
});

describe("ticks", () => {
  it("puts major ticks at every decade and minor ticks at 2…9 × 10ⁿ", () => {
    const t = logTicks(1e-13, 1e-10);
    expect(t.major.map((m) => m.value)).toEqual([1e-13, 1e-12, 1e-11, 1e-10].map((v) => 10 ** Math.log10(v)));
    expect(t.major.map((m) => m.label)).toEqual(["10⁻¹³", "10⁻¹²", "10⁻¹¹", "10⁻¹⁰"]);
    expect(t.minor).toHaveLength(24);
    expect(t.minor[0]).toBeCloseTo(2e-13, 25);
  });
  it("labels decades of a wide range sparsely and drops minor ticks beyond 12 decades", () => {
    const t = logTicks(1e-20, 1);
    expect(t.major).toHaveLength(21);
    const labelled = t.major.filter((m) => m.label);
    expect(labelled.length).toBeLessThanOrEqual(8);
    expect(labelled[0].label).toBe("10⁻²⁰");
    expect(t.minor).toEqual([]);
  });
  it("labels 1, 2 and 5 × 10ⁿ when less than two decades are in range", () => {
    const t = logTicks(0.15, 0.9);
    expect(t.major.map((m) => m.label)).toEqual([
      "2×10⁻¹",
      "3×10⁻¹",
      "4×10⁻¹",
      "5×10⁻¹",
      "6×10⁻¹",
      "7×10⁻¹",
      "8×10⁻¹",
      "9×10⁻¹",
    ]);
    const u = logTicks(1.5e-12, 6e-11);
    expect(u.major.map((m) => m.label)).toEqual(["2×10⁻¹²", "5×10⁻¹²", "10⁻¹¹", "2×10⁻¹¹", "5×10⁻¹¹"]);
    expect(u.minor.length).toBeGreaterThan(0);
  });
  it("chooses 1-2-5 steps on linear axes", () => {
    expect(niceStep(0.13)).toBeCloseTo(0.1, 15);
    expect(niceStep(0.16)).toBeCloseTo(0.2, 15);
    expect(niceStep(3)).toBe(2);
    expect(niceStep(4)).toBe(5);
    expect(niceStep(1)).toBe(1);
    const t = linearTicks(-0.33, 0.33, 6);
    expect(t.major.map((m) => m.label)).toEqual(["−0.3", "−0.2", "−0.1", "0", "0.1", "0.2", "0.3"]);
  });
  it("rejects invalid ranges", () => {
    expect(() => logTicks(0, 1)).toThrow(ArgumentError);
    expect(() => logTicks(2, 1)).toThrow(ArgumentError);
    expect(() => linearTicks(Number.NaN, 1)).toThrow(ArgumentError);
  });
});
