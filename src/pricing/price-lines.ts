import { ZERO, type Dec } from '../core/decimal.js';
import type { ConfigState, Issue, WaterfallStep } from '../types.js';
import { lineId, readLine, type LineContext, type LineId, type Work } from './lines.js';
import { ownLineId } from './quote-text.js';
import { stepContracted } from './contracted.js';
import { contextKey, isSealed, memoKey, memoStats, RunMemo, type LineGroup, type RunRecord } from './line-memo.js';
import { stepAttributes, stepBase, stepDiscount, stepRules, stepTermAndRound, type StepContext } from './steps.js';

/** What pricing the lines needs: the run's contexts, and the key of its quote context. */
export interface LinesRun {
  line: LineContext;
  step: StepContext;
  /** The quote context as the memo keys it (see line-memo.ts); undefined: nothing is memoized. */
  head: string | undefined;
  /** This run's number (`pricingRun`); 0: a nested run, which copies every memoized work. */
  run: number;
}

let depth = 0;
let runs = 0;

/**
 * Run `price` as one pricing run, given its number: a run takes a memoized line's works
 * themselves, not copies (see `place`), and a pricing started inside another (an `onConfigure`
 * callback that prices again) gets 0 and copies them, so that the outer run's works stay its own.
 */
export function pricingRun<T>(price: (run: number) => T): T {
  depth++;
  try {
    return price(depth === 1 ? ++runs : 0);
  } finally {
    depth--;
  }
}

/**
 * Steps 1–6 for every line, each quote line (with its option lines) taken from the memo when
 * nothing it reads changed; percent-of lines after the lines they are a percentage of. The
 * issues come out in the order pricing from scratch gives: every line's reading, then every
 * line's steps, then the percent-of lines' steps. Lines that are the last run's sealed objects at
 * the same places take its groups as they are (`RunMemo.shortcut`, line-memo.ts).
 */
export function priceLines(run: LinesRun, rawLines: readonly unknown[]): Work[] {
  const { line: lctx, step: sctx } = run;
  const head = run.head === undefined ? undefined : contextKey(lctx.cat, run.head, sctx.quoteFacts);
  const memo = head === undefined ? undefined : new RunMemo(lctx.cat, head);
  const works: Work[] = [];
  const stepIssues: Issue[] = [];
  // With the shortcut, only the lines new at their places (`changed`) are read; the others are the last run's.
  const sc = memo?.shortcut(rawLines);
  const seen = new Set<string>();
  // For the next run's shortcut: kept only if every line is a sealed record with an id of its own, none twice.
  const rec: RunRecord = sc ? { groups: [], ids: sc.next.ids, taken: sc.next.taken, clean: true } : { groups: [], ids: [], taken: seen, clean: memo !== undefined };
  let c = 0;
  let kept = 0;
  for (let i = 0; i < rawLines.length; i++) {
    const raw = rawLines[i];
    let group: LineGroup | undefined;
    if (sc && i !== sc.changed[c]) {
      group = sc.groups[i];
      if (group) kept++;
    } else {
      let id: LineId | undefined;
      if (sc) {
        const known = sc.ids[c++];
        id = known === null ? undefined : { id: known!, problem: undefined };
      } else {
        const claimed = seen.size;
        id = lineId(lctx, raw, i, seen);
        if (!id && rec.clean) {
          // A text line: its id, if it has one, must be new.
          const given = ownLineId(raw);
          rec.clean = isSealed(raw) && (given === undefined || seen.size > claimed);
          rec.ids.push(given);
        }
      }
      if (id) {
        const key = memo === undefined || typeof raw !== 'object' || raw === null ? undefined : memoKey(raw, id.id, id.problem);
        group = key === undefined ? undefined : memo!.recall(key);
        if (!group) {
          group = priceGroup(run, raw, i, id, key !== undefined);
          if (key !== undefined) memo!.remember(key, group);
        }
        if (rec.clean) {
          // A line that is not a record is priced as `#n` (its place), like one without an id: not kept.
          rec.clean = key !== undefined && id.problem === undefined && id.id === ownLineId(raw) && isSealed(raw);
          if (!sc) rec.ids.push(id.id);
        }
      }
    }
    rec.groups.push(group);
    if (!group) continue;
    const onConfigure = lctx.onConfigure;
    if (onConfigure) for (const [lineIdText, state] of group.configs) onConfigure(lineIdText, state);
    place(group, i, works, lctx.issues, stepIssues, run.run);
  }
  memoStats.hits += kept;
  memo?.record(rawLines, rec);
  for (const issue of stepIssues) sctx.issues.push(issue);
  pricePercentOf(sctx, works);
  return works;
}

/** What most groups hold: a quote line without option lines, issues or configurations (read-only, shared). */
const ALONE: readonly number[] = Object.freeze([-1]);
const NO_ISSUES: readonly Issue[] = Object.freeze([]);
const NO_CONFIGS: readonly [string, ConfigState][] = Object.freeze([]);

/** Read one quote line and run steps 1–6 on its works (percent-of works stop before step 1). */
function priceGroup(run: LinesRun, raw: unknown, i: number, id: LineId, memoized: boolean): LineGroup {
  const { line: lctx, step: sctx } = run;
  const readIssues: Issue[] = [];
  const stepIssues: Issue[] = [];
  const configs: [string, ConfigState][] = [];
  const works: Work[] = [];
  const outer = { issues: lctx.issues, onConfigure: lctx.onConfigure, stepIssues: sctx.issues };
  lctx.issues = readIssues;
  lctx.onConfigure = (lineIdText, state) => configs.push([lineIdText, state]);
  sctx.issues = stepIssues;
  try {
    readLine(lctx, raw, i, id, works);
    for (const w of works) {
      // Works come parent first: an option of a bundle that cannot be priced is not priced either.
      if (w.failed || w.parent?.failed || !w.product || (!w.model && !w.included)) {
        w.failed = true;
        continue;
      }
      if (w.model?.model !== 'percentOf') {
        priceOne(sctx, w);
        // Priced for good: its copies (on later runs, from the memo) share the figures derived from it.
        // Every slot present from the start: one object shape for all boxes.
        if (memoized) w.statics = { value: undefined, scaled: undefined, minor: undefined, adjustedBy: undefined, figures: undefined, line: undefined };
      }
    }
    if (memoized) for (const w of works) freezeShared(w);
  } finally {
    lctx.issues = outer.issues;
    lctx.onConfigure = outer.onConfigure;
    sctx.issues = outer.stepIssues;
  }
  const shared = works.every((w) => w.model?.model !== 'percentOf');
  // A memoized group is kept with its line: its lists at their length (one grown by push has room
  // for 17), the empty ones and a lone line's parents shared.
  return {
    at: i,
    works: memoized ? works.slice() : works,
    parents: works.length === 1 ? ALONE : works.map((w) => (w.parent ? works.indexOf(w.parent) : -1)),
    readIssues: readIssues.length === 0 ? NO_ISSUES : readIssues,
    stepIssues: stepIssues.length === 0 ? NO_ISSUES : stepIssues,
    configs: configs.length === 0 ? NO_CONFIGS : configs,
    shared,
    run: 0,
  };
}

/**
 * What every run's copies of a memoized line share, frozen: its waterfall (steps 1–6) and its
 * applied discount (its proration was frozen when read). A priced quote shows these objects as
 * they are (treat a priced quote as read-only: docs-site/guide/pricing.md); freezing them once costs less than a
 * copy per line per run, and a caller who writes to one gets a TypeError instead of changing
 * what the next run gives.
 */
function freezeShared(w: Work): void {
  for (const step of w.waterfall) Object.freeze(step);
  // Kept at its length: the steps were pushed into a list with room for 17 (152 bytes a line kept).
  w.waterfall = Object.freeze(w.waterfall.slice()) as WaterfallStep[];
  if (w.applied) Object.freeze(w.applied);
  // Its proration's period was frozen when read (period.ts), once for every line of that period.
}

/**
 * Put a group's works and issues into this run at quote line `i`. Where the line did not move
 * and has no percent-of work, the memo's works themselves, once per run: steps 7–8 write only
 * their `final`, `amount` and `later` (the quote adjustments), set back here to what steps 1–6
 * left (`rounded`, no adjustment) — what a copy of each would give, without a copy of every line
 * on every run. Otherwise copies (later steps add to a percent-of line's waterfall; a moved line's
 * paths are rebased), whose shared parts are frozen (freezeShared).
 */
function place(group: LineGroup, i: number, works: Work[], readIssues: Issue[], stepIssues: Issue[], run: number): void {
  const moved = group.at !== i;
  const { works: source, parents } = group;
  if (!moved && group.shared && run !== 0 && group.run !== run) {
    group.run = run;
    for (let k = 0; k < source.length; k++) {
      const w = source[k]!;
      if (!w.failed) {
        w.final = w.rounded;
        w.amount = w.rounded;
        w.later = undefined;
      }
      w.adjusted = undefined;
      works.push(w);
    }
    if (group.readIssues.length > 0) for (const issue of group.readIssues) readIssues.push(rebase(issue, false, '', ''));
    if (group.stepIssues.length > 0) for (const issue of group.stepIssues) stepIssues.push(rebase(issue, false, '', ''));
    return;
  }
  // Paths are written only for a line that moved (two strings per line otherwise).
  const from = moved ? `lines[${group.at}]` : '';
  const to = moved ? `lines[${i}]` : '';
  const base = works.length;
  for (let k = 0; k < source.length; k++) {
    const w = source[k]!;
    // A percent-of line's steps are taken in each run (pricePercentOf): its own list.
    const copy: Work = { ...w, waterfall: w.model?.model === 'percentOf' ? w.waterfall.slice() : w.waterfall, adjusted: undefined };
    // A work an earlier run took in place holds that run's adjustments: the copy starts from steps 1–6.
    if (group.shared && !w.failed) {
      copy.final = w.rounded;
      copy.amount = w.rounded;
      copy.later = undefined;
    }
    const p = parents[k]!;
    if (p >= 0) copy.parent = works[base + p]!;
    if (moved) copy.path = to;
    works.push(copy);
  }
  if (group.readIssues.length > 0) for (const issue of group.readIssues) readIssues.push(rebase(issue, moved, from, to));
  if (group.stepIssues.length > 0) for (const issue of group.stepIssues) stepIssues.push(rebase(issue, moved, from, to));
}

/** A memoized issue copied for this run, its path moved from quote line `from` to `to` if the line `moved`. */
function rebase(issue: Issue, moved: boolean, from: string, to: string): Issue {
  const copy = { ...issue };
  if (issue.ruleIds) copy.ruleIds = [...issue.ruleIds];
  if (moved && issue.path?.startsWith(from)) copy.path = to + issue.path.slice(from.length);
  return copy;
}

/** Percent-of lines: a percentage of the named SKUs' line amounts, or of their parent's. */
function pricePercentOf(ctx: StepContext, works: Work[]): void {
  const later = works.filter((w) => !w.failed && w.model?.model === 'percentOf');
  if (later.length === 0) return;
  const bySku = new Map<string, Dec>();
  for (const w of works) {
    if (w.failed || w.optional || w.locked || w.model?.model === 'percentOf') continue;
    bySku.set(w.sku, (bySku.get(w.sku) ?? ZERO).plus(w.rounded));
  }
  for (const w of later) {
    const model = w.model as Extract<Work['model'], { model: 'percentOf' }>;
    let base = ZERO;
    if (model.skus) for (const sku of model.skus) base = base.plus(bySku.get(sku) ?? ZERO);
    else if (w.parent) base = w.parent.rounded;
    priceOne(ctx, w, base);
  }
}

function priceOne(ctx: StepContext, w: Work, percentBase?: Dec): void {
  stepBase(ctx, w, percentBase);
  if (w.failed) return;
  stepAttributes(ctx, w);
  if (w.contracted !== undefined) stepContracted(ctx, w, w.contracted);
  else {
    stepRules(ctx, w);
    stepDiscount(ctx, w);
  }
  stepTermAndRound(ctx, w);
}
