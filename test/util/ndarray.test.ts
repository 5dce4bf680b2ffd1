/**
 * N-D helpers: transpose against a direct index computation, and round trips (fast-check).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { shapeSize, stridesOf, toFloat64, transpose } from "../../src/util/ndarray.js";

function naive(data: ArrayLike<number>, shape: number[], perm: number[]): number[] {
  const outShape = perm.map((p) => shape[p]);
  const inStrides = stridesOf(shape);
  const outStrides = stridesOf(outShape);
  const out = new Array<number>(shapeSize(shape));
  for (let k = 0; k < out.length; k++) {
    let src = 0;
    for (let d = 0; d < outShape.length; d++) src += (Math.floor(k / outStrides[d]) % outShape[d]) * inStrides[perm[d]];
    out[k] = data[src];
  }
  return out;
}

describe("transpose", () => {
  it("numpy example: (2,3) -> (3,2)", () => {
    const t = transpose([0, 1, 2, 3, 4, 5], [2, 3]);
    expect([...t.data]).toEqual([0, 3, 1, 4, 2, 5]);
    expect(t.shape).toEqual([3, 2]);
  });
  it("matches a direct index computation for random shapes and permutations (property)", () => {
    const arb = fc
      .array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 })
      .chain((shape) =>
        fc.tuple(
          fc.constant(shape),
          fc.shuffledSubarray([...shape.keys()], { minLength: shape.length, maxLength: shape.length }),
        ),
      );
    fc.assert(
      fc.property(arb, ([shape, perm]) => {
        const data = Array.from({ length: shapeSize(shape) }, (_, i) => i);
        const t = transpose(data, shape, perm);
        expect([...t.data]).toEqual(naive(data, shape, perm));
        const inverse = perm.map((_, i) => perm.indexOf(i));
        expect([...transpose(t.data, t.shape, inverse).data]).toEqual(data);
      }),
    );
  });
  it("toFloat64 converts 64-bit integers", () => {
    expect([...toFloat64(BigInt64Array.of(5407363825684n, -3n))]).toEqual([5407363825684, -3]);
  });
});
