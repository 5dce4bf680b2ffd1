/**
 * Every TFORM type (L X B I J K A E D C M P Q), TDIM, unsigned conventions, scaled images with BLANK and header
 * oddities, read from a file written by astropy (fixture: scripts/oracle/fits_alltypes.py), plus TSCAL/TZERO/TNULL.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type BinTableHdu, FitsFile, type ImageHdu, writeFits } from "../../src/fits/index.js";
import { REPO_ROOT } from "../support/data.js";

const dir = `${REPO_ROOT}/test/fixtures/fits`;
const ref = JSON.parse(readFileSync(`${dir}/all-types.json`, "utf8"));
const fits = FitsFile.open(new Uint8Array(readFileSync(`${dir}/all-types.fits`)), { checksum: "error" });

describe("all column types as astropy reads them", () => {
  const t = fits.table("ALLTYPES");
  for (const name of Object.keys(ref.shapes)) {
    it(`column ${name}`, () => {
      const col = t.column(name);
      if (col.kind === "string") {
        expect(col.data).toEqual((ref.columns[name] as unknown[]).flat());
      } else if (col.kind === "vla") {
        throw new Error("unexpected VLA");
      } else {
        const want = (ref.columns[name] as (number | null)[]).map((v) => (v === null ? Number.NaN : v));
        expect(Array.from(col.data, Number)).toEqual(want);
      }
      const shape =
        col.kind === "numeric" && (col.info.tform.type === "C" || col.info.tform.type === "M")
          ? col.shape.slice(1, -1)
          : col.shape.slice(1);
      expect(shape).toEqual(ref.shapes[name]);
    });
  }
  it("64-bit integers are exact", () => {
    const col = t.column("K");
    expect(col.kind).toBe("bigint");
    if (col.kind === "bigint") expect(Array.from(col.data, String)).toEqual(ref.columns.K_exact);
  });
  it("variable-length arrays P and Q", () => {
    for (const name of ["PJ", "QD"]) {
      const col = t.column(name);
      expect(col.kind).toBe("vla");
      if (col.kind === "vla")
        expect(col.rows.map((r) => Array.from(r as Float64Array, Number))).toEqual(ref.columns[name]);
    }
  });
  it("header: CONTINUE long string, HIERARCH, complex; lookup by HDUCLAS keywords", () => {
    expect(t.header.get("LONGSTR")).toBe(ref.header.LONGSTR);
    expect(t.header.get("ESO INS FILT NAME")).toBe("R-band");
    expect(t.header.get("CPLX")).toEqual({ re: 1.5, im: 2.25 });
    expect(fits.find({ keywords: { HDUCLAS1: "TEST", HDUCLAS2: "ALL" } })).toBe(t);
    expect(fits.find({ extname: "U16", extver: 1 })?.index).toBe(3);
  });
});

describe("images with scaling, BLANK and unsigned conventions", () => {
  it("BSCALE/BZERO with BLANK -> float32 with NaN; BZERO 32768 -> uint16; int64 exact", () => {
    const s8 = (fits.image("SCALED8") as ImageHdu).read();
    expect(s8.data).toBeInstanceOf(Float32Array);
    expect(Array.from(s8.data, Number)).toEqual(
      ref.images.SCALED8.map((v: number | null) => (v === null ? Number.NaN : v)),
    );
    const u16 = fits.image("U16").read();
    expect(u16.data).toBeInstanceOf(Uint16Array);
    expect(Array.from(u16.data, Number)).toEqual(ref.images.U16);
    expect(Array.from(fits.image("I64").read().data as BigInt64Array, String)).toEqual(ref.images.I64);
  });
});

describe("TSCAL / TZERO / TNULL on table columns", () => {
  it("scaled integers become float64, null values NaN", () => {
    const bytes = writeFits([
      {
        kind: "bintable",
        name: "S",
        columns: [
          { name: "A", data: Int16Array.of(1, 2, -3, 0) },
          { name: "B", data: Int32Array.of(1, -99, 3, 4) },
          { name: "C", data: Int32Array.of(1, -99, 3, 4) },
        ],
        cards: [
          { key: "TSCAL1", value: 2 },
          { key: "TZERO1", value: 10 },
          { key: "TNULL2", value: -99 },
          { key: "TSCAL3", value: 0.5 },
          { key: "TNULL3", value: -99 },
        ],
      },
    ]);
    const t = FitsFile.open(bytes).table("S") as BinTableHdu;
    expect(Array.from(t.float64("A").data)).toEqual([12, 14, 4, 10]);
    const b = t.column("B");
    expect(b.info.tnull).toBe(-99);
    expect(Array.from(b.kind === "numeric" ? b.data : [])).toEqual([1, -99, 3, 4]);
    expect(Array.from(t.float64("C").data)).toEqual([0.5, Number.NaN, 1.5, 2]);
  });
});
