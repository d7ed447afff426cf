import type { ReactiveElement } from 'lit';
import { emit, type CpqErrorDetail } from './events.js';
import { COLUMN_IDS } from './line-editor/columns.js';

/**
 * What the elements tell the developer (issue 17). A property set to a value of the wrong type is
 * refused where it is set — the element keeps its previous value, fires `cpq-error` (`source:
 * 'property'`, path `cpq-x.name`) and, in development, says so in the console; `catalog` and
 * `quote` given as attributes are reported the same way (`source: 'attribute'`). The catalog's
 * errors and warnings (`validateCatalog`) reach the console too, beside `cpq-error` and
 * `cpq-warning` (quote-status.ts).
 *
 * Development is the default unless the build says production (`process.env.NODE_ENV`, as
 * bundlers replace it); `setDiagnostics('console' | 'silent')` decides for the page.
 */
export type DiagnosticsMode = 'console' | 'silent';

let chosen: DiagnosticsMode | undefined;

/** Console diagnostics for this page: `console`, `silent`, or `undefined` for the default (on unless a production build). */
export function setDiagnostics(mode: DiagnosticsMode | undefined): void {
  chosen = mode;
}

declare const process: { env: Record<string, string | undefined> };

function development(): boolean {
  try {
    // Bundlers replace `process.env.NODE_ENV` by a string; without one, `process` is undefined in a browser.
    return process.env.NODE_ENV !== 'production';
  } catch {
    return true;
  }
}

export function diagnosticsOn(): boolean {
  return chosen === undefined ? development() : chosen === 'console';
}

export interface Problem { path: string; message: string }

/** One collapsed console group: `[cpq-kit] title`, then each problem at its path. */
export function tell(level: 'error' | 'warn', title: string, problems: readonly Problem[]): void {
  if (!diagnosticsOn() || typeof console === 'undefined') return;
  console.groupCollapsed(`[cpq-kit] ${title}`);
  for (const p of problems) console[level](`${p.path || '(root)'}: ${p.message}`);
  console.groupEnd();
}

/** Why `value` is not a valid value of a property, or undefined when it is. */
type Check = (value: unknown) => string | undefined;

const show = (v: unknown): string => {
  try {
    return typeof v === 'string' ? JSON.stringify(v) : typeof v === 'function' ? 'a function' : Array.isArray(v) ? `[${v.slice(0, 3).map(show).join(', ')}${v.length > 3 ? ', …' : ''}]` : typeof v === 'object' && v !== null ? 'an object' : String(v);
  } catch {
    return 'an unreadable value';
  }
};
const expect = (what: string, ok: (v: unknown) => boolean): Check => (v) => (ok(v) ? undefined : `expected ${what}, got ${show(v)}`);
const isObject = (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v);
const string = expect('a string', (v) => typeof v === 'string');
const strings = expect('a list of strings', (v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
const object = expect('an object', isObject);
const oneOf = (values: readonly string[]): Check => expect(values.map((s) => `"${s}"`).join(' or '), (v) => values.includes(v as string));

const languageTag = (v: unknown): boolean => {
  try {
    return typeof v === 'string' && Intl.getCanonicalLocales(v).length === 1;
  } catch {
    return false;
  }
};

/** Properties whose type the lit declaration does not say (or says too loosely). */
const CHECKS: Record<string, Check> = {
  mode: oneOf(['sales', 'self-service']),
  locale: expect('a language tag such as "zh-CN" or "en"', languageTag),
  columns: expect(`a list of ${COLUMN_IDS.join(', ')}`, (v) => Array.isArray(v) && v.every((c) => (COLUMN_IDS as readonly unknown[]).includes(c))),
  categories: strings,
  approverLevels: strings,
  getToken: expect('a function returning the token', (v) => typeof v === 'function'),
  shareOptions: object,
  stageMapping: object,
  pdfOptions: object,
  // The catalog's own validator reports every problem of a catalog, at its path.
  catalog: () => undefined,
  quote: expect('a quote object ({ id, lines: [...] })', (v) => isObject(v) && Array.isArray((v as { lines?: unknown }).lines)),
};

/**
 * The properties that always have a value (a default): `null` or `undefined` is refused there. On
 * every other property `null` means unset and becomes `undefined` (lit sets `null` when an
 * attribute is removed). test/browser/hostile-properties.test.ts holds this list to the manifest's
 * types (a type without `| undefined`).
 */
const REQUIRED = new Set(['quote', 'mode', 'readonly', 'allowOwnApproval', 'limit', 'query', 'category', 'canApprove', 'pdfOptions', 'waterfallLine', 'headingLevel', 'workerThreshold']);

function checkFor(name: string, options: { type?: unknown; attribute?: unknown } | undefined): Check {
  const special = CHECKS[name];
  if (special) return special;
  if (options?.type === Boolean) return expect('true or false', (v) => typeof v === 'boolean');
  if (options?.type === Number) return expect('a finite number', (v) => typeof v === 'number' && Number.isFinite(v));
  // A property without an attribute holds data (JSON): an object unless CHECKS says otherwise.
  return options?.attribute === false ? object : string;
}

type Guarded = ReactiveElement & Record<string, unknown>;

/**
 * Check every public property of `cls`'s elements as it is set (an own `requestUpdate`, the
 * method lit's property setters call with the old value), and `catalog`/`quote` attributes on
 * connection. Installed once per class by define.ts, through lit's `addInitializer`.
 */
export function guardProperties(cls: typeof ReactiveElement, tag: string): void {
  cls.addInitializer((element) => {
    const el = element as Guarded;
    const properties = (el.constructor as typeof ReactiveElement).elementProperties;
    const requestUpdate = el.requestUpdate as (...args: unknown[]) => void;
    // (name, oldValue, options, useNewValue, newValue): lit's own arguments, passed on as they came.
    el.requestUpdate = function guarded(this: Guarded, ...args: unknown[]): void {
      const [name, old, , useNewValue, newValue] = args;
      const declared = typeof name === 'string' ? properties.get(name) : undefined;
      if (typeof name === 'string' && declared && !declared.state) {
        const value = useNewValue === true ? newValue : this[name];
        if (value === null && !REQUIRED.has(name)) {
          this[name] = undefined;
          return;
        }
        const problem = value === undefined || value === null
          ? (REQUIRED.has(name) ? `expected a value, got ${String(value)}` : undefined)
          : checkFor(name, declared)(value);
        if (problem) {
          const path = `${tag}.${name}`;
          const message = `${problem}; the previous value (${show(old)}) is kept`;
          this[name] = old;
          report(this, { source: 'property', errors: [{ path, message }] }, `${path} was set to a value it cannot take`);
          return;
        }
      }
      requestUpdate.apply(this, args);
    } as typeof el.requestUpdate;
    el.addController({
      hostConnected() {
        const misplaced = ['catalog', 'quote'].filter((a) => properties.has(a) && el.hasAttribute(a));
        if (misplaced.length === 0) return;
        const errors = misplaced.map((a) => ({
          path: `${tag}.${a}`,
          message: `"${a}" is a property, not an attribute: the attribute ${JSON.stringify(el.getAttribute(a))} is ignored. Set the parsed JSON in script, e.g. el.${a} = await (await fetch(url)).json()`,
        }));
        report(el, { source: 'attribute', errors }, `<${tag}> was given ${misplaced.join(' and ')} as ${misplaced.length > 1 ? 'attributes' : 'an attribute'}`);
      },
    });
  });
}

/**
 * For a plain accessor (not a lit property): whether `value` may be set on `tag`.`name` — an
 * object, or unset; otherwise it is reported as a refused property and false is returned.
 */
export function acceptObject(el: EventTarget, tag: string, name: string, value: unknown): boolean {
  const problem = value === undefined || value === null ? undefined : object(value);
  if (problem) report(el, { source: 'property', errors: [{ path: `${tag}.${name}`, message: `${problem}; the value is not changed` }] }, `${tag}.${name} was set to a value it cannot take`);
  return problem === undefined;
}

function report(el: EventTarget, detail: CpqErrorDetail, title: string): void {
  tell('error', title, detail.errors);
  queueMicrotask(() => emit(el, 'cpq-error', detail));
}
