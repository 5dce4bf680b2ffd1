/** ECSV tables (astropy's format of the HAWC catalogs): header, quoting, types, round trips and bad input. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readEcsv, splitEcsvLine } from "../../src/util/ecsv.js";
import { GammatsError } from "../../src/util/errors.js";

const HEADER = `# %ECSV 0.9
# ---
# datatype:
# - {name: source_name, datatype: string, description: Source name}
# - {name: ra, unit: deg, datatype: float64}
# - {name: n, datatype: int64}
# - {name: ok, datatype: bool}
# - {name: f, unit: 1 / (cm2 s TeV), datatype: float32}
# meta: !!omap
# - {catalog_name: 2HWC}
# - {reference: 'http://adsabs.harvard.edu/abs/2017ApJ...843...40A'}
# schema: astropy-2.0
source_name ra n ok f`;

describe("ECSV reader", () => {
  it("reads typed columns, units, quoted strings, nan and !!omap meta", () => {
    const t = readEcsv(`${HEADER}
"2HWC J0534+220" 83.628 3 True 1.85e-13
"2HWC J1819-150*" nan -2 False nan
plain 1.5e2 0 True ""
`);
    expect(t.nrows).toBe(3);
    expect(t.strings("source_name")).toEqual(["2HWC J0534+220", "2HWC J1819-150*", "plain"]);
    expect(Array.from(t.float64("ra"))).toEqual([83.628, Number.NaN, 150]);
    expect(t.column("ra").unit).toBe("deg");
    expect(Array.from(t.float64("n"))).toEqual([3, -2, 0]);
    expect(Array.from(t.column("ok").data as Uint8Array)).toEqual([1, 0, 1]);
    expect(t.column("f").data).toBeInstanceOf(Float32Array);
    expect(Number.isNaN(t.float64("f")[2])).toBe(true);
    expect(t.meta.catalog_name).toBe("2HWC");
    expect(t.meta.reference).toMatch(/2017ApJ/);
    expect(t.column("source_name").description).toBe("Source name");
  });

  it("splits lines as astropy writes them (quotes around delimiters, doubled quotes)", () => {
    expect(splitEcsvLine('a "b c" "d ""e""" f')).toEqual(["a", "b c", 'd "e"', "f"]);
    expect(splitEcsvLine("  x   y ")).toEqual(["x", "y"]);
    expect(splitEcsvLine('1,"a,b",,2', ",")).toEqual(["1", "a,b", "", "2"]);
    expect(splitEcsvLine("1,2,", ",")).toEqual(["1", "2", ""]);
  });

  it("round-trips random tables of strings and numbers", () => {
    const quote = (s: string) => (s === "" || /[\s"]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            s: fc.string({ maxLength: 12 }).filter((s) => !/[\n\r]/.test(s)),
            x: fc.double({ noDefaultInfinity: true }),
          }),
          { minLength: 1, maxLength: 20 },
        ),
        (rows) => {
          const text = [
            "# %ECSV 1.0",
            "# ---",
            "# datatype:",
            "# - {name: s, datatype: string}",
            "# - {name: x, datatype: float64}",
            "s x",
            ...rows.map(
              (r) => `${quote(r.s)} ${Number.isNaN(r.x) ? "nan" : Object.is(r.x, -0) ? "-0.0" : String(r.x)}`,
            ),
          ].join("\n");
          const t = readEcsv(text);
          expect(t.strings("s")).toEqual(rows.map((r) => r.s));
          expect(Array.from(t.float64("x"))).toEqual(rows.map((r) => r.x));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("rejects bad input with typed errors naming the line or column", () => {
    const bad = (text: string, pattern: RegExp) => {
      expect(() => readEcsv(text, "cat.ecsv")).toThrow(GammatsError);
      expect(() => readEcsv(text, "cat.ecsv")).toThrow(pattern);
    };
    bad("a b\n1 2", /not an ECSV file/);
    bad(`${HEADER}\n"x" 1 2 True`, /data row 1/);
    bad(`${HEADER}\n"x" abc 2 True 1`, /ra\[0\]/);
    bad(`${HEADER}\n"x" 1 2 maybe 1`, /ok\[0\]/);
    bad(`${HEADER.replace("source_name ra n ok f", "name ra n ok f")}\n"x" 1 2 True 1`, /column-name row/);
    bad(
      "# %ECSV 1.0\n# ---\n# datatype:\n# - {name: a, datatype: float64, subtype: 'float64[2]'}\na\n[1,2]",
      /subtype/,
    );
    bad("# %ECSV 1.0\n# ---\n# datatype: [\n", /YAML header/);
  });
});
