import { factReads } from '../core/logic-reads.js';
import { own } from '../core/object.js';
import type { PreparedCatalog } from '../catalog/assemble.js';
import type { ConfigState, Issue } from '../types.js';
import type { Work } from './lines.js';
import { isTextLine, ownLineId } from './quote-text.js';

/**
 * The incremental-pricing memo (issue 15): what steps 1–6 made of one quote line (and of its
 * configured option lines), kept per prepared catalog so that re-pricing an edited quote
 * recomputes only the lines whose inputs changed. The API stays pure: the memo is keyed by
 * everything those steps can read, so a hit gives exactly what pricing from scratch gives.
 *
 * - **Where**: WeakMaps on the prepared catalog (itself cached per catalog object), so a
 *   catalog that is dropped takes its lines with it; nothing is shared between catalogs.
 * - **Key**: the quote context the steps read (locale, price book, currency, date, and only
 *   the quote facts the catalog's line price rules and configuration rules can read, found by
 *   walking their JsonLogic once — `quote.lineCount` is in the key only if a rule reads it),
 *   the line's id as priced (missing and duplicate ids depend on other lines), and a canonical
 *   text of the line itself (`lineKey`: types kept apart, so `NaN`, `null` and `"NaN"` differ).
 * - **Bound**: for the whole process (all catalogs together), two generations of at most
 *   `GENERATION_WORKS` priced lines each (option lines count): a hit moves an entry to the young
 *   generation; when that is full, the old one is dropped whole. A line takes about 3 KB (its
 *   works, waterfall, decimals, figures and the priced line given again: 2.8 KB a line of the
 *   pricing bench, `npm run bench`), so the memo stays under ~75 MB, and a 10,000-line quote
 *   fits in one generation with room for 2,500 edited lines: with exactly 10,000, every edit of
 *   a 10,000-line quote overflowed it, and each run moved all its lines between generations
 *   (10,000 map insertions and two dropped maps of 10,000 entries per run).
 * - **Shape**: per catalog, a map per quote context (the shared part of the key, whose hash is
 *   computed once per run) of maps per line text: a line's key is not the context's long text
 *   again.
 * - **Not memoized**: lines that are not plain data (class instances, functions, cycles,
 *   deeper than 32 levels, keys over 16 KiB), and quotes in another currency than the catalog
 *   (their currency warnings are given once per quote, across lines). percentOf lines are
 *   memoized up to step 1 only: their base is other lines' amounts, so they are priced after.
 */
export const GENERATION_WORKS = 12_500;
const MAX_KEY = 16_384;
const MAX_DEPTH = 32;

/** What steps 1–6 made of one quote line: its works (the line first), issues and configurations. */
export interface LineGroup {
  /** The index the group was priced at: paths (`lines[i]…`) are rebased from it. */
  at: number;
  works: Work[];
  /** For each work, the index of its parent inside `works` (-1 for the quote line). */
  parents: readonly number[];
  readIssues: readonly Issue[];
  stepIssues: readonly Issue[];
  configs: readonly [string, ConfigState][];
  /**
   * Whether a run may take `works` themselves instead of copies (price-lines.ts `place`): no
   * percent-of work (priced again on every run, from a copy); `run` is the last run that did.
   */
  shared: boolean;
  run: number;
}

/** A catalog's memoized lines: per quote context (`contextKey`), per line key. */
type CatalogLines = Map<string, Map<string, LineGroup>>;

/**
 * Two generations of memoized lines, each a WeakMap from prepared catalog to its lines: one
 * bound for the whole process (a service holding many catalog versions included), and a
 * catalog that is dropped takes its lines with it.
 */
let young = new WeakMap<PreparedCatalog, CatalogLines>();
let old = new WeakMap<PreparedCatalog, CatalogLines>();
let youngWorks = 0;
/** Counts the generation changes and forgotten catalogs: a `RunMemo` finds its maps again after one. */
let generation = 0;
/** The quote-fact fields line-level rules can read, per catalog (null: any). */
const factFields = new WeakMap<PreparedCatalog, ReadonlySet<string> | null>();
/** Hits, misses and runs that took the shortcut since the process started (for tests and benches; not part of the API). */
export const memoStats = { hits: 0, misses: 0, shortcuts: 0 };

const QUOTE_FIELDS = ['id', 'date', 'currency', 'priceBook', 'customer', 'opportunity', 'lineCount'];

function readsOf(cat: PreparedCatalog): ReadonlySet<string> | null {
  let reads = factFields.get(cat);
  if (reads === undefined) factFields.set(cat, (reads = quoteFactReads(cat)));
  return reads;
}

/** The quote-fact fields line price rules and configuration rules can read (null: any). */
function quoteFactReads(cat: PreparedCatalog): ReadonlySet<string> | null {
  const exprs: unknown[] = [];
  const rules = own(cat.raw, 'priceRules');
  if (Array.isArray(rules)) for (const r of rules) if (own(r, 'scope') !== 'quote') exprs.push(own(r, 'when'));
  const config = own(cat.raw, 'rules');
  if (Array.isArray(config)) for (const r of config) exprs.push(own(r, 'when'), own(r, 'qty'));
  const paths = factReads(exprs);
  if (!paths) return null;
  const fields = new Set<string>();
  for (const path of paths) {
    const [root, field] = path.split('.');
    if (root === 'customer') fields.add('customer');
    else if (root === 'quote') {
      if (field === undefined) return null;
      if (QUOTE_FIELDS.includes(field)) fields.add(field);
    }
  }
  return fields;
}

/**
 * The part of the key shared by every line of one pricing run, or undefined when this run
 * cannot be memoized (its read quote facts are not plain data).
 */
export function contextKey(cat: PreparedCatalog, head: string, facts: Record<string, unknown>): string | undefined {
  const reads = readsOf(cat);
  let key = head;
  for (const field of QUOTE_FIELDS) {
    if (reads && !reads.has(field)) continue;
    const part = lineKey(facts[field]);
    if (part === undefined) return undefined;
    key += `\u0001${part}`;
  }
  return key;
}

/**
 * One pricing run's view of the memo for its catalog and quote context (a `contextKey`): the two
 * generations' line maps are looked up once, not three maps deep for each of 10,000 lines, and
 * again only after a generation change (or a forgotten catalog) or while a map is still missing.
 */
export class RunMemo {
  private seen = -1;
  private youngLines: Map<string, LineGroup> | undefined;
  private oldLines: Map<string, LineGroup> | undefined;

  constructor(private readonly cat: PreparedCatalog, private readonly context: string) {}

  /** The group memoized for line `key` (a hit in the old generation moves it to the young one). */
  recall(key: string): LineGroup | undefined {
    if (this.seen !== generation || this.youngLines === undefined) {
      this.seen = generation;
      this.youngLines = young.get(this.cat)?.get(this.context);
      this.oldLines = old.get(this.cat)?.get(this.context);
    }
    let group = this.youngLines?.get(key);
    if (!group) {
      group = this.oldLines?.get(key);
      if (group) this.remember(key, group);
    }
    if (group) memoStats.hits++;
    else memoStats.misses++;
    return group;
  }

  remember(key: string, group: LineGroup): void {
    remember(this.cat, this.context, key, group);
  }

  /**
   * The shortcut for a run of `raws` after the catalog's last run (see `LastRun`), or undefined when
   * it does not apply: no last run in this context, more than half the lines new at their place, a
   * new line that is not a sealed record, or a new id missing or already taken. The last run is let
   * go either way: `record` keeps this run's.
   */
  shortcut(raws: readonly unknown[]): Shortcut | undefined {
    const last = lastRuns.get(this.cat);
    lastRuns.delete(this.cat);
    if (!last || last.context !== this.context) return undefined;
    const n = raws.length, m = last.raws.length;
    const changed: number[] = [];
    for (let i = 0; i < n; i++) if (i >= m || raws[i] !== last.raws[i]) changed.push(i);
    if (changed.length > (n >> 1) + 8) return undefined;
    const { taken } = last;
    const ids = last.ids.slice(0, n);
    // The ids the new lines and the lines gone (past the end) gave up.
    for (const i of changed) if (i < m && last.ids[i] !== undefined) taken.delete(last.ids[i]!);
    for (let j = n; j < m; j++) if (last.ids[j] !== undefined) taken.delete(last.ids[j]!);
    const fresh: (string | null)[] = [];
    for (const i of changed) {
      const raw = raws[i];
      if (!isSealed(raw)) return undefined;
      const text = isTextLine(raw);
      const id = ownLineId(raw);
      // A product line without an id is priced as `#n`, its place: not one the shortcut keeps.
      if ((id === undefined && !text) || (id !== undefined && taken.has(id))) return undefined;
      if (id !== undefined) taken.add(id);
      ids[i] = id;
      fresh.push(text ? null : id!);
    }
    memoStats.shortcuts++;
    return { groups: last.groups, changed, ids: fresh, next: { ids, taken } };
  }

  /** Keep what a run recorded for the next run's shortcut (nothing unless it was clean). */
  record(raws: readonly unknown[], r: RunRecord): void {
    if (r.clean) lastRuns.set(this.cat, { context: this.context, raws: raws.slice(), groups: r.groups, ids: r.ids, taken: r.taken });
  }
}

function remember(cat: PreparedCatalog, context: string, key: string, group: LineGroup): void {
  if (youngWorks + group.works.length > GENERATION_WORKS) {
    old = young;
    young = new WeakMap();
    youngWorks = 0;
    generation++;
  }
  let contexts = young.get(cat);
  if (!contexts) young.set(cat, (contexts = new Map()));
  let lines = contexts.get(context);
  if (!lines) contexts.set(context, (lines = new Map()));
  lines.set(key, group);
  youngWorks += group.works.length;
}

/** Forget every memoized line of a catalog (benches use it to time pricing from scratch). */
export function forgetLines(cat: PreparedCatalog): void {
  young.delete(cat);
  old.delete(cat);
  lastRuns.delete(cat);
  generation++;
}

/**
 * The lines of a catalog's last run, for the shortcut of a run whose lines are mostly the same
 * sealed objects at the same places (the pricing worker's: one line edited of 10,000): such a
 * line cannot have changed (`sealLines` froze it), nor can its id as priced while every id in the
 * quote is present and unique (then a line's id is its own, not one that depends on the others),
 * so its group is the last run's, taken without writing its id or key or looking the memo up.
 * Kept, per catalog, only after a run with the same quote context in which every line was a
 * sealed record, every product line memoized and every id present and unique — one quote's
 * groups per catalog besides the memo (they may outlive their memo entries until the next run).
 */
interface LastRun {
  context: string;
  /** The quote lines as given (a copy of the array: the caller may change its own). */
  raws: readonly unknown[];
  /** The group each line priced, by index (undefined: a text line). */
  groups: readonly (LineGroup | undefined)[];
  /** The id each line claims (undefined: a text line without one). */
  ids: readonly (string | undefined)[];
  /** Every claimed id. */
  taken: Set<string>;
}
const lastRuns = new WeakMap<PreparedCatalog, LastRun>();

/** A run's shortcut (`RunMemo.shortcut`): the last run's groups, and the lines that are not the last run's at their place. */
export interface Shortcut {
  groups: readonly (LineGroup | undefined)[];
  /** The indexes, ascending, of the lines that are new at their place. */
  changed: number[];
  /** Each such line's id (null: a text line, priced to no work). */
  ids: (string | null)[];
  /** The ids of the run's lines, by index, and all of them: the next run's `LastRun`. */
  next: { ids: (string | undefined)[]; taken: Set<string> };
}

/** What a run records of its lines for the next one (`RunMemo.record`); `clean` false: nothing kept. */
export interface RunRecord {
  groups: (LineGroup | undefined)[];
  ids: (string | undefined)[];
  taken: Set<string>;
  clean: boolean;
}

/** Whether a line is a sealed (frozen, keyed) record: it cannot change from one run to the next. */
export const isSealed = (line: unknown): boolean => typeof line === 'object' && line !== null && sealed.has(line);

/**
 * Quote lines that can no longer change (frozen whole by `sealLines`), with their `lineKey` text
 * and the last memo key made of it: pricing takes the key from here instead of writing it again
 * on every run (and a key string used again keeps its hash).
 */
interface Sealed {
  text: string;
  /** The line's id and id problem as priced the last time, and the key they gave. */
  id: string | undefined;
  problem: string | undefined;
  key: string | undefined;
}
const sealed = new WeakMap<object, Sealed>();

/**
 * Freeze quote lines whole (every object and array in them) and remember their memo key text, so
 * that re-pricing a quote that keeps these line objects does not walk them again. For a caller
 * that owns its lines and never writes to them again — the pricing worker of `<cpq-quote>` does
 * this with the lines it receives; the priced quote is the same with or without it. Lines that are
 * not plain data are left as they are (they are not memoized either).
 */
export function sealLines(lines: readonly unknown[]): void {
  for (const line of lines) {
    if (typeof line !== 'object' || line === null || sealed.has(line)) continue;
    const text = lineKey(line);
    if (text === undefined) continue;
    freezeDeep(line);
    sealed.set(line, { text, id: undefined, problem: undefined, key: undefined });
  }
}

/**
 * A quote line's memo key — its id as priced, the id's problem (missing, duplicate: they depend
 * on the other lines) and its text — or undefined when the line cannot be memoized.
 */
export function memoKey(line: object, id: string, problem: string | undefined): string | undefined {
  const s = sealed.get(line);
  if (s) {
    if (s.key === undefined || s.id !== id || s.problem !== problem) {
      s.id = id;
      s.problem = problem;
      s.key = `${problem ?? ''}\u0000${id}\u0000${s.text}`;
    }
    return s.key;
  }
  const text = lineKey(line);
  return text === undefined ? undefined : `${problem ?? ''}\u0000${id}\u0000${text}`;
}

/** Freeze plain data whole (lineKey accepted it: no cycles, at most MAX_DEPTH levels). */
function freezeDeep(v: object): void {
  for (const k of Object.keys(v)) {
    const x = (v as Record<string, unknown>)[k];
    if (typeof x === 'object' && x !== null) freezeDeep(x);
  }
  Object.freeze(v);
}

/**
 * A canonical text of plain data, or undefined for anything else. Two values with the same
 * text are read the same by every line reader: types are tagged (a number, its string and
 * `null` differ; `-0`, `NaN` and holes are kept), keys keep their order (discount readers look
 * at the first key), and non-enumerable or inherited shapes are refused. Every value's text ends
 * where it can be told to end (a string's is its length and its characters), so two different
 * values never give one text.
 */
export function lineKey(value: unknown): string | undefined {
  const text = write(value, 0);
  return text !== undefined && text.length <= MAX_KEY ? text : undefined;
}

/** Field names as written in a key (`"qty":`), kept: a quote's lines repeat the same few. */
const quotedKeys = new Map<string, string>();

function quotedKey(k: string): string {
  let q = quotedKeys.get(k);
  if (q === undefined) {
    q = JSON.stringify(k) + ':';
    if (quotedKeys.size < 4096 && k.length <= 64) quotedKeys.set(k, q);
  }
  return q;
}

function write(v: unknown, depth: number): string | undefined {
  switch (typeof v) {
    case 'string':
      // Its length, then the string as it is: the length tells where it ends, so nothing in it
      // needs escaping (a key is compared, never parsed; JSON.stringify took twice as long).
      return v.length > MAX_KEY ? undefined : '"' + v.length + ':' + v;
    case 'number':
      return Object.is(v, -0) ? 'n-0' : `n${v}`;
    case 'boolean':
      return v ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'object':
      break;
    default:
      return undefined;
  }
  if (v === null) return 'z';
  if (depth >= MAX_DEPTH) return undefined;
  const proto = Object.getPrototypeOf(v);
  let out: string;
  if (Array.isArray(v)) {
    if (proto !== Array.prototype || Object.getOwnPropertyNames(v).length !== v.length + 1) return undefined;
    out = '[';
    for (let i = 0; i < v.length; i++) {
      const part = i in v ? write(v[i], depth + 1) : 'h';
      if (part === undefined) return undefined;
      out += part + ',';
      if (out.length > MAX_KEY) return undefined;
    }
    return out + ']';
  }
  if (proto !== Object.prototype && proto !== null) return undefined;
  const keys = Object.keys(v);
  if (Object.getOwnPropertyNames(v).length !== keys.length) return undefined;
  out = proto === null ? '<' : '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const part = write((v as Record<string, unknown>)[k], depth + 1);
    if (part === undefined) return undefined;
    out += quotedKey(k) + part + ',';
    if (out.length > MAX_KEY) return undefined;
  }
  return out + '}';
}
