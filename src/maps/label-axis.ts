/**
 * An axis of named bins (Gammapy's `LabelMapAxis`), e.g. one bin per dataset: the bins are unique string labels,
 * kept sorted by Unicode code point (numpy's `np.unique` order), and coordinates are labels. Pixel coordinate i is
 * the center of bin i; the axis has no numeric edges.
 */
import { ArgumentError } from "../util/errors.js";

/** Compares strings by Unicode code point (numpy's string order; JS `<` compares UTF-16 code units). */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}

/** numpy `round` (half to even). */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** An immutable axis of labelled bins. */
export class LabelMapAxis {
  /** Gammapy's node type of label axes. */
  readonly nodeType = "label";
  /** Label axes are dimensionless. */
  readonly unit = "";
  /** Axis name, e.g. `dataset`. */
  readonly name: string;
  /** The labels, sorted by code point (as numpy's `np.unique`). */
  readonly labels: readonly string[];

  /** An axis of the given labels (sorted; throws `ArgumentError` if a label repeats). */
  constructor(labels: readonly string[], name = "") {
    const sorted = [...labels].sort(compareCodePoints);
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i] === sorted[i - 1]) throw new ArgumentError(`axis ${name}: label '${sorted[i]}' repeats`, name);
    }
    this.labels = sorted;
    this.name = name;
  }

  /** Number of bins (labels). */
  get nbin(): number {
    return this.labels.length;
  }

  /** The bin "centers": the labels. */
  get center(): readonly string[] {
    return this.labels;
  }

  /** Lower "edges": the labels, as Gammapy. */
  get edgesMin(): readonly string[] {
    return this.labels;
  }

  /** Upper "edges": the labels, as Gammapy. */
  get edgesMax(): readonly string[] {
    return this.labels;
  }

  /** A label axis has no edges: throws `ArgumentError`, as Gammapy. */
  get edges(): never {
    throw new ArgumentError(`axis ${this.name}: a label axis does not define edges`, this.name);
  }

  /** Bin widths: 1 for every bin (nbin values). */
  get binWidth(): Float64Array {
    return new Float64Array(this.nbin).fill(1);
  }

  /** Throws `ArgumentError` unless the axis has this name. */
  assertName(requiredName: string): void {
    if (this.name !== requiredName) {
      throw new ArgumentError(`unexpected axis name '${this.name}'`, this.name, `'${requiredName}'`);
    }
  }

  /** Bin indices of labels; throws `ArgumentError` for a label the axis does not have (as Gammapy). */
  coordToIdx(coord: readonly string[], out = new Int32Array(coord.length)): Int32Array {
    for (let k = 0; k < coord.length; k++) {
      const i = this.labels.indexOf(coord[k]);
      if (i < 0) throw new ArgumentError(`not a valid label: '${coord[k]}'`, this.name, this.labels.join(", "));
      out[k] = i;
    }
    return out;
  }

  /** Pixel coordinates of labels (their bin indices as floats). */
  coordToPix(coord: readonly string[]): Float64Array {
    return Float64Array.from(this.coordToIdx(coord));
  }

  /**
   * Labels at pixel coordinates, rounded half to even (numpy `round`); negative indices count from the end as in
   * numpy, anything else outside throws `ArgumentError`.
   */
  pixToCoord(pix: ArrayLike<number>): string[] {
    const out: string[] = [];
    for (let k = 0; k < pix.length; k++) {
      let i = roundHalfEven(pix[k]);
      if (i < 0) i += this.nbin;
      if (!(i >= 0 && i < this.nbin)) throw new ArgumentError(`pixel ${pix[k]} outside the axis`, this.name);
      out.push(this.labels[i]);
    }
    return out;
  }

  /**
   * Gammapy's `pix_to_idx`: pixel coordinates unchanged, or -1 where `pix < 0` or `pix >= nbin`; with `clip`, clipped
   * to [0, nbin - 1] instead. (Values are not rounded, as Gammapy.)
   */
  pixToIdx(pix: ArrayLike<number>, clip = false): Float64Array {
    const out = new Float64Array(pix.length);
    for (let k = 0; k < pix.length; k++) {
      const p = pix[k];
      out[k] = clip ? Math.min(Math.max(p, 0), this.nbin - 1) : p < 0 || p >= this.nbin ? -1 : p;
    }
    return out;
  }

  /** The bins `start` (inclusive) to `stop` (exclusive) as a new axis. */
  slice(start: number, stop = this.nbin): LabelMapAxis {
    if (start < 0 || stop > this.nbin || stop <= start) {
      throw new ArgumentError(`axis ${this.name}: invalid slice ${start}:${stop} of ${this.nbin} bins`, this.name);
    }
    return new LabelMapAxis(this.labels.slice(start, stop), this.name);
  }

  /**
   * The axis squashed into one bin labelled `first...last` (Gammapy 1.0 has no `squash` for label axes; this is the
   * convention of later Gammapy versions).
   */
  squash(): LabelMapAxis {
    const l = this.labels;
    return new LabelMapAxis([l.length === 1 ? l[0] : `${l[0]}...${l[l.length - 1]}`], this.name);
  }

  /** A copy, optionally renamed. */
  copy(changes: { readonly name?: string } = {}): LabelMapAxis {
    return new LabelMapAxis(this.labels, changes.name ?? this.name);
  }

  /** Gammapy's `is_allclose`: same labels and name (case-insensitive). */
  isAllclose(other: LabelMapAxis): boolean {
    return (
      this.name.toUpperCase() === other.name.toUpperCase() &&
      this.nbin === other.nbin &&
      this.labels.every((l, i) => l === other.labels[i])
    );
  }

  /** Gammapy's equality: another label axis with the same labels and name (case-insensitive). */
  equals(other: unknown): boolean {
    return other instanceof LabelMapAxis && this.isAllclose(other);
  }
}
