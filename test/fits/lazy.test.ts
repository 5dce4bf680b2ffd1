/**
 * Lazy access: a ~100 MB binary table opened through a file handle; opening reads only the headers, and reading one
 * column decodes only that column, streaming the rows in bounded chunks (no whole-file buffer).
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type ByteSource, FitsFile } from "../../src/fits/index.js";
import { fileSource, writeFitsFile } from "../../src/fits/node.js";

/** Wraps a source, counting bytes read and the largest single read. */
function counting(src: ByteSource): ByteSource & { bytes: number; largest: number } {
  const c = {
    size: src.size,
    name: src.name,
    bytes: 0,
    largest: 0,
    read(offset: number, length: number) {
      const out = src.read(offset, length);
      c.bytes += out.length;
      c.largest = Math.max(c.largest, out.length);
      return out;
    },
    close: () => src.close?.(),
  };
  return c;
}

describe("lazy access to a 100 MB file", () => {
  it("opens by reading headers only and reads one column in bounded chunks", () => {
    const dir = mkdtempSync(join(tmpdir(), "gammats-lazy-"));
    const path = join(dir, "big.fits");
    try {
      const nrows = 1_300_000;
      const columns = Array.from({ length: 10 }, (_, k) => ({
        name: `C${k}`,
        data: Float64Array.from({ length: nrows }, (_, i) => i * (k + 1)),
      }));
      writeFitsFile(path, [{ kind: "bintable", name: "BIG", columns }], { checksum: false });
      expect(statSync(path).size).toBeGreaterThan(100e6);

      const src = counting(fileSource(path));
      const t0 = performance.now();
      const fits = FitsFile.open(src);
      const openMs = performance.now() - t0;
      expect(src.bytes).toBeLessThan(20_000); // two headers
      const col = fits.table("BIG").float64("C3").data;
      expect(col.length).toBe(nrows);
      expect(col[nrows - 1]).toBe((nrows - 1) * 4);
      expect(src.largest).toBeLessThanOrEqual(8 * 1024 * 1024); // chunks, never the whole table
      expect(openMs).toBeLessThan(100);
      fits.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
