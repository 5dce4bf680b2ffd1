/**
 * FITS writer: round trips through the reader for every column and image type (fast-check), checksums, header
 * conventions, and re-writing real data files with identical decoded values.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BinTableHdu,
  type ColumnSpec,
  FitsFile,
  type HduSpec,
  Header,
  ImageHdu,
  parseCard,
  writeFits,
} from "../../src/fits/index.js";
import { openFits, writeFitsFile } from "../../src/fits/node.js";
import { DATA_DIR, dataPath } from "../support/data.js";
import { columnDigest } from "./digest.js";

function roundTrip(hdus: HduSpec[]): FitsFile {
  return FitsFile.open(writeFits(hdus), { checksum: "error" });
}

describe("header cards", () => {
  it("parses every value type", () => {
    expect(parseCard("LOGIC   =                    T / a comment").value).toBe(true);
    expect(parseCard("INT     =                  -42").value).toBe(-42);
    expect(parseCard("BIG     =  9223372036854775807").value).toBe(9223372036854775807n);
    expect(parseCard("FLT     =             1.5D-03 / double exponent").value).toBe(1.5e-3);
    expect(parseCard("CPX     = (1.5, -2.0)").value).toEqual({ re: 1.5, im: -2 });
    expect(parseCard("STR     = 'it''s ok  '   / quote").value).toBe("it's ok");
    expect(parseCard("UNDEF   =                      / no value").value).toBeNull();
    expect(parseCard("COMMENT   free text").comment).toBe("  free text");
    expect(parseCard("HIERARCH ESO DET CHIP NAME = 'CCD 1' / chip").key).toBe("ESO DET CHIP NAME");
  });
  it("CONTINUE long strings, HIERARCH and commentary round trip through bytes", () => {
    const h = new Header();
    const long = `${"abc'".repeat(40)}end`;
    h.set("LONG", long, "a long string with quotes");
    h.set("ESO DET CHIP", 3.25, "hierarch");
    h.addHistory("made by gammats");
    h.set("EQUINOX", 2000, undefined, "float");
    const parsed = Header.parse((o, n) => h.toBytes().subarray(o, o + n), 0, h.toBytes().length).header;
    expect(parsed.get("LONG")).toBe(long);
    expect(parsed.get("ESO DET CHIP")).toBe(3.25);
    expect(parsed.history()).toEqual(["made by gammats"]);
    expect(parsed.card("EQUINOX")?.numberFormat).toBe("float");
  });
  it("duplicate keys: the last value wins, with a warning", () => {
    const text = ["A       =                    1", "A       =                    2", "END"]
      .map((s) => s.padEnd(80))
      .join("");
    const bytes = new TextEncoder().encode(text.padEnd(2880));
    const warnings: string[] = [];
    const { header } = Header.parse((o, n) => bytes.subarray(o, o + n), 0, bytes.length, {
      warn: (w) => warnings.push(w.code),
    });
    expect(header.get("A")).toBe(2);
    expect(warnings).toEqual(["DUPLICATE_KEYWORD"]);
  });
});

describe("writer -> reader round trips", () => {
  it("images of every BITPIX and unsigned convention", () => {
    const arrays = [
      Uint8Array.of(0, 255),
      Int8Array.of(-128, 127),
      Int16Array.of(-32768, 32767),
      Uint16Array.of(0, 65535),
      Int32Array.of(-(2 ** 31), 2 ** 31 - 1),
      Uint32Array.of(0, 2 ** 32 - 1),
      BigInt64Array.of(-(2n ** 63n), 2n ** 63n - 1n),
      BigUint64Array.of(0n, 2n ** 64n - 1n),
      Float32Array.of(1.5, Number.NaN),
      Float64Array.of(Math.PI, -0),
    ];
    const f = roundTrip(arrays.map((data, i) => ({ kind: "image", data, name: `H${i}` })));
    arrays.forEach((a, i) => {
      const img = (f.hdus[i] as ImageHdu).read();
      expect(img.data.constructor).toBe(a.constructor);
      expect([...img.data]).toEqual([...a]);
    });
  });

  it("random tables of all column kinds (property)", () => {
    const column = fc.oneof(
      fc.constant("D"),
      fc.constant("E"),
      fc.constant("J"),
      fc.constant("K"),
      fc.constant("I"),
      fc.constant("B"),
      fc.constant("A"),
      fc.constant("L"),
      fc.constant("PE"),
    );
    fc.assert(
      fc.property(
        fc.array(column, { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 1, max: 3 }),
        (kinds, nrows, rep) => {
          const cols: ColumnSpec[] = kinds.map((k, i) => {
            const n = nrows * rep;
            const name = `C${i}`;
            const seq = (f: (j: number) => number) => Array.from({ length: n }, (_, j) => f(j));
            switch (k) {
              case "D":
                return { name, data: Float64Array.from(seq((j) => j / 7 - 1)), cellShape: [rep], unit: "TeV" };
              case "E":
                return { name, data: Float32Array.from(seq((j) => j * 0.5)), cellShape: rep > 1 ? [1, rep] : [] };
              case "J":
                return { name, data: Int32Array.from(seq((j) => -j * 1000)), cellShape: [rep] };
              case "K":
                return {
                  name,
                  data: BigInt64Array.from(
                    seq((j) => j),
                    (j) => BigInt(j) * 5407363825684n,
                  ),
                  cellShape: [rep],
                };
              case "I":
                return { name, data: Int16Array.from(seq((j) => j - 3)), cellShape: [rep] };
              case "B":
                return { name, data: Uint8Array.from(seq((j) => j % 256)), cellShape: [rep] };
              case "L":
                return { name, data: Uint8Array.from(seq((j) => j % 2)), cellShape: [rep], logical: true };
              case "A":
                return { name, data: Array.from({ length: nrows }, (_, j) => "x".repeat(j % 4)) };
              default:
                return {
                  name,
                  data: {
                    rows: Array.from({ length: nrows }, (_, j) =>
                      Float32Array.from({ length: j % 3 }, (_, q) => q + j),
                    ),
                  },
                };
            }
          });
          const table = roundTrip([{ kind: "bintable", name: "T", columns: cols }]).table("T");
          expect(table.nrows).toBe(nrows);
          for (const c of cols) {
            const got = table.column(c.name);
            if ("rows" in c.data)
              expect((got as { rows: Float32Array[] }).rows.map((r) => [...r])).toEqual(c.data.rows.map((r) => [...r]));
            else if (Array.isArray(c.data)) expect(table.strings(c.name)).toEqual(c.data);
            else
              expect(Array.from((got as { data: ArrayLike<unknown> }).data)).toEqual(
                Array.from(c.data as ArrayLike<unknown>),
              );
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("checksums are written and verified; a flipped byte is caught", () => {
    const bytes = writeFits([{ kind: "image", data: Float32Array.of(1, 2, 3) }]);
    expect(FitsFile.open(bytes, { checksum: "error" }).verifyChecksums()).toEqual([
      { hdu: 0, datasumOk: true, checksumOk: true },
    ]);
    bytes[2880 + 5] ^= 1;
    expect(() => FitsFile.open(bytes, { checksum: "error" })).toThrow(/BAD_CHECKSUM/);
  });

  it("writes atomically and gzip-compresses .gz paths", () => {
    const dir = mkdtempSync(join(tmpdir(), "gammats-"));
    try {
      const path = join(dir, "t.fits.gz");
      writeFitsFile(path, [{ kind: "bintable", name: "X", columns: [{ name: "A", data: Float64Array.of(1, 2) }] }]);
      const f = openFits(path, { checksum: "error" });
      expect([...f.table("X").float64("A").data]).toEqual([1, 2]);
      expect(readFileSync(path)[0]).toBe(0x1f);
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});

describe.skipIf(!DATA_DIR)("re-writing real data files keeps every decoded value", () => {
  for (const rel of [
    "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz",
    "joint-crab/spectra/hess/rmf_obs23523.fits",
    "fermi-3fhl-gc/fermi-3fhl-gc-counts-cube.fits.gz",
    "catalogs/hgps_catalog_v1.fits.gz",
  ]) {
    it(rel, () => {
      const src = openFits(dataPath(rel));
      const specs: HduSpec[] = src.hdus.map((h) => {
        if (h instanceof ImageHdu)
          return { kind: "image", data: h.size ? h.read().data : undefined, shape: h.shape, name: h.name };
        const t = h as BinTableHdu;
        return {
          kind: "bintable",
          name: t.name,
          columns: t.columns.map((info) => {
            const col = t.column(info.name);
            if (col.kind === "vla")
              return { name: info.name, data: { rows: col.rows as Float32Array[] }, unit: info.unit };
            if (col.kind === "string")
              return {
                name: info.name,
                data: col.data,
                cellShape: info.cellShape,
                unit: info.unit,
                width:
                  info.tform.repeat /
                  Math.max(
                    1,
                    info.cellShape.reduce((a, b) => a * b, 1),
                  ),
              };
            return {
              name: info.name,
              data: col.data,
              cellShape: info.cellShape,
              unit: info.unit,
              logical: info.tform.type === "L",
            };
          }),
        };
      });
      const copy = FitsFile.open(writeFits(specs), { checksum: "error" });
      src.hdus.forEach((h, i) => {
        if (h instanceof BinTableHdu) {
          const t = copy.hdus[i] as BinTableHdu;
          for (const info of h.columns)
            expect(columnDigest(t.column(info.name)), info.name).toEqual(columnDigest(h.column(info.name)));
        } else if ((h as ImageHdu).size) {
          expect([...(copy.hdus[i] as ImageHdu).read().data]).toEqual([...(h as ImageHdu).read().data]);
        }
      });
      src.close();
    });
  }
});
