/** Corner plot: structure of the SVG (panels, levels, quantiles, reference lines, scaled labels) and bad input. */
import { describe, expect, it } from "vitest";
import { cornerPlotSvg } from "../../src/plot/index.js";
import { Rng } from "../../src/util/random.js";
import { checkXml } from "../support/xml.js";

function gaussianSamples(n: number, seed = 1): Float64Array {
  const rng = new Rng(seed);
  const out = new Float64Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = rng.normal();
    out[i * 3] = 2.7 + 0.1 * a;
    out[i * 3 + 1] = 4.7e-11 + 4.7e-12 * (0.7 * a + 0.71 * rng.normal());
    out[i * 3 + 2] = 0.1 * rng.normal();
  }
  return out;
}

const count = (svg: string, cls: string) => svg.split(`class="${cls}"`).length - 1;

describe("cornerPlotSvg", () => {
  it("draws d histograms, d(d-1)/2 2D panels, quantile titles and truths, with scaled axis labels", () => {
    const svg = cornerPlotSvg({
      samples: gaussianSamples(4000),
      names: ["index", "amplitude", "beta"],
      units: ["", "cm⁻² s⁻¹ TeV⁻¹", ""],
      truths: [2.7, 4.7e-11, Number.NaN],
      title: "test",
    });
    expect(checkXml(svg)).toBe("svg");
    expect(svg).not.toMatch(/NaN/);
    expect(count(svg, "corner-hist")).toBe(3);
    expect(count(svg, "corner-hist2d")).toBe(3);
    // truths: index and amplitude on their diagonals (2) and in the 2D panels they appear in (2 + 2)
    expect(count(svg, "corner-truth")).toBe(6);
    const titles = [...svg.matchAll(/class="corner-title"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(titles).toHaveLength(3);
    const [, median, up, down] = titles[0].match(/index = ([\d.]+) \+([\d.]+) −([\d.]+)/)!.map(Number);
    expect(median).toBeCloseTo(2.7, 1);
    expect(up).toBeCloseTo(0.1, 1);
    expect(down).toBeCloseTo(0.1, 1);
    expect(svg).toContain("amplitude [10⁻¹¹ cm⁻² s⁻¹ TeV⁻¹]");
    // labels: x on the bottom row (3), y on the first column below the diagonal (2)
    expect(count(svg, "corner-label-x")).toBe(3);
    expect(count(svg, "corner-label-y")).toBe(2);
  });

  it("shades the 39 % and 86 % highest-density regions of a 2D Gaussian in about the right number of cells", () => {
    const svg = cornerPlotSvg({ samples: gaussianSamples(20000).filter((_, i) => i % 3 !== 1), names: ["a", "b"] });
    const panel = svg.match(/class="corner-hist2d">(.*?)<\/g>/)![1];
    // the innermost level is opaque dark blue (no fill-opacity); the 86 % level lighter; the rest translucent
    const inner = panel.split('fill="#1f4e79"/>').length - 1;
    const middle = panel.split('fill="#6f9fd0"/>').length - 1;
    const cells = panel.split("<rect").length - 1;
    expect(cells).toBeGreaterThan(100);
    expect(inner).toBeGreaterThan(5);
    // areas of the 1 and 2 sigma ellipses are 1 : 4 (the 2 sigma ring 3x the core)
    expect(middle / inner).toBeGreaterThan(2);
    expect(middle / inner).toBeLessThan(4.5);
    expect(inner + middle).toBeLessThan(cells);
  });

  it("rejects inconsistent input with typed errors", () => {
    expect(() => cornerPlotSvg({ samples: new Float64Array(5), names: ["a", "b"] })).toThrow(/multiple of 2/);
    expect(() => cornerPlotSvg({ samples: new Float64Array(4), names: [] })).toThrow(/no parameters/);
    expect(() => cornerPlotSvg({ samples: new Float64Array(4), names: ["a", "b"], truths: [1] })).toThrow(/truths/);
    // constant samples still give a drawable range
    const svg = cornerPlotSvg({ samples: new Float64Array(20).fill(3), names: ["a", "b"] });
    expect(svg).not.toMatch(/NaN/);
  });
});
