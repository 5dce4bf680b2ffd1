/**
 * numpy's default `argsort` (kind "quicksort": an introsort) for float arrays, so that equal values come out in the
 * order numpy gives them (which is neither stable nor reversed-stable). Gammapy sorts tables this way, e.g. the peaks
 * of `find_peaks` by value; matching the order of ties needs the same algorithm: median-of-three quicksort with
 * partitions of more than 16 elements, insertion sort below, heapsort when the recursion depth exceeds
 * 2 floor(log2 n). NaN sorts last.
 */

/** numpy's `less` for floats: a < b, NaN after everything. */
function less(a: number, b: number): boolean {
  return a < b || (Number.isNaN(b) && !Number.isNaN(a));
}

/** Heapsort of `idx[lo .. lo + n)` by `v` (numpy's `aheapsort`). */
function heapsort(v: ArrayLike<number>, idx: Int32Array, lo: number, n: number): void {
  // 1-based heap indexing: a[k] = idx[lo + k - 1]
  const get = (k: number) => idx[lo + k - 1];
  const set = (k: number, x: number) => {
    idx[lo + k - 1] = x;
  };
  const sift = (start: number, size: number, tmp: number) => {
    let i = start;
    let j = start * 2;
    while (j <= size) {
      if (j < size && less(v[get(j)], v[get(j + 1)])) j += 1;
      if (less(v[tmp], v[get(j)])) {
        set(i, get(j));
        i = j;
        j += j;
      } else break;
    }
    set(i, tmp);
  };
  for (let l = n >> 1; l > 0; l--) sift(l, n, get(l));
  for (let size = n; size > 1; ) {
    const tmp = get(size);
    set(size, get(1));
    size -= 1;
    sift(1, size, tmp);
  }
}

/** Indices that sort `values` ascending, in numpy 1.24's `np.argsort(values)` order (ties included). */
export function numpyArgsort(values: ArrayLike<number>): Int32Array {
  const v = values;
  const n = v.length;
  const idx = Int32Array.from({ length: n }, (_, i) => i);
  if (n < 2) return idx;
  const swap = (a: number, b: number) => {
    const t = idx[a];
    idx[a] = idx[b];
    idx[b] = t;
  };
  const stack: number[] = [];
  const depths: number[] = [];
  let pl = 0;
  let pr = n - 1;
  let depth = 2 * Math.floor(Math.log2(n));
  for (;;) {
    if (depth < 0) heapsort(v, idx, pl, pr - pl + 1);
    else {
      while (pr - pl > 15) {
        const pm = pl + ((pr - pl) >> 1);
        if (less(v[idx[pm]], v[idx[pl]])) swap(pm, pl);
        if (less(v[idx[pr]], v[idx[pm]])) swap(pr, pm);
        if (less(v[idx[pm]], v[idx[pl]])) swap(pm, pl);
        const vp = v[idx[pm]];
        let pi = pl;
        let pj = pr - 1;
        swap(pm, pj);
        for (;;) {
          do pi++;
          while (less(v[idx[pi]], vp));
          do pj--;
          while (less(vp, v[idx[pj]]));
          if (pi >= pj) break;
          swap(pi, pj);
        }
        swap(pi, pr - 1);
        // the larger partition goes on the stack
        if (pi - pl < pr - pi) {
          stack.push(pi + 1, pr);
          pr = pi - 1;
        } else {
          stack.push(pl, pi - 1);
          pl = pi + 1;
        }
        depths.push(--depth);
      }
      for (let pi = pl + 1; pi <= pr; pi++) {
        const vi = idx[pi];
        const vp = v[vi];
        let pj = pi;
        while (pj > pl && less(vp, v[idx[pj - 1]])) {
          idx[pj] = idx[pj - 1];
          pj--;
        }
        idx[pj] = vi;
      }
    }
    if (stack.length === 0) break;
    pr = stack.pop() as number;
    pl = stack.pop() as number;
    depth = depths.pop() as number;
  }
  return idx;
}
