import { createRequire } from "node:module";
import fc from "fast-check";
import { unzlibSync } from "fflate";
import { describe, expect, it } from "vitest";
import { WcsGeom } from "../../src/maps/index.js";
import {
  applyColormap,
  COLORMAP_NAMES,
  type ColormapName,
  colormapHex,
  colormapIndex,
  colormapLut,
  colormapRgb,
  isDivergingColormap,
} from "../../src/plot/colormap.js";
import { type SkyImageData, skyImageRange, skyImageSvg } from "../../src/plot/index.js";
import { svgToPng } from "../../src/plot/node.js";
import { base64Encode, crc32, encodePngRgba, PNG_SIGNATURE, pngDataUri } from "../../src/plot/png-encode.js";
import { ArgumentError } from "../../src/util/errors.js";

const { Resvg } = createRequire(import.meta.url)("@resvg/resvg-js") as typeof import("@resvg/resvg-js");

/** RGBA pixels of an SVG rendered by resvg at its own size. resvg's XML parser rejects malformed documents. */
function render(svg: string): { width: number; pixels: Uint8Array } {
  const image = new Resvg(svg).render();
  return { width: image.width, pixels: new Uint8Array(image.pixels) };
}

function pixelAt(r: { width: number; pixels: Uint8Array }, x: number, y: number): number[] {
  const k = (Math.floor(y) * r.width + Math.floor(x)) * 4;
  return [...r.pixels.subarray(k, k + 4)];
}

interface PngChunk {
  type: string;
  data: Uint8Array;
  crcOk: boolean;
}

/** Splits PNG bytes into chunks, checking the signature and each chunk's CRC-32 (written independently here). */
function pngChunks(png: Uint8Array): PngChunk[] {
  expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: PngChunk[] = [];
  let off = 8;
  while (off < png.length) {
    const len = view.getUint32(off);
    const body = png.subarray(off + 4, off + 8 + len);
    out.push({
      type: new TextDecoder().decode(body.subarray(0, 4)),
      data: body.subarray(4),
      crcOk: view.getUint32(off + 8 + len) === bitwiseCrc32(body),
    });
    off += 12 + len;
  }
  return out;
}

/** CRC-32 computed bit by bit (no table), as a reference for the table-driven `crc32`. */
function bitwiseCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** Decodes a PNG written by `encodePngRgba` (8-bit RGBA, filter None) back to its size and RGBA raster. */
function decodePng(png: Uint8Array): { width: number; height: number; rgba: Uint8Array } {
  const chunks = pngChunks(png);
  expect(chunks.every((c) => c.crcOk)).toBe(true);
  expect(chunks.map((c) => c.type)).toEqual(["IHDR", "IDAT", "IEND"]);
  const ihdr = new DataView(chunks[0].data.buffer, chunks[0].data.byteOffset, 13);
  const width = ihdr.getUint32(0);
  const height = ihdr.getUint32(4);
  expect([...chunks[0].data.subarray(8)]).toEqual([8, 6, 0, 0, 0]);
  const raw = unzlibSync(chunks[1].data);
  expect(raw.length).toBe((4 * width + 1) * height);
  const rgba = new Uint8Array(4 * width * height);
  for (let y = 0; y < height; y++) {
    expect(raw[y * (4 * width + 1)]).toBe(0);
    rgba.set(raw.subarray(y * (4 * width + 1) + 1, (y + 1) * (4 * width + 1)), y * 4 * width);
  }
  return { width, height, rgba };
}

describe("crc32", () => {
  it("gives the standard check value and continues over pieces", () => {
    const bytes = new TextEncoder().encode("123456789");
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(bytes.subarray(4), crc32(bytes.subarray(0, 4)))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });
  it("equals a bitwise reference on random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (b) => crc32(b) === bitwiseCrc32(b)));
  });
});

describe("base64Encode / pngDataUri", () => {
  it("equals Node's base64 for all lengths", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20000 }), (b) => {
        expect(base64Encode(b)).toBe(Buffer.from(b).toString("base64"));
      }),
      { numRuns: 60 },
    );
    expect(pngDataUri(Uint8Array.from([1, 2]))).toBe("data:image/png;base64,AQI=");
  });
});

describe("encodePngRgba", () => {
  it("writes chunks with valid CRCs whose zlib data inflate back to the raster", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 17 }), fc.integer({ min: 1, max: 9 }), fc.integer(), (w, h, seed) => {
        const rgba = Uint8Array.from({ length: 4 * w * h }, (_, i) => (i * 37 + seed) & 0xff);
        const png = encodePngRgba(rgba, w, h);
        const decoded = decodePng(png);
        expect([decoded.width, decoded.height]).toEqual([w, h]);
        expect(decoded.rgba).toEqual(rgba);
      }),
      { numRuns: 40 },
    );
  });
  it("is rendered by resvg, pixel for pixel with image-rendering optimizeSpeed", () => {
    // 3 × 2 raster: red, green, blue / white, black, transparent (rows top-down)
    const colors = [
      [255, 0, 0, 255],
      [0, 255, 0, 255],
      [0, 0, 255, 255],
      [255, 255, 255, 255],
      [0, 0, 0, 255],
      [0, 0, 0, 0],
    ];
    const png = encodePngRgba(Uint8Array.from(colors.flat()), 3, 2);
    const svg =
      `<svg xmlns="http://www.w3.org/2000/svg" width="60" height="40"><image x="0" y="0" width="60" height="40" ` +
      `preserveAspectRatio="none" image-rendering="optimizeSpeed" href="${pngDataUri(png)}"/></svg>`;
    const r = render(svg);
    for (let k = 0; k < 6; k++) {
      const cx = (k % 3) * 20;
      const cy = Math.floor(k / 3) * 20;
      // centre and near the block corners: nearest-neighbour scaling keeps each block one colour
      for (const [dx, dy] of [
        [10, 10],
        [1, 1],
        [18, 18],
      ]) {
        expect(pixelAt(r, cx + dx, cy + dy)).toEqual(colors[k]);
      }
    }
  });
  it("rejects invalid sizes, buffer lengths and levels", () => {
    expect(() => encodePngRgba(new Uint8Array(4), 0, 1)).toThrow(ArgumentError);
    expect(() => encodePngRgba(new Uint8Array(4), 1.5, 1)).toThrow(ArgumentError);
    expect(() => encodePngRgba(new Uint8Array(5), 1, 1)).toThrow(ArgumentError);
    expect(() => encodePngRgba(new Uint8Array(4), 1, 1, 10)).toThrow(ArgumentError);
  });
});

describe("colour maps", () => {
  // matplotlib 3.6.3: cmap(np.array([0, 0.25, 0.5, 0.75, 1]), bytes=True)[:, :3]
  const MATPLOTLIB: Record<ColormapName, number[][]> = {
    viridis: [
      [68, 1, 84],
      [58, 82, 139],
      [32, 144, 140],
      [94, 201, 97],
      [253, 231, 36],
    ],
    inferno: [
      [0, 0, 3],
      [87, 15, 109],
      [187, 55, 84],
      [249, 142, 8],
      [252, 254, 164],
    ],
    RdBu_r: [
      [5, 48, 97],
      [107, 172, 208],
      [247, 246, 246],
      [228, 128, 101],
      [103, 0, 31],
    ],
  };
  it("equal matplotlib's colours at the ends, quarters and middle", () => {
    for (const name of COLORMAP_NAMES) {
      expect(colormapLut(name).length).toBe(768);
      expect([0, 0.25, 0.5, 0.75, 1].map((t) => colormapRgb(name, t))).toEqual(MATPLOTLIB[name]);
    }
    // matplotlib's float ends (viridis 0.267004 0.004874 0.329415 … 0.993248 0.906157 0.143936) truncated to bytes
    expect(colormapHex("viridis", 0)).toBe("#440154");
    expect(colormapHex("viridis", 1)).toBe("#fde724");
  });
  it("map values to entries as matplotlib (floor(t × 256), clipped) and NaN to -1", () => {
    expect([-1, 0, 0.5 / 256, 1 / 256, 0.5, 0.999, 1, 2].map(colormapIndex)).toEqual([0, 0, 0, 1, 128, 255, 255, 255]);
    expect(colormapIndex(Number.NaN)).toBe(-1);
    expect(() => colormapRgb("viridis", Number.NaN)).toThrow(ArgumentError);
    expect(() => colormapLut("jet" as ColormapName)).toThrow(ArgumentError);
    expect(COLORMAP_NAMES.filter(isDivergingColormap)).toEqual(["RdBu_r"]);
  });
  it("colour values into RGBA with blanks transparent and out-of-range values clipped", () => {
    const rgba = applyColormap(
      Float64Array.from([0, 10, Number.NaN, -5, 20, Number.POSITIVE_INFINITY]),
      0,
      10,
      "inferno",
    );
    expect([...rgba]).toEqual([
      0, 0, 3, 255, 252, 254, 164, 255, 0, 0, 0, 0, 0, 0, 3, 255, 252, 254, 164, 255, 0, 0, 0, 0,
    ]);
    expect(() => applyColormap([1], 1, 1, "viridis")).toThrow(ArgumentError);
    expect(() => applyColormap([1], 0, Number.NaN, "viridis")).toThrow(ArgumentError);
  });
});

/** A small-angle RA/Dec grid around the Crab: 0.02° pixels, RA increasing to the left (east). */
function crabLinear(x: number, y: number): { lon: number; lat: number } {
  const lat = 22.01 + (y - 20) * 0.02;
  return { lon: 83.63 - ((x - 30) * 0.02) / Math.cos((lat * Math.PI) / 180), lat };
}

function gaussianImage(nx: number, ny: number, amplitude = 10): Float64Array {
  const v = new Float64Array(nx * ny);
  for (let y = 0; y < ny; y++) {
    for (let x = 0; x < nx; x++) v[y * nx + x] = amplitude * Math.exp(-((x - nx / 2) ** 2 + (y - ny / 2) ** 2) / 40);
  }
  return v;
}

function crabImage(overrides: Partial<SkyImageData> = {}): SkyImageData {
  return {
    title: "Counts <Crab> & co",
    values: gaussianImage(60, 40),
    nx: 60,
    ny: 40,
    pixToWorld: crabLinear,
    lonLabel: "Right Ascension (deg)",
    latLabel: "Declination (deg)",
    colorbarLabel: "Counts",
    ...overrides,
  };
}

function texts(svg: string, cls: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${cls}"[^>]*>([^<]*)</text>`, "g"))].map((m) => m[1]);
}

function parseAngle(label: string): number {
  expect(label).toMatch(/^−?\d+(\.\d+)?°$/);
  return Number(label.replace("−", "-").replace("°", ""));
}

/** Range of a world coordinate over the image's frame (pixel edges at -0.5 and n - 0.5). */
function frameRange(data: SkyImageData, coord: "lon" | "lat"): [number, number] {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let k = 0; k <= 400; k++) {
    const t = k / 400;
    for (const [x, y] of [
      [-0.5 + t * data.nx, -0.5],
      [-0.5 + t * data.nx, data.ny - 0.5],
      [-0.5, -0.5 + t * data.ny],
      [data.nx - 0.5, -0.5 + t * data.ny],
    ]) {
      const w = data.pixToWorld(x, y)[coord];
      lo = Math.min(lo, w);
      hi = Math.max(hi, w);
    }
  }
  return [lo, hi];
}

function imageRect(svg: string): { x: number; y: number; w: number; h: number; href: string } {
  const m = svg.match(
    /<image class="sky-image" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"[^>]*href="([^"]+)"/,
  );
  expect(m).not.toBeNull();
  return { x: Number(m![1]), y: Number(m![2]), w: Number(m![3]), h: Number(m![4]), href: m![5] };
}

describe("skyImageSvg", () => {
  it("is a well-formed SVG with one embedded PNG of the map, north up", () => {
    const data = crabImage();
    const svg = skyImageSvg(data);
    expect(svg.startsWith("<svg ")).toBe(true);
    expect(() => render(svg)).not.toThrow();
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(svg.split("<image").length - 1).toBe(1);
    expect(texts(svg, "sky-title")).toEqual(["Counts &lt;Crab&gt; &amp; co"]);
    const rect = imageRect(svg);
    expect(rect.w / rect.h).toBeCloseTo(60 / 40, 3); // square pixels
    const png = decodePng(Uint8Array.from(Buffer.from(rect.href.replace("data:image/png;base64,", ""), "base64")));
    expect([png.width, png.height]).toEqual([60, 40]);
    // PNG row 0 (top) is the map's last row (highest pixel y, north)
    const lut = colormapLut("viridis");
    const range = skyImageRange(data.values)!;
    for (const [x, y] of [
      [0, 39],
      [30, 20],
      [59, 0],
      [5, 30],
    ]) {
      const i = colormapIndex((data.values[y * 60 + x] - range[0]) / (range[1] - range[0]));
      const k = ((39 - y) * 60 + x) * 4;
      expect([...png.rgba.subarray(k, k + 4)]).toEqual([lut[3 * i], lut[3 * i + 1], lut[3 * i + 2], 255]);
    }
  });
  it("rasterises with each map pixel drawn in its colour (nearest neighbour), blanks grey", () => {
    const values = gaussianImage(60, 40);
    values[0] = Number.NaN; // bottom-left pixel blank
    const data = crabImage({ values, colormap: "inferno" });
    const svg = skyImageSvg(data);
    const r = render(svg);
    const rect = imageRect(svg);
    const px = rect.w / 60;
    const range = skyImageRange(values, "inferno")!;
    for (const [x, y] of [
      [30, 20],
      [10, 35],
      [50, 5],
      [31, 21],
    ]) {
      const cx = rect.x + (x + 0.5) * px;
      const cy = rect.y + rect.h - (y + 0.5) * px;
      const rgb = colormapRgb("inferno", (values[y * 60 + x] - range[0]) / (range[1] - range[0]));
      expect(pixelAt(r, cx, cy)).toEqual([...rgb, 255]);
    }
    expect(pixelAt(r, rect.x + 0.5 * px, rect.y + rect.h - 0.5 * px)).toEqual([0xd9, 0xd9, 0xd9, 255]);
  });
  it("labels world-coordinate ticks within the frame's world range", () => {
    const data = crabImage();
    const svg = skyImageSvg(data);
    const lon = texts(svg, "tick-label-lon").map(parseAngle);
    const lat = texts(svg, "tick-label-lat").map(parseAngle);
    expect(lon.length).toBeGreaterThanOrEqual(2);
    expect(lat.length).toBeGreaterThanOrEqual(2);
    const [lon0, lon1] = frameRange(data, "lon");
    const [lat0, lat1] = frameRange(data, "lat");
    for (const v of lon) expect(v >= lon0 && v <= lon1).toBe(true);
    for (const v of lat) expect(v >= lat0 && v <= lat1).toBe(true);
    // RA decreases to the right: labels left to right are decreasing
    expect([...lon].sort((a, b) => b - a)).toEqual(lon);
    expect(texts(svg, "axis-label-x")).toEqual(["Right Ascension (deg)"]);
    expect(texts(svg, "axis-label-y")).toEqual(["Declination (deg)"]);
  });
  it("places each longitude tick where the transform gives its value", () => {
    const data = crabImage();
    const svg = skyImageSvg(data);
    const rect = imageRect(svg);
    const labels = [...svg.matchAll(/<text class="tick-label-lon" x="([\d.]+)"[^>]*>([^<]*)</g)];
    for (const m of labels) {
      const px = ((Number(m[1]) - rect.x) / rect.w) * 60 - 0.5;
      expect(data.pixToWorld(px, -0.5).lon).toBeCloseTo(parseAngle(m[2]), 2);
    }
  });
  it("wraps galactic longitudes through 0° into 0…360°", () => {
    const data = crabImage({
      pixToWorld: (x, y) => ({ lon: (((1.5 - x * 0.05) % 360) + 360) % 360, lat: (y - 20) * 0.05 }),
      lonLabel: "Galactic Longitude (deg)",
      latLabel: "Galactic Latitude (deg)",
    });
    const svg = skyImageSvg(data);
    const lon = texts(svg, "tick-label-lon").map(parseAngle);
    expect(lon).toContain(0);
    expect(lon.some((v) => v > 357 && v < 360)).toBe(true);
    expect(lon.every((v) => (v >= 0 && v <= 1.6) || (v >= 358 && v < 360))).toBe(true);
    expect(texts(svg, "tick-label-lat")).toContain("0°");
  });
  it("labels a galactic TAN geometry through l = 0° as WcsGeom's transform gives it", () => {
    const geom = WcsGeom.create({
      lonDeg: 0,
      latDeg: 0,
      binszDeg: 0.1,
      widthDeg: [40, 12],
      proj: "TAN",
      frame: "galactic",
    });
    const [nx, ny] = geom.npix;
    const data = crabImage({
      values: new Float64Array(nx * ny).fill(1),
      nx,
      ny,
      pixToWorld: (x, y) => {
        const w = geom.wcs.pixToWorld([x], [y]);
        return { lon: w.lon[0], lat: w.lat[0] };
      },
    });
    const svg = skyImageSvg(data);
    expect(() => render(svg)).not.toThrow();
    const rect = imageRect(svg);
    const lon = [...svg.matchAll(/<text class="tick-label-lon" x="([\d.]+)"[^>]*>([^<]*)</g)];
    expect(lon.map((m) => m[2])).toContain("0°");
    expect(lon.map((m) => m[2])).toContain("355°");
    for (const m of lon) {
      const px = ((Number(m[1]) - rect.x) / rect.w) * nx - 0.5;
      const l = data.pixToWorld(px, -0.5).lon;
      expect(Math.abs(((l - parseAngle(m[2]) + 540) % 360) - 180)).toBeLessThan(0.01);
    }
    const lat = texts(svg, "tick-label-lat").map(parseAngle);
    expect(lat).toContain(0);
    for (const v of lat) expect(Math.abs(v)).toBeLessThanOrEqual(6.1);
    // without a height, the figure is as tall as the image needs (wide image → short figure)
    expect(Number(svg.match(/^<svg [^>]*height="([\d.]+)"/)![1])).toBeLessThan(400);
    expect(Number(skyImageSvg(data, { heightPx: 700 }).match(/^<svg [^>]*height="([\d.]+)"/)![1])).toBe(700);
  });
  it("draws a colour bar with ticks in the colour range and its label", () => {
    const svg = skyImageSvg(crabImage({ vmin: 0, vmax: 12 }));
    expect(svg.split('class="colorbar"').length - 1).toBe(1);
    expect(texts(svg, "colorbar-label")).toEqual(["Counts"]);
    const ticks = texts(svg, "colorbar-tick-label").map((s) => Number(s.replace("−", "-")));
    expect(ticks.length).toBeGreaterThanOrEqual(3);
    for (const v of ticks) expect(v >= 0 && v <= 12).toBe(true);
    expect(svg).toContain('<linearGradient id="gammats-cmap-viridis"');
  });
  it("uses a range symmetric about zero for the diverging colour map", () => {
    const values = gaussianImage(60, 40, 5).map((v) => v - 1);
    expect(skyImageRange(values, "RdBu_r")).toEqual([-4, 4].map((v) => expect.closeTo(v, 1)) as [number, number]);
    const range = skyImageRange(values, "RdBu_r")!;
    expect(range[0]).toBe(-range[1]);
    const svg = skyImageSvg(
      crabImage({ values, colormap: "RdBu_r", colorbarLabel: "Residuals (counts - model) / sqrt(model)" }),
    );
    const ticks = texts(svg, "colorbar-tick-label");
    expect(ticks).toContain("0");
    for (const t of ticks) if (t !== "0") expect(ticks).toContain(t.startsWith("−") ? t.slice(1) : `−${t}`);
    expect(texts(svg, "colorbar-label")).toEqual(["Residuals (counts - model) / sqrt(model)"]);
  });
  it("chooses default ranges from the data, with constant images widened", () => {
    expect(skyImageRange(Float64Array.from([1, Number.NaN, 3]))).toEqual([1, 3]);
    expect(skyImageRange(Float64Array.from([1, 3]), "viridis", 0)).toEqual([0, 3]);
    expect(skyImageRange(Float64Array.from([2, 2]))).toEqual([1.8, 2.2]);
    expect(skyImageRange(Float64Array.from([0, 0]), "RdBu_r")).toEqual([-1, 1]);
    expect(skyImageRange(Float64Array.from([1, Number.POSITIVE_INFINITY, 3]))).toEqual([1, 3]);
    expect(skyImageRange(Float64Array.from([Number.NaN]))).toBeUndefined();
    // spans too small for tick values (denormals, 1e-12 relative) count as constant
    expect(skyImageRange(Float64Array.from([5e-324, 1e-323]))).toEqual([-1, 1]);
    expect(skyImageRange(Float64Array.from([1, 1 + 1e-12]))).toEqual([expect.closeTo(0.9, 9), expect.closeTo(1.1, 9)]);
    expect(() => skyImageRange([], "viridis", 1, 1 + 1e-12)).toThrow(ArgumentError);
    expect(() => skyImageRange(Float64Array.from([1, 3]), "viridis", 5)).toThrow(ArgumentError);
  });
  it('renders "No data" without an image when every value is NaN', () => {
    const data = crabImage({ values: new Float64Array(60 * 40).fill(Number.NaN) });
    const svg = skyImageSvg(data);
    expect(texts(svg, "no-data")).toEqual(["No data"]);
    expect(svg).not.toContain("<image");
    expect(svg).not.toMatch(/NaN|Infinity/);
    expect(() => render(svg)).not.toThrow();
    expect(texts(svg, "tick-label-lon").length).toBeGreaterThanOrEqual(2);
  });
  it("rasterises to PNG through svgToPng", () => {
    const png = svgToPng(skyImageSvg(crabImage()), 600);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
  });
  it("never emits NaN for random images and linear transforms", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.oneof(fc.double(), fc.constant(Number.NaN), fc.double({ min: -1e3, max: 1e3 })), {
          minLength: 144,
          maxLength: 144,
        }),
        fc.double({ min: -360, max: 360, noNaN: true }),
        fc.double({ min: -80, max: 80, noNaN: true }),
        fc.double({ min: 1e-4, max: 5, noNaN: true }),
        fc.constantFrom(...COLORMAP_NAMES),
        (nx, ny, raw, lon0, lat0, cdelt, colormap) => {
          const values = Float64Array.from(raw.slice(0, nx * ny));
          let svg: string;
          try {
            svg = skyImageSvg({
              values,
              nx,
              ny,
              pixToWorld: (x, y) => ({ lon: lon0 - x * cdelt, lat: Math.max(-90, Math.min(90, lat0 + y * cdelt)) }),
              lonLabel: "lon",
              latLabel: "lat",
              colorbarLabel: "v",
              colormap,
            });
          } catch (e) {
            // the only rejection: a data range too wide for floating point
            expect(e).toBeInstanceOf(ArgumentError);
            return;
          }
          expect(svg).not.toMatch(/NaN|Infinity/);
          expect(() => render(svg)).not.toThrow();
        },
      ),
      { numRuns: 40 },
    );
  });
  it("rejects mismatched sizes and invalid options", () => {
    expect(() => skyImageSvg(crabImage({ nx: 61 }))).toThrow(ArgumentError);
    expect(() => skyImageSvg(crabImage({ nx: 0, values: new Float64Array(0) }))).toThrow(ArgumentError);
    expect(() => skyImageSvg(crabImage({ vmin: 3, vmax: 3 }))).toThrow(ArgumentError);
    expect(() => skyImageSvg(crabImage(), { widthPx: 100 })).toThrow(ArgumentError);
    expect(() => skyImageSvg(crabImage({ colormap: "jet" as ColormapName }))).toThrow(ArgumentError);
  });
});
