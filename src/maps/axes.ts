/**
 * An ordered collection of non-spatial axes (Gammapy's `MapAxes`), looked up by name. The data of an N-axis object
 * is stored in C order with the axes in this order (the first axis slowest).
 */
import { ArgumentError } from "../util/errors.js";
import type { MapAxis } from "./axis.js";

/** Ordered, immutable collection of axes with unique names. */
export class MapAxes {
  readonly axes: readonly MapAxis[];

  constructor(axes: readonly MapAxis[]) {
    const names = axes.map((a) => a.name);
    if (new Set(names).size !== names.length) throw new ArgumentError(`duplicate axis names: ${names.join(", ")}`);
    this.axes = axes;
  }

  /** Axis names in order. */
  get names(): string[] {
    return this.axes.map((a) => a.name);
  }

  /** Number of bins per axis, in order. */
  get shape(): number[] {
    return this.axes.map((a) => a.nbin);
  }

  /** Total number of bins (product of the shape). */
  get size(): number {
    return this.axes.reduce((n, a) => n * a.nbin, 1);
  }

  /** Number of axes. */
  get length(): number {
    return this.axes.length;
  }

  /** Position of an axis by name; throws `ArgumentError` if absent. */
  index(name: string): number {
    const i = this.axes.findIndex((a) => a.name === name);
    if (i < 0) throw new ArgumentError(`no axis ${name}`, name, `one of ${this.names.join(", ")}`);
    return i;
  }

  /** An axis by name; throws `ArgumentError` if absent. */
  get(name: string): MapAxis {
    return this.axes[this.index(name)];
  }

  /** Whether an axis of that name exists. */
  has(name: string): boolean {
    return this.axes.some((a) => a.name === name);
  }

  /** The axes in the order of `names` (throws if one is missing). */
  select(names: readonly string[]): MapAxes {
    return new MapAxes(names.map((n) => this.get(n)));
  }

  /** A copy with the axis of the same name replaced. */
  replace(axis: MapAxis): MapAxes {
    const i = this.index(axis.name);
    return new MapAxes(this.axes.map((a, j) => (j === i ? axis : a)));
  }

  /** A copy without the named axis. */
  drop(name: string): MapAxes {
    const i = this.index(name);
    return new MapAxes(this.axes.filter((_, j) => j !== i));
  }

  /** C-order strides (in elements) of data laid out on these axes. */
  get strides(): number[] {
    const s = new Array<number>(this.axes.length);
    let acc = 1;
    for (let i = this.axes.length - 1; i >= 0; i--) {
      s[i] = acc;
      acc *= this.axes[i].nbin;
    }
    return s;
  }

  /** Whether all axes are equal (Gammapy's axis equality) and in the same order. */
  equals(other: MapAxes): boolean {
    return this.axes.length === other.axes.length && this.axes.every((a, i) => a.equals(other.axes[i]));
  }
}
