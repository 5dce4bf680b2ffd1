/**
 * A countable warning channel. Library code never prints; it reports to a `WarningSink` that the caller may pass in
 * (the CLI prints them, tests count them). The default sink drops them.
 */
import type { ErrorPath } from "./errors.js";

/** One warning: a code, a message and where it happened. */
export interface GammatsWarning {
  readonly code: string;
  readonly message: string;
  readonly path: ErrorPath;
}

/** Receives warnings. */
export type WarningSink = (warning: GammatsWarning) => void;

/** A sink that drops warnings. */
export const ignoreWarnings: WarningSink = () => {};

/** A sink that collects warnings into an array (useful in tests and for summaries). */
export function collectWarnings(): { sink: WarningSink; warnings: GammatsWarning[] } {
  const warnings: GammatsWarning[] = [];
  return { sink: (w) => warnings.push(w), warnings };
}
