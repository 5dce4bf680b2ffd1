/**
 * The bad-input matrix: each malformed file gives a `FitsError` with the expected code and path; lenient cases give
 * warnings. (anchors.md D.3)
 */
import { describe, expect, it } from "vitest";
import { BinTableHdu, FitsError, FitsFile, type FitsOpenOptions, ImageHdu } from "../../src/fits/index.js";
import { collectWarnings } from "../../src/util/warnings.js";
import { gz, patchCard, sampleFile } from "./craft.js";

/** Opens and reads everything; returns the FitsError thrown (fails the test on any other exception or none). */
function readAllError(bytes: Uint8Array, options: FitsOpenOptions = {}): FitsError {
  try {
    const f = FitsFile.open(bytes, { name: "bad.fits", ...options });
    for (const h of f.hdus) {
      if (h instanceof BinTableHdu) for (const c of h.columns) h.column(c.name);
      if (h instanceof ImageHdu) h.read();
    }
  } catch (err) {
    if (err instanceof FitsError) return err;
    throw err;
  }
  throw new Error("no error");
}

const good = sampleFile();

describe("bad input gives typed FitsErrors naming file, HDU and key", () => {
  it("empty file, HTML page, random bytes: NOT_FITS", () => {
    expect(readAllError(new Uint8Array(0)).code).toBe("NOT_FITS");
    expect(readAllError(new TextEncoder().encode("<html><body>404 Not Found</body></html>")).code).toBe("NOT_FITS");
    const rnd = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
    const e = readAllError(rnd);
    expect(e.code).toBe("NOT_FITS");
    expect(e.path.file).toBe("bad.fits");
  });
  it("truncated in the first header, in a later header, and in the data: TRUNCATED / MISSING_END", () => {
    expect(readAllError(good.subarray(0, 1000)).code).toBe("TRUNCATED");
    const f = FitsFile.open(good);
    const inHeader = readAllError(good.subarray(0, f.hdus[2].headerOffset + 1000));
    expect(["TRUNCATED", "MISSING_END"]).toContain(inHeader.code);
    expect(inHeader.path.hdu).toBe(2);
    const inData = readAllError(good.subarray(0, f.hdus[1].dataOffset + 100));
    expect(inData.code).toBe("TRUNCATED");
    expect(inData.path.hdu).toBe(1);
    expect(inData.message).toMatch(/data ends at byte/);
  });
  it("missing END card: MISSING_END", () => {
    const end = good.findIndex((_, i) => i % 80 === 0 && String.fromCharCode(...good.subarray(i, i + 3)) === "END");
    const noEnd = good.slice(0, 2880);
    noEnd.fill(0x20, end, end + 3);
    const e = readAllError(noEnd);
    expect(e.code).toBe("MISSING_END");
    expect(e.path.hdu).toBe(0);
  });
  it("negative, huge and non-integer NAXISn, invalid BITPIX", () => {
    const neg = readAllError(patchCard(good, "NAXIS1", "NAXIS1  =                   -4"));
    expect(neg.code).toBe("BAD_SIZE");
    expect(neg.path.key).toBe("NAXIS1");
    const huge = readAllError(
      patchCard(
        patchCard(good, "NAXIS1", "NAXIS1  =          99999999999", 1),
        "NAXIS2",
        "NAXIS2  =          99999999999",
        1,
      ),
    );
    expect(["BAD_SIZE", "TRUNCATED"]).toContain(huge.code);
    expect(huge.path.hdu).toBe(1);
    const frac = readAllError(patchCard(good, "NAXIS1", "NAXIS1  =                  1.5"));
    expect(frac.code).toBe("BAD_KEYWORD");
    expect(frac.path.key).toBe("NAXIS1");
    const bitpix = readAllError(patchCard(good, "BITPIX", "BITPIX  =                   12"));
    expect(bitpix.code).toBe("BAD_KEYWORD");
    expect(bitpix.path.key).toBe("BITPIX");
  });
  it("unparsable TFORM and widths inconsistent with NAXIS1: BAD_TFORM", () => {
    const bad = readAllError(patchCard(good, "TFORM1", "TFORM1  = '1Z      '"));
    expect(bad.code).toBe("BAD_TFORM");
    expect(bad.path).toEqual({ file: "bad.fits", hdu: 1, key: "TFORM1" });
    const width = readAllError(patchCard(good, "TFORM1", "TFORM1  = '2E      '"));
    expect(width.code).toBe("BAD_TFORM");
    expect(width.path.key).toBe("NAXIS1");
  });
  it("TDIM inconsistent with TFORM: BAD_TDIM", () => {
    const e = readAllError(patchCard(good, "TDIM3", "TDIM3   = '(4,3)   '"));
    expect(e.code).toBe("BAD_TDIM");
    expect(e.path.key).toBe("TDIM3");
  });
  it("VLA descriptors outside the heap and THEAP outside the data: BAD_HEAP", () => {
    // descriptor of row 3 of column V (P: count, offset) at a known offset: set its offset far past the heap
    const f = FitsFile.open(good);
    const t = f.table("EVENTS");
    const v = t.columnInfo("V");
    const bytes = good.slice();
    const o = t.dataOffset + 3 * t.rowBytes + v.offset;
    new DataView(bytes.buffer).setInt32(o + 4, 1_000_000);
    const e = readAllError(bytes);
    expect(e.code).toBe("BAD_HEAP");
    expect(e.path.key).toBe("V");
    new DataView(bytes.buffer).setInt32(o, -5);
    expect(readAllError(bytes).code).toBe("BAD_HEAP");
    const theap = patchCard(good, "TFIELDS", "THEAP   =              9999999");
    expect(readAllError(theap).code).toMatch(/BAD_HEAP|BAD_KEYWORD/);
  });
  it("corrupt gzip: BAD_GZIP; gzip bomb beyond the cap: TOO_LARGE", () => {
    const z = gz(good);
    const corrupt = z.slice();
    corrupt.fill(0xff, 20, 60);
    expect(readAllError(corrupt).code).toBe("BAD_GZIP");
    const bomb = gz(new Uint8Array(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(200_000);
    const e = readAllError(bomb, { maxInflatedBytes: 8 * 1024 * 1024 });
    expect(e.code).toBe("TOO_LARGE");
  });
  it("bad CHECKSUM / DATASUM: error, warning or ignored by policy", () => {
    const bytes = good.slice();
    bytes[bytes.length - 1] ^= 0xff;
    expect(readAllError(bytes, { checksum: "error" }).code).toBe("BAD_CHECKSUM");
    const { sink, warnings } = collectWarnings();
    FitsFile.open(bytes, { checksum: "warn", warn: sink });
    expect(warnings.map((w) => `${w.code}:${w.path.hdu}:${w.path.key}`)).toEqual([
      "BAD_CHECKSUM:2:CHECKSUM",
      "BAD_CHECKSUM:2:DATASUM",
    ]);
    expect(() => FitsFile.open(bytes, { checksum: "ignore" })).not.toThrow();
  });
  it("HDU or column not found, and the decode cap: NOT_FOUND, TOO_LARGE", () => {
    const f = FitsFile.open(good, { name: "x.fits" });
    expect(() => f.hdu("AEFF")).toThrow(/no HDU "AEFF".*EVENTS/);
    expect(() => f.table("EVENTS").column("RA")).toThrow(FitsError);
    const capped = FitsFile.open(good, { maxBytes: 16 });
    expect(() => capped.table("EVENTS").column("M")).toThrow(/TOO_LARGE/);
  });
});

describe("lenient cases warn and go on", () => {
  it("trailing bytes after the last HDU", () => {
    const bytes = new Uint8Array(good.length + 100);
    bytes.set(good);
    bytes.fill(0x41, good.length);
    const { sink, warnings } = collectWarnings();
    expect(FitsFile.open(bytes, { warn: sink }).hdus).toHaveLength(3);
    expect(warnings.map((w) => w.code)).toEqual(["TRAILING_BYTES"]);
  });
  it("missing final padding", () => {
    const f = FitsFile.open(good);
    const last = f.hdus[2];
    const cut = good.subarray(0, last.dataOffset + last.dataBytes);
    const { sink, warnings } = collectWarnings();
    const g = FitsFile.open(cut, { warn: sink });
    expect([...(g.hdus[2] as ImageHdu).read().data]).toEqual([1, 2, 3, 4]);
    expect(warnings.map((w) => w.code)).toEqual(["MISSING_PADDING"]);
  });
});
