import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type SedPlotData, sedPlotSvg } from "../../src/plot/index.js";
import { DEFAULT_PNG_WIDTH_PX, svgToPng, writePng, writeSvg } from "../../src/plot/node.js";
import { ArgumentError } from "../../src/util/errors.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height from the IHDR chunk, which follows the 8-byte signature (length, "IHDR", width, height). */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

function sed(): SedPlotData {
  const eRef = Float64Array.from([1, 3, 10]);
  const value = Float64Array.from([3e-11, 2e-11, 1e-11]);
  return {
    title: "Test",
    sedType: "e2dnde",
    points: {
      eRefTeV: eRef,
      eMinTeV: eRef.map((e) => e / 1.5),
      eMaxTeV: eRef.map((e) => e * 1.5),
      value,
      errn: value.map((v) => 0.1 * v),
      errp: value.map((v) => 0.1 * v),
      ul: value.map((v) => 2 * v),
      isUl: Uint8Array.from([0, 0, 1]),
    },
    model: { energyTeV: Float64Array.from([0.5, 20]), value: Float64Array.from([4e-11, 6e-12]) },
  };
}

const dir = mkdtempSync(join(tmpdir(), "gammats-plot-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("svgToPng", () => {
  it("rasterises to a PNG 1200 px wide by default, keeping the aspect ratio", () => {
    const png = svgToPng(sedPlotSvg(sed(), { widthPx: 800, heightPx: 600 }));
    expect(DEFAULT_PNG_WIDTH_PX).toBe(1200);
    expect(pngSize(png)).toEqual({ width: 1200, height: 900 });
    expect(png.length).toBeGreaterThan(10_000); // axes, text and points, not a blank image
  });
  it("honours the requested width", () => {
    expect(pngSize(svgToPng(sedPlotSvg(sed()), 600))).toEqual({ width: 600, height: 450 });
  });
  it("rejects invalid widths", () => {
    expect(() => svgToPng(sedPlotSvg(sed()), 0)).toThrow(ArgumentError);
    expect(() => svgToPng(sedPlotSvg(sed()), 10.5)).toThrow(ArgumentError);
  });
});

describe("writePng / writeSvg", () => {
  it("write the files atomically, leaving no temporary files", () => {
    const svg = sedPlotSvg(sed());
    writeSvg(join(dir, "sed.svg"), svg);
    writePng(join(dir, "sed.png"), svg, 400);
    expect(readdirSync(dir).sort()).toEqual(["sed.png", "sed.svg"]);
    expect(readFileSync(join(dir, "sed.svg"), "utf8")).toBe(svg);
    expect(pngSize(new Uint8Array(readFileSync(join(dir, "sed.png"))))).toEqual({ width: 400, height: 300 });
  });
});
