/**
 * Plain-text formatting helpers for the CLI: aligned tables and numbers.
 */

/** Formats rows as an aligned text table with a header and a rule, like astropy's table printing. */
export function formatTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, j) => Math.max(h.length, ...rows.map((r) => (r[j] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, j) => (j === cells.length - 1 ? c : c.padEnd(widths[j])))
      .join("  ")
      .trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** A number for display: integers as is, others with `digits` significant digits. */
export function formatValue(v: unknown, digits = 6): string {
  if (typeof v === "number") {
    if (Number.isInteger(v)) return String(v);
    if (!Number.isFinite(v)) return String(v);
    return Number(v.toPrecision(digits)).toString();
  }
  if (typeof v === "bigint") return v.toString();
  return String(v ?? "");
}
