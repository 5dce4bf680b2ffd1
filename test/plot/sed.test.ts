import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type SedPlotData, type SedPoints, sedPlotSvg } from "../../src/plot/index.js";
import { ArgumentError } from "../../src/util/errors.js";
import { checkXml } from "../support/xml.js";

function count(svg: string, cls: string): number {
  return svg.split(`class="${cls}"`).length - 1;
}

function texts(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, "g"))].map((m) => m[1]);
}

function f64(values: number[]): Float64Array {
  return Float64Array.from(values);
}

/** Power-law SED E² dN/dE ∝ E^-0.5 in 6 bins from 1 to 10 TeV... with the last `nUl` bins as upper limits. */
function crabLike(nUl = 2): SedPlotData & { points: SedPoints } {
  const n = 6;
  const edges = Array.from({ length: n + 1 }, (_, i) => 10 ** (i / n));
  const eMin = f64(edges.slice(0, n));
  const eMax = f64(edges.slice(1));
  const eRef = eMin.map((e, i) => Math.sqrt(e * eMax[i]));
  const value = eRef.map((e) => 4e-11 * e ** -0.5);
  const isUl = new Uint8Array(n);
  for (let i = n - nUl; i < n; i++) isUl[i] = 1;
  const energy = f64(Array.from({ length: 50 }, (_, i) => 10 ** (-0.1 + (1.2 * i) / 49)));
  const model = energy.map((e) => 4e-11 * e ** -0.5);
  return {
    title: "Crab <test> & co",
    sedType: "e2dnde",
    points: {
      eRefTeV: eRef,
      eMinTeV: eMin,
      eMaxTeV: eMax,
      value,
      errn: value.map((v) => 0.1 * v),
      errp: value.map((v) => 0.12 * v),
      ul: value.map((v) => 2 * v),
      isUl,
    },
    model: {
      energyTeV: energy,
      value: model,
      bandLo: model.map((v) => 0.9 * v),
      bandHi: model.map((v) => 1.1 * v),
      label: "PL fit",
    },
    residuals: {
      eRefTeV: eRef.slice(0, n - nUl),
      value: f64([0.1, -0.05, 0, 0.2].slice(0, n - nUl)),
      err: f64([0.1, 0.1, 0.1, 0.1].slice(0, n - nUl)),
    },
  };
}

function emptyPoints(): SedPlotData["points"] {
  const z = new Float64Array(0);
  return { eRefTeV: z, eMinTeV: z, eMaxTeV: z, value: z, errn: z, errp: z, ul: z, isUl: new Uint8Array(0) };
}

describe("sedPlotSvg", () => {
  it("writes a well-formed SVG document of the requested size", () => {
    const svg = sedPlotSvg(crabLike(), { widthPx: 640, heightPx: 480 });
    expect(checkXml(svg)).toBe("svg");
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="480" viewBox="0 0 640 480"/);
    expect(svg).not.toMatch(/NaN|Infinity/);
  });
  it("draws one marker per point and one arrow per upper limit", () => {
    const svg = sedPlotSvg(crabLike(2));
    expect(count(svg, "sed-point")).toBe(4);
    expect(count(svg, "sed-ul")).toBe(2);
    expect(count(svg, "sed-residual")).toBe(4);
    expect(count(svg, "sed-model")).toBe(1);
    expect(count(svg, "sed-model-band")).toBe(1);
    expect(count(svg, "zero-line")).toBe(1);
    // The residual panel carries the energy label; the main panel has no x tick labels of its own.
    expect(texts(svg, "axis-label-x")).toEqual(["Energy [TeV]"]);
    expect(texts(svg, "axis-label-y")).toEqual(["E² dN/dE [TeV cm⁻² s⁻¹]", "Residuals"]);
  });
  it("puts labelled x ticks at the decades of a known range", () => {
    const data = crabLike(0);
    data.points.eMinTeV[0] = 0.1;
    data.points.eMaxTeV[5] = 100;
    data.residuals = undefined;
    data.model = undefined;
    const svg = sedPlotSvg(data);
    expect(texts(svg, "tick-label-x")).toEqual(["10⁻¹", "10⁰", "10¹", "10²"]);
    expect(texts(svg, "axis-label-x")).toEqual(["Energy [TeV]"]);
    // y spans less than two decades: 1-2-5 labels in scientific notation.
    for (const label of texts(svg, "tick-label-y")) expect(label).toMatch(/^([25]×)?10⁻¹[⁰¹]$/);
  });
  it("escapes the title and shows the legend entries", () => {
    const svg = sedPlotSvg(crabLike());
    expect(texts(svg, "sed-title")).toEqual(["Crab &lt;test&gt; &amp; co"]);
    expect(svg).toContain(">Flux points</text>");
    expect(svg).toContain(">PL fit</text>");
  });
  it("draws several sets of points, each with its colour and legend entry", () => {
    const a = crabLike();
    const b = crabLike(1).points;
    const svg = sedPlotSvg({
      ...a,
      points: [
        { ...a.points, label: "MAGIC" },
        { ...b, value: b.value.map((v) => v * 2), label: "H.E.S.S.", color: "#d62728" },
      ],
    });
    expect(svg).toContain(">MAGIC</text>");
    expect(svg).toContain(">H.E.S.S.</text>");
    expect(count(svg, "sed-point")).toBe(4 + 5);
    expect(count(svg, "sed-ul")).toBe(2 + 1);
    expect(svg).toContain('stroke="#d62728"');
    checkXml(svg);
    expect(() => sedPlotSvg({ ...a, points: [a.points, { ...b, value: new Float64Array(2) }] })).toThrow(
      /points\[1\]\.value has length 2/,
    );
  });
  it("labels each SED type with its unit", () => {
    const labels = (["dnde", "e2dnde", "flux", "eflux"] as const).map((sedType) => {
      const svg = sedPlotSvg({ ...crabLike(), sedType, residuals: undefined });
      return texts(svg, "axis-label-y")[0];
    });
    expect(labels).toEqual([
      "dN/dE [TeV⁻¹ cm⁻² s⁻¹]",
      "E² dN/dE [TeV cm⁻² s⁻¹]",
      "Flux [cm⁻² s⁻¹]",
      "Energy flux [TeV cm⁻² s⁻¹]",
    ]);
  });
  it("skips NaN, infinite and non-positive entries and never writes NaN", () => {
    const data = crabLike(2);
    const p = data.points;
    p.value[0] = Number.NaN; // point skipped
    p.eRefTeV[1] = Number.NaN; // falls back to the bin centre
    p.errn[2] = Number.NaN; // no lower error bar, still drawn
    p.value[3] = -1; // not drawable on a log axis
    p.ul[4] = Number.POSITIVE_INFINITY; // upper limit skipped
    data.model!.value[10] = Number.NaN; // breaks the line into two pieces
    data.model!.bandHi![20] = Number.NaN;
    data.residuals!.err[0] = Number.NaN;
    data.residuals!.value[1] = Number.NaN;
    const svg = sedPlotSvg(data);
    expect(checkXml(svg)).toBe("svg");
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(count(svg, "sed-point")).toBe(2);
    expect(count(svg, "sed-ul")).toBe(1);
    expect(count(svg, "sed-residual")).toBe(3);
    const modelPath = svg.match(/class="sed-model" d="([^"]*)"/)![1];
    expect(modelPath.match(/M/g)).toHaveLength(2);
  });
  it("draws empty axes with a note when there is nothing to plot", () => {
    for (const data of [
      { sedType: "dnde", points: emptyPoints() } as SedPlotData,
      {
        sedType: "flux",
        points: {
          ...emptyPoints(),
          value: f64([Number.NaN]),
          eRefTeV: f64([1]),
          eMinTeV: f64([0.5]),
          eMaxTeV: f64([2]),
          errn: f64([0]),
          errp: f64([0]),
          ul: f64([Number.NaN]),
          isUl: new Uint8Array(1),
        },
        model: { energyTeV: f64([Number.NaN, 1]), value: f64([1, Number.NaN]) },
        residuals: { eRefTeV: f64([Number.NaN]), value: f64([Number.NaN]), err: f64([Number.NaN]) },
      } as SedPlotData,
    ]) {
      const svg = sedPlotSvg(data);
      expect(checkXml(svg)).toBe("svg");
      expect(svg).not.toMatch(/NaN|Infinity/);
      expect(svg).toContain(">No data</text>");
      expect(count(svg, "sed-point") + count(svg, "sed-ul") + count(svg, "sed-residual")).toBe(0);
      expect(count(svg, "legend")).toBe(0);
      expect(texts(svg, "tick-label-x")).toEqual(["10⁻¹", "10⁰", "10¹", "10²"]);
    }
  });
  it("rejects arrays of different lengths and too small sizes", () => {
    const data = crabLike();
    expect(() => sedPlotSvg({ ...data, points: { ...data.points, errp: new Float64Array(2) } })).toThrow(ArgumentError);
    expect(() => sedPlotSvg({ ...data, model: { energyTeV: f64([1, 2]), value: f64([1]) } })).toThrow(ArgumentError);
    expect(() => sedPlotSvg(data, { widthPx: 10 })).toThrow(ArgumentError);
    expect(() => sedPlotSvg(data, { heightPx: Number.NaN })).toThrow(ArgumentError);
  });
  it("stays well-formed and NaN-free for arbitrary numbers", () => {
    const num = fc.oneof(
      fc.double({ noNaN: false }),
      fc.double({ min: 1e-15, max: 1e3, noNaN: true }),
      fc.constantFrom(0, -1, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1e-300, 1e300),
    );
    const arr = (n: number) => fc.array(num, { minLength: n, maxLength: n }).map(f64);
    const data = fc.integer({ min: 0, max: 6 }).chain((n) =>
      fc.record({
        sedType: fc.constantFrom("dnde" as const, "e2dnde" as const, "flux" as const, "eflux" as const),
        points: fc.record({
          eRefTeV: arr(n),
          eMinTeV: arr(n),
          eMaxTeV: arr(n),
          value: arr(n),
          errn: arr(n),
          errp: arr(n),
          ul: arr(n),
          isUl: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }).map((a) => Uint8Array.from(a)),
        }),
        model: fc.record({ energyTeV: arr(n), value: arr(n), bandLo: arr(n), bandHi: arr(n) }),
        residuals: fc.record({ eRefTeV: arr(n), value: arr(n), err: arr(n) }),
      }),
    );
    fc.assert(
      fc.property(data, (d) => {
        const svg = sedPlotSvg(d);
        expect(checkXml(svg)).toBe("svg");
        expect(svg).not.toMatch(/NaN|Infinity/);
      }),
      { numRuns: 300 },
    );
  });
});

describe("checkXml (the test's own well-formedness check)", () => {
  it("rejects broken documents", () => {
    expect(checkXml('<svg a="1"><g/><text>a &amp; b</text></svg>')).toBe("svg");
    for (const bad of [
      "<svg><g></svg>",
      '<svg a="1" a="2"/>',
      "<svg>a & b</svg>",
      "<svg/><svg/>",
      "<svg a=1/>",
      "<svg>",
    ]) {
      expect(() => checkXml(bad)).toThrow();
    }
  });
});
