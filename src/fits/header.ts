/**
 * FITS headers: 80-character cards in 2880-byte blocks, parsed into typed values and written back.
 * Supports all value types (logical, integer, float with E or D exponent, complex, string, undefined), CONTINUE long
 * strings, HIERARCH keywords, commentary cards (COMMENT, HISTORY, blank) and duplicate keys (last wins, with a warning).
 */
import type { ErrorPath } from "../util/errors.js";
import { ignoreWarnings, type WarningSink } from "../util/warnings.js";
import { FitsError } from "./errors.js";

/** Size of a FITS block in bytes. */
export const BLOCK = 2880;
/** Size of a header card in bytes. */
export const CARD = 80;

/** A complex keyword value. */
export interface FitsComplex {
  readonly re: number;
  readonly im: number;
}

/**
 * A keyword value: string, number (float or safe integer), bigint (integer beyond 2^53), boolean, complex, or `null`
 * for a keyword with an empty value field.
 */
export type FitsValue = string | number | bigint | boolean | null | FitsComplex;

/** One header card (after merging CONTINUE cards). */
export interface Card {
  /** Keyword, upper case for standard keywords; for HIERARCH cards the part after `HIERARCH `. */
  readonly key: string;
  /** Value; `undefined` for commentary cards (COMMENT, HISTORY, blank keyword, or no value indicator). */
  readonly value?: FitsValue;
  /** Comment after `/`, or the text of a commentary card. */
  readonly comment?: string;
  /** For numbers: whether the card wrote the value as a float (`1.0`) or an integer (`1`). */
  readonly numberFormat?: "int" | "float";
  /** True for a HIERARCH keyword. */
  readonly hierarch?: boolean;
}

const COMMENTARY = new Set(["COMMENT", "HISTORY", ""]);
const INT_RE = /^[+-]?\d+$/;
const FLOAT_RE = /^[+-]?(\d+\.?\d*|\.\d+)([EeDd][+-]?\d+)?$/;

/** Options for parsing a header. */
export interface HeaderParseOptions {
  /** Receives warnings for lenient fixes (duplicate keys, bad characters, unparsable values). */
  readonly warn?: WarningSink;
  /** Location used in errors and warnings. */
  readonly path?: ErrorPath;
}

/** A parsed or constructed FITS header: an ordered list of cards with fast keyword lookup. */
export class Header {
  private readonly _cards: Card[] = [];
  private _index = new Map<string, number>();
  /** Location of this header (file and HDU) used in error messages. */
  path: ErrorPath;

  constructor(cards: Iterable<Card> = [], path: ErrorPath = {}) {
    this.path = path;
    for (const c of cards) this._cards.push(c);
    this.reindex();
  }

  /** All cards in order (including commentary cards). */
  get cards(): readonly Card[] {
    return this._cards;
  }

  /** Value of a keyword (last occurrence), `undefined` if absent or commentary. Keys are case-insensitive. */
  get(key: string): FitsValue | undefined {
    const i = this._index.get(normKey(key));
    return i === undefined ? undefined : this._cards[i].value;
  }

  /** The card of a keyword (last occurrence). */
  card(key: string): Card | undefined {
    const i = this._index.get(normKey(key));
    return i === undefined ? undefined : this._cards[i];
  }

  /** Whether a value keyword is present. */
  has(key: string): boolean {
    return this._index.has(normKey(key));
  }

  /** Value keywords in order of first appearance (no commentary). */
  keys(): string[] {
    return [...this._index.keys()];
  }

  /** Texts of all COMMENT cards. */
  comments(): string[] {
    return this._cards.filter((c) => c.key === "COMMENT").map((c) => c.comment ?? "");
  }

  /** Texts of all HISTORY cards. */
  history(): string[] {
    return this._cards.filter((c) => c.key === "HISTORY").map((c) => c.comment ?? "");
  }

  /** A string keyword; `undefined` if absent. Throws `BAD_KEYWORD` if present with another type. */
  getString(key: string): string | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string") throw this.typeError(key, v, "a string");
    return v;
  }

  /** A numeric keyword (int or float) as a JS number; `undefined` if absent. Throws `BAD_KEYWORD` on other types. */
  getNumber(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number") return v;
    if (typeof v === "bigint") return Number(v);
    throw this.typeError(key, v, "a number");
  }

  /** An integer keyword (safe integer); `undefined` if absent. Throws `BAD_KEYWORD` on other types or fractions. */
  getInt(key: string): number | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v === "number" && Number.isInteger(v)) return v;
    if (typeof v === "bigint" && v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER)) {
      return Number(v);
    }
    throw this.typeError(key, v, "an integer");
  }

  /** A logical keyword; `undefined` if absent. Throws `BAD_KEYWORD` on other types. */
  getBool(key: string): boolean | undefined {
    const v = this.get(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "boolean") throw this.typeError(key, v, "T or F");
    return v;
  }

  /** Like `getString`, but a missing keyword throws `BAD_KEYWORD`. */
  requireString(key: string): string {
    return this.required(key, this.getString(key), "a string");
  }

  /** Like `getNumber`, but a missing keyword throws `BAD_KEYWORD`. */
  requireNumber(key: string): number {
    return this.required(key, this.getNumber(key), "a number");
  }

  /** Like `getInt`, but a missing keyword throws `BAD_KEYWORD`. */
  requireInt(key: string): number {
    return this.required(key, this.getInt(key), "an integer");
  }

  /** Sets (replaces the last occurrence of, or appends) a value keyword. */
  set(key: string, value: FitsValue, comment?: string, numberFormat?: "int" | "float"): this {
    const k = normKey(key);
    const card: Card = {
      key: k,
      value,
      comment,
      numberFormat:
        typeof value === "number" ? (numberFormat ?? (Number.isInteger(value) ? "int" : "float")) : undefined,
      hierarch: needsHierarch(k) || undefined,
    };
    const i = this._index.get(k);
    if (i === undefined) {
      this._index.set(k, this._cards.length);
      this._cards.push(card);
    } else {
      this._cards[i] = { ...card, comment: comment ?? this._cards[i].comment };
    }
    return this;
  }

  /** Removes every card with this keyword. Returns whether any was removed. */
  delete(key: string): boolean {
    const k = normKey(key);
    const before = this._cards.length;
    for (let i = this._cards.length - 1; i >= 0; i--) {
      if (this._cards[i].key === k && this._cards[i].value !== undefined) this._cards.splice(i, 1);
    }
    this.reindex();
    return this._cards.length !== before;
  }

  /** Appends a COMMENT card. */
  addComment(text: string): this {
    this._cards.push({ key: "COMMENT", comment: text });
    return this;
  }

  /** Appends a HISTORY card. */
  addHistory(text: string): this {
    this._cards.push({ key: "HISTORY", comment: text });
    return this;
  }

  /** A plain object of the value keywords (last occurrence wins), for code that wants a record. */
  toRecord(): Record<string, FitsValue> {
    const out: Record<string, FitsValue> = {};
    for (const [k, i] of this._index) out[k] = this._cards[i].value as FitsValue;
    return out;
  }

  /** A copy with the same cards (cards are immutable values). */
  clone(): Header {
    return new Header(this._cards, this.path);
  }

  /** Serialises to FITS bytes: 80-char cards, CONTINUE for long strings, END, padded to 2880 with spaces. */
  toBytes(): Uint8Array {
    const lines: string[] = [];
    for (const c of this._cards) lines.push(...formatCard(c));
    lines.push("END".padEnd(CARD, " "));
    const nBlocks = Math.ceil((lines.length * CARD) / BLOCK);
    const out = new Uint8Array(nBlocks * BLOCK).fill(0x20);
    let pos = 0;
    for (const line of lines) {
      for (let j = 0; j < CARD; j++) out[pos + j] = line.charCodeAt(j) & 0x7f;
      pos += CARD;
    }
    return out;
  }

  private reindex(): void {
    this._index = new Map();
    this._cards.forEach((c, i) => {
      if (c.value !== undefined) this._index.set(c.key, i);
    });
  }

  private required<T>(key: string, value: T | undefined, expected: string): T {
    if (value === undefined) {
      throw new FitsError("BAD_KEYWORD", `missing keyword ${key}`, { ...this.path, key }, expected);
    }
    return value;
  }

  private typeError(key: string, v: FitsValue, expected: string): FitsError {
    return new FitsError(
      "BAD_KEYWORD",
      `keyword ${key} has value ${JSON.stringify(String(v))}`,
      { ...this.path, key },
      expected,
    );
  }

  /**
   * Parses one header starting at `offset` in `read`'s byte space: cards until END, merged CONTINUE strings.
   * Returns the header and the offset of the first byte after its last 2880-byte block.
   * Throws `MISSING_END` when no END card comes before the end of the bytes.
   */
  static parse(
    read: (offset: number, length: number) => Uint8Array,
    offset: number,
    totalSize: number,
    options: HeaderParseOptions = {},
  ): { header: Header; dataOffset: number } {
    const warn = options.warn ?? ignoreWarnings;
    const path = options.path ?? {};
    const raw: Card[] = [];
    let pos = offset;
    let ended = false;
    while (!ended) {
      if (pos + BLOCK > totalSize) {
        if (pos >= totalSize) {
          throw new FitsError("MISSING_END", "header has no END card before the end of the file", path, "an END card");
        }
        throw new FitsError(
          "TRUNCATED",
          `file ends inside a header block at byte ${totalSize}`,
          path,
          `${pos + BLOCK} bytes`,
        );
      }
      const block = read(pos, BLOCK);
      for (let c = 0; c < BLOCK; c += CARD) {
        const text = cardText(block, c, warn, path);
        if (text.startsWith("END") && text.slice(3).trim() === "") {
          ended = true;
          break;
        }
        raw.push(parseCard(text, warn, path));
      }
      pos += BLOCK;
    }
    const cards = mergeContinue(raw);
    const header = new Header(cards, path);
    warnDuplicates(cards, warn, path);
    return { header, dataOffset: pos };
  }
}

function normKey(key: string): string {
  const k = key.trim();
  const upper = k.toUpperCase();
  return upper.startsWith("HIERARCH ") ? upper.slice(9).trim() : upper;
}

function needsHierarch(key: string): boolean {
  return key.length > 8 || !/^[A-Z0-9_-]*$/.test(key);
}

function cardText(block: Uint8Array, start: number, warn: WarningSink, path: ErrorPath): string {
  let s = "";
  let bad = false;
  for (let i = 0; i < CARD; i++) {
    const b = block[start + i];
    if (b < 0x20 || b > 0x7e) {
      bad = true;
      s += " ";
    } else s += String.fromCharCode(b);
  }
  if (bad) warn({ code: "BAD_CHARACTER", message: `non-ASCII or control character in card "${s.trimEnd()}"`, path });
  return s;
}

/** Parses one 80-character card image into a Card (CONTINUE cards are returned as key CONTINUE). */
export function parseCard(text: string, warn: WarningSink = ignoreWarnings, path: ErrorPath = {}): Card {
  const kw = text.slice(0, 8).trimEnd();
  if (kw === "HIERARCH") {
    const eq = text.indexOf("=");
    if (eq < 0) return { key: "HIERARCH", comment: text.slice(8).trimEnd() };
    const key = text.slice(9, eq).trim().toUpperCase();
    return { ...parseValueField(text.slice(eq + 1), key, warn, path), key, hierarch: true };
  }
  const key = kw.toUpperCase();
  if (key === "CONTINUE") {
    return { ...parseValueField(text.slice(8), key, warn, path), key };
  }
  if (COMMENTARY.has(key) || text.slice(8, 10) !== "= ") {
    return { key, comment: text.slice(8).trimEnd() };
  }
  return { ...parseValueField(text.slice(10), key, warn, path), key };
}

function parseValueField(
  field: string,
  key: string,
  warn: WarningSink,
  path: ErrorPath,
): { value: FitsValue; comment?: string; numberFormat?: "int" | "float" } {
  let i = 0;
  while (i < field.length && field[i] === " ") i++;
  if (field[i] === "'") {
    let s = "";
    let j = i + 1;
    let closed = false;
    while (j < field.length) {
      if (field[j] === "'") {
        if (field[j + 1] === "'") {
          s += "'";
          j += 2;
          continue;
        }
        closed = true;
        j++;
        break;
      }
      s += field[j++];
    }
    if (!closed)
      warn({ code: "BAD_KEYWORD_VALUE", message: `unterminated string in keyword ${key}`, path: { ...path, key } });
    const rest = field.slice(j);
    const slash = rest.indexOf("/");
    return { value: s.trimEnd(), comment: slash >= 0 ? rest.slice(slash + 1).trim() : undefined };
  }
  const slash = field.indexOf("/", i);
  const token = (slash >= 0 ? field.slice(i, slash) : field.slice(i)).trim();
  const comment = slash >= 0 ? field.slice(slash + 1).trim() : undefined;
  if (token === "") return { value: null, comment };
  if (token === "T") return { value: true, comment };
  if (token === "F") return { value: false, comment };
  if (INT_RE.test(token)) {
    const big = BigInt(token);
    const safe = big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER);
    return { value: safe ? Number(big) : big, comment, numberFormat: "int" };
  }
  if (FLOAT_RE.test(token)) {
    return { value: Number(token.replace(/[dD]/, "E")), comment, numberFormat: "float" };
  }
  const cm = /^\(\s*([^,]+?)\s*,\s*([^)]+?)\s*\)$/.exec(token);
  if (cm && FLOAT_RE.test(cm[1]) && FLOAT_RE.test(cm[2])) {
    return { value: { re: Number(cm[1].replace(/[dD]/, "E")), im: Number(cm[2].replace(/[dD]/, "E")) }, comment };
  }
  warn({
    code: "BAD_KEYWORD_VALUE",
    message: `cannot parse value "${token}" of keyword ${key}; kept as text`,
    path: { ...path, key },
  });
  return { value: token, comment };
}

function mergeContinue(raw: Card[]): Card[] {
  const out: Card[] = [];
  for (const c of raw) {
    const prev = out[out.length - 1];
    if (c.key === "CONTINUE" && prev && typeof prev.value === "string" && prev.value.endsWith("&")) {
      const more = typeof c.value === "string" ? c.value : "";
      const comment = [prev.comment, c.comment].filter((x) => x).join(" ") || undefined;
      out[out.length - 1] = { ...prev, value: prev.value.slice(0, -1) + more, comment };
      continue;
    }
    out.push(c);
  }
  return out;
}

function warnDuplicates(cards: Card[], warn: WarningSink, path: ErrorPath): void {
  const seen = new Set<string>();
  for (const c of cards) {
    if (c.value === undefined) continue;
    if (seen.has(c.key)) {
      warn({
        code: "DUPLICATE_KEYWORD",
        message: `keyword ${c.key} appears more than once; the last value is used`,
        path: { ...path, key: c.key },
      });
    }
    seen.add(c.key);
  }
}

/** Formats a number for a header value field the way astropy does (upper-case exponent, at most 20 characters). */
export function formatNumber(v: number, asFloat: boolean): string {
  if (!asFloat && Number.isInteger(v) && Math.abs(v) < 1e20) return v.toFixed(0);
  if (!Number.isFinite(v)) return Number.isNaN(v) ? "NAN" : v > 0 ? "INF" : "-INF";
  let s = String(v).toUpperCase();
  if (!/[.E]/.test(s)) s += ".0";
  else if (s.includes("E") && !s.includes(".")) s = s.replace("E", ".0E");
  if (s.length > 20) {
    s = v
      .toPrecision(14)
      .toUpperCase()
      .replace(/\.?0+E/, "E")
      .replace(/(\.\d*?)0+$/, "$1");
  }
  return s;
}

function formatValue(v: FitsValue, numberFormat?: "int" | "float"): string {
  if (v === null) return "";
  if (typeof v === "boolean") return (v ? "T" : "F").padStart(20);
  if (typeof v === "bigint") return v.toString().padStart(20);
  if (typeof v === "number") return formatNumber(v, numberFormat === "float").padStart(20);
  if (typeof v === "object") return `(${formatNumber(v.re, true)}, ${formatNumber(v.im, true)})`.padStart(20);
  // as astropy: at least 8 characters inside the quotes, the quoted string padded to 20 so comments align
  return `'${v.replaceAll("'", "''").padEnd(8)}'`.padEnd(20);
}

/** Formats a card as one or more 80-character lines (long strings use CONTINUE). */
export function formatCard(c: Card): string[] {
  if (c.value === undefined) {
    const key = c.key.padEnd(8);
    const text = c.comment ?? "";
    const lines: string[] = [];
    for (let i = 0; i === 0 || i < text.length; i += 72) lines.push((key + text.slice(i, i + 72)).padEnd(CARD));
    return lines;
  }
  const hier = c.hierarch || needsHierarch(c.key);
  const prefix = hier ? `HIERARCH ${c.key} = ` : `${c.key.padEnd(8)}= `;
  if (typeof c.value === "string") {
    const field = formatValue(c.value);
    const full = `${prefix}${field}${c.comment ? ` / ${c.comment}` : ""}`;
    if (full.length <= CARD) return [full.padEnd(CARD)];
    if (`${prefix}${field.trimEnd()}`.length > CARD) return formatLongString(prefix, c.value, c.comment);
    return [`${prefix}${field}`.slice(0, CARD).padEnd(CARD)];
  }
  let line = prefix + formatValue(c.value, c.numberFormat);
  if (c.comment) line += ` / ${c.comment}`;
  return [line.slice(0, CARD).padEnd(CARD)];
}

function formatLongString(prefix: string, value: string, comment?: string): string[] {
  const lines: string[] = [];
  let rest = value;
  let head = prefix;
  for (;;) {
    // The chunk, with doubled quotes, the continuation '&' and both quotes, must fit on the card.
    const room = CARD - head.length - 3;
    let n = Math.min(rest.length, room);
    while (n > 1 && rest.slice(0, n).replaceAll("'", "''").length > room) n--;
    const chunk = rest.slice(0, n);
    rest = rest.slice(n);
    let line = `${head}'${chunk.replaceAll("'", "''")}${rest.length > 0 ? "&" : ""}'`;
    if (rest.length === 0) {
      if (comment) line += ` / ${comment}`;
      lines.push(line.slice(0, CARD).padEnd(CARD));
      return lines;
    }
    lines.push(line.padEnd(CARD));
    head = "CONTINUE  ";
  }
}
