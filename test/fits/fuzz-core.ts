/**
 * FITS reader fuzzing: mutations of real and synthetic files (byte flips, truncation, hostile header cards, block
 * insertion/deletion, gzip wrapping, corrupt heap descriptors) and a harness that reads everything in each mutant.
 * The only allowed outcomes are success or a `FitsError`. Shared by test/fits/fuzz.test.ts and scripts/fuzz-fits.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { gunzipSync, gzipSync } from "fflate";
import { BinTableHdu, FitsError, FitsFile, ImageHdu } from "../../src/fits/index.js";
import { sampleFile } from "./craft.js";

/** Files mutated by the fuzzer: synthetic ones always, real ones from the data directory when present. */
export function fuzzCorpus(
  dataDir?: string,
  maxBytes = Number.POSITIVE_INFINITY,
): { name: string; bytes: Uint8Array }[] {
  const corpus = [{ name: "synthetic", bytes: sampleFile() }];
  const real = [
    "joint-crab/spectra/hess/rmf_obs23523.fits",
    "magic/rad_max/data/20131004_05029747_DL3_CrabNebula-W0.40+035.fits",
    "fermi-3fhl-crab/Fermi-LAT-3FHL_iem.fits",
    "PKS2155-steady/pks2155-304_steady_rmf.fits.gz",
    "hess-dl3-dr1/data/hess_dl3_dr1_obs_id_023523.fits.gz",
  ];
  if (dataDir) {
    for (const rel of real) {
      try {
        let bytes: Uint8Array = new Uint8Array(readFileSync(join(dataDir, rel)));
        if (bytes[0] === 0x1f) bytes = gunzipSync(bytes);
        if (bytes.length <= maxBytes) corpus.push({ name: rel, bytes });
      } catch {
        // a missing file only shrinks the corpus
      }
    }
  }
  return corpus;
}

const KEYS = [
  "NAXIS",
  "NAXIS1",
  "NAXIS2",
  "NAXIS3",
  "BITPIX",
  "PCOUNT",
  "GCOUNT",
  "TFIELDS",
  "THEAP",
  "TFORM1",
  "TFORM2",
  "TFORM3",
  "TDIM3",
  "TDIM5",
  "XTENSION",
  "BZERO",
  "BSCALE",
  "EXTEND",
];
const VALUES = [
  "0",
  "-1",
  "1",
  "3",
  "2880",
  "999999999",
  "99999999999999999999",
  "-2147483648",
  "1.5",
  "'BINTABLE'",
  "'IMAGE   '",
  "'1Q      '",
  "'2PE(9)  '",
  "'9999999J'",
  "'(3,4)   '",
  "'(0)     '",
  "'(99999,99999)'",
  "T",
  "'garbage '",
  "",
  "(1,2)",
];

/** One mutation, as data so that fast-check can shrink it. */
export type Mutation =
  | { kind: "flip"; at: number[]; value: number[] }
  | { kind: "truncate"; at: number }
  | { kind: "card"; key: number; value: number; occurrence: number }
  | { kind: "insertBlock"; at: number; fill: number }
  | { kind: "deleteBlock"; at: number }
  | { kind: "int32"; at: number[]; value: number[] };

/** Arbitrary mutation (positions as fractions of the file size, applied later). */
export const mutationArb: fc.Arbitrary<{ mutations: Mutation[]; gzip: boolean; file: number }> = fc.record({
  file: fc.nat(),
  gzip: fc.boolean(),
  mutations: fc.array(
    fc.oneof(
      fc.record({
        kind: fc.constant("flip" as const),
        at: fc.array(fc.nat(), { minLength: 1, maxLength: 8 }),
        value: fc.array(fc.nat(255), { minLength: 8, maxLength: 8 }),
      }),
      fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant("card" as const),
        key: fc.nat(KEYS.length - 1),
        value: fc.nat(VALUES.length - 1),
        occurrence: fc.nat(3),
      }),
      fc.record({ kind: fc.constant("insertBlock" as const), at: fc.nat(), fill: fc.nat(255) }),
      fc.record({ kind: fc.constant("deleteBlock" as const), at: fc.nat() }),
      fc.record({
        kind: fc.constant("int32" as const),
        at: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
        value: fc.array(fc.integer(), { minLength: 4, maxLength: 4 }),
      }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
});

function cardOffsets(bytes: Uint8Array, key: string): number[] {
  const out: number[] = [];
  const k = key.padEnd(8);
  for (let o = 0; o + 80 <= bytes.length; o += 80) {
    let ok = bytes[o + 8] === 0x3d;
    for (let j = 0; ok && j < 8; j++) ok = bytes[o + j] === k.charCodeAt(j);
    if (ok) out.push(o);
  }
  return out;
}

/** Applies mutations to a copy of `src`. */
export function mutate(src: Uint8Array, mutations: readonly Mutation[]): Uint8Array {
  let b = src.slice();
  for (const m of mutations) {
    const n = Math.max(1, b.length);
    switch (m.kind) {
      case "flip":
        m.at.forEach((a, i) => {
          if (b.length) b[a % b.length] = m.value[i];
        });
        break;
      case "truncate":
        b = b.slice(0, m.at % n);
        break;
      case "card": {
        const offs = cardOffsets(b, KEYS[m.key]);
        if (offs.length) {
          const o = offs[m.occurrence % offs.length];
          const text = `${KEYS[m.key].padEnd(8)}= ${VALUES[m.value].padStart(20)}`.padEnd(80);
          for (let j = 0; j < 80; j++) b[o + j] = text.charCodeAt(j);
        }
        break;
      }
      case "insertBlock": {
        const at = Math.floor((m.at % (Math.floor(n / 2880) + 1)) * 2880);
        const out = new Uint8Array(b.length + 2880).fill(m.fill);
        out.set(b.subarray(0, at));
        out.set(b.subarray(at), at + 2880);
        b = out;
        break;
      }
      case "deleteBlock": {
        const blocks = Math.floor(b.length / 2880);
        if (blocks > 1) {
          const at = (m.at % blocks) * 2880;
          const out = new Uint8Array(b.length - 2880);
          out.set(b.subarray(0, at));
          out.set(b.subarray(at + 2880), at);
          b = out;
        }
        break;
      }
      case "int32": {
        const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
        m.at.forEach((a, i) => {
          if (b.length >= 4) view.setInt32((a % (b.length - 3)) & ~3, m.value[i]);
        });
        break;
      }
    }
  }
  return b;
}

/** Outcome of reading one mutant. */
export interface FuzzOutcome {
  readonly ok: boolean;
  /** FitsError code, if one was thrown. */
  readonly code?: string;
  /** Any other exception (a bug). */
  readonly untyped?: unknown;
  readonly ms: number;
}

/** Caps used while fuzzing, so that a hostile header cannot make the reader allocate much. */
export const FUZZ_CAPS = { maxBytes: 64 * 1024 * 1024, maxInflatedBytes: 64 * 1024 * 1024 };

/** Opens a mutant, verifies checksums, reads every column and image. */
export function readEverything(bytes: Uint8Array): FuzzOutcome {
  const t0 = performance.now();
  try {
    const f = FitsFile.open(bytes, { ...FUZZ_CAPS, checksum: "warn", warn: () => {} });
    for (const h of f.hdus) {
      if (h instanceof BinTableHdu) for (const c of h.columns) h.column(c.name);
      else if (h instanceof ImageHdu) h.read();
    }
    return { ok: true, ms: performance.now() - t0 };
  } catch (err) {
    if (err instanceof FitsError) return { ok: false, code: err.code, ms: performance.now() - t0 };
    return { ok: false, untyped: err, ms: performance.now() - t0 };
  }
}

/** Runs one fuzz case from its description. */
export function runCase(
  corpus: readonly { bytes: Uint8Array }[],
  c: { mutations: Mutation[]; gzip: boolean; file: number },
): FuzzOutcome {
  let bytes = mutate(corpus[c.file % corpus.length].bytes, c.mutations);
  if (c.gzip) bytes = gzipSync(bytes, { level: 1 });
  return readEverything(bytes);
}
