/**
 * Every FITS file of the real data opens, and every binary-table column and image decodes to what astropy gives:
 * same names, TFORMs, units, per-row shapes and value digests (fixture from scripts/oracle/fits_digests.py).
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BinTableHdu, FitsFile, ImageHdu } from "../../src/fits/index.js";
import { collectWarnings } from "../../src/util/warnings.js";
import { DATA_DIR, dataPath, REPO_ROOT } from "../support/data.js";
import { columnDigest, f64Bytes, shortHash } from "./digest.js";

interface ColumnFixture {
  name: string;
  format: string;
  unit: string | null;
  shape?: number[];
  digest: string;
  int64?: string;
}
interface HduFixture {
  name: string;
  type: "bintable" | "image";
  nkeys: number;
  nrows?: number;
  columns?: ColumnFixture[];
  shape?: number[];
  digest?: string;
}

/** Checksum failures astropy reports too (`fits.open(..., checksum=True)`): the file's sums are stale. */
const BAD_CHECKSUMS: Record<string, string[]> = {
  "fermi-3fhl-gc/fermi-3fhl-gc-events.fits.gz": ["1:CHECKSUM", "1:DATASUM", "2:CHECKSUM"],
};

const fixture: Record<string, HduFixture[]> = JSON.parse(
  readFileSync(`${REPO_ROOT}/test/fixtures/fits/astropy-digests.json`, "utf8"),
);

describe.skipIf(!DATA_DIR)("FITS reader agrees with astropy on every file of the real data", () => {
  const files = Object.keys(fixture);

  it("covers all FITS files in the data directory", () => {
    expect(files.length).toBeGreaterThan(250);
  });

  for (const rel of files) {
    it(rel, () => {
      const { sink, warnings } = collectWarnings();
      const fits = FitsFile.open(new Uint8Array(readFileSync(dataPath(rel))), {
        name: rel,
        checksum: "warn",
        warn: sink,
      });
      const bad = warnings.filter((w) => w.code === "BAD_CHECKSUM").map((w) => `${w.path.hdu}:${w.path.key}`);
      expect(bad).toEqual(BAD_CHECKSUMS[rel] ?? []);
      const expected = fixture[rel];
      expect(fits.hdus.length).toBe(expected.length);
      expected.forEach((exp, i) => {
        const hdu = fits.hdus[i];
        expect(hdu.name.toUpperCase()).toBe(exp.name.toUpperCase());
        // astropy counts duplicate keywords too
        expect(hdu.header.cards.filter((c) => c.value !== undefined).length).toBe(exp.nkeys);
        if (exp.type === "bintable") {
          expect(hdu).toBeInstanceOf(BinTableHdu);
          const table = hdu as BinTableHdu;
          expect(table.nrows).toBe(exp.nrows);
          expect(table.columnNames).toEqual(exp.columns?.map((c) => c.name));
          for (const c of exp.columns ?? []) {
            const col = table.column(c.name);
            expect(col.info.tform.text.trim(), `${c.name} TFORM`).toBe(c.format);
            expect(col.info.unit ?? null, `${c.name} unit`).toBe(c.unit);
            if (c.shape && col.kind !== "vla") {
              const rowShape = col.shape.slice(1);
              // astropy keeps the complex pair inside one value
              if (col.info.tform.type === "C" || col.info.tform.type === "M") rowShape.pop();
              expect(rowShape, `${c.name} shape`).toEqual(c.shape);
            }
            const got = columnDigest(col);
            expect(got.digest, `${c.name} values`).toBe(c.digest);
            if (c.int64) expect(got.int64, `${c.name} int64`).toBe(c.int64);
          }
        } else {
          expect(hdu).toBeInstanceOf(ImageHdu);
          const img = hdu as ImageHdu;
          expect(img.shape).toEqual(exp.shape);
          if (exp.digest) expect(shortHash(f64Bytes(img.read().data))).toBe(exp.digest);
        }
      });
    });
  }
});
