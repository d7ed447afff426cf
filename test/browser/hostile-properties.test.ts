// Every public property of every element, set to hostile values (issue 17): strings, numbers,
// null, objects of the wrong shape. No error may escape (window `error`, an unhandled rejection,
// a rejected `updateComplete`), and each value that is not of the property's type (as
// custom-elements.json types it) is told to the developer at its place: a `cpq-error` whose
// path names the element and the property (or, for the catalog and the quote, the validator's
// located errors), and a console message in development.
import { expect, fixture, html } from '@open-wc/testing';
import '../../src/index.js';
import { elements as defined } from '../../src/components/define.js';
import { setDiagnostics } from '../../src/components/diagnostics.js';
import type { CpqErrorDetail } from '../../src/components/events.js';
import type { CpqQuote } from '../../src/components/quote/quote.js';
import { crmCatalog, demoQuote } from './support/catalogs.js';

interface Field { name: string; kind: string; readonly?: boolean; type?: { text: string } }
interface Element { tagName: string; members: Field[] }

const HOSTILE: [label: string, value: unknown][] = [
  ['a string', 'oops'],
  ['a number', 42],
  ['null', null],
  ['an object of the wrong shape', { wrong: ['shape'] }],
  ['a list of numbers', [1, 2]],
];

/** Whether `value` is of the manifest's type `text` (the kit's own property types only); `null` is "unset" where `undefined` is allowed. */
function fits(text: string, value: unknown): boolean {
  if (value === null && /\bundefined\b/.test(text)) return true;
  const parts = text.replace(/^\((.*)\)$/, '$1').split(/\s*\|\s*(?![^(]*\))/).map((s) => s.trim());
  return parts.some((part) => {
    if (part === 'undefined') return value === undefined;
    if (part === 'null') return value === null;
    if (part === 'string') return typeof value === 'string';
    if (part === 'number') return typeof value === 'number';
    if (part === 'boolean') return typeof value === 'boolean';
    if (/^'.*'$/.test(part)) return value === part.slice(1, -1);
    if (part.endsWith('[]')) return Array.isArray(value) && value.every((v) => fits(part.slice(0, -2), v));
    if (part.startsWith('(') && part.includes('=>')) return typeof value === 'function';
    // Catalog, Quote, StageMapping, QuotePdfOptions, { days?, allowOrder? }: an object; the
    // kit's validators judge its shape (the catalog and the quote report theirs).
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  });
}

// The elements as custom-elements.json lists them (every one, whoever adds the next).
const manifest = await (await fetch(new URL('../../custom-elements.json', import.meta.url))).json();
const elements: Element[] = manifest.modules.flatMap((m: { declarations: Element[] }) => m.declarations);
const tags = elements.map((e) => e.tagName).sort();

/** <cpq-quote> holding one of each other element, on the demo catalog and quote. */
async function page() {
  const catalog = await crmCatalog();
  const quote = await demoQuote('crm-pro-120');
  const root = await fixture<CpqQuote>(html`<cpq-quote .catalog=${catalog} .quote=${quote} locale="en"></cpq-quote>`);
  for (const tag of tags) if (tag !== 'cpq-quote') root.append(document.createElement(tag));
  await root.updateComplete;
  return { root, catalog, quote };
}

const settle = async (els: Element[], root: HTMLElement) => {
  for (let i = 0; i < 3; i++) {
    for (const { tagName } of els) await ((root.matches(tagName) ? root : root.querySelector(tagName)) as unknown as { updateComplete: Promise<unknown> }).updateComplete;
    await new Promise((r) => setTimeout(r, 0));
  }
};

describe('hostile property values', () => {
  const escaped: string[] = [];
  const onError = (e: ErrorEvent) => escaped.push(e.message);
  const onRejection = (e: PromiseRejectionEvent) => escaped.push(String(e.reason?.message ?? e.reason));
  const logged: unknown[][] = [];
  const originals = { error: console.error, warn: console.warn, group: console.groupCollapsed };

  before(async () => {
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onRejection);
    setDiagnostics('console');
    console.error = (...args: unknown[]) => void logged.push(args);
    console.warn = (...args: unknown[]) => void logged.push(args);
    console.groupCollapsed = (...args: unknown[]) => void logged.push(args);
  });
  after(() => {
    window.removeEventListener('error', onError);
    window.removeEventListener('unhandledrejection', onRejection);
    Object.assign(console, { error: originals.error, warn: originals.warn, groupCollapsed: originals.group });
    setDiagnostics(undefined);
  });

  it('covers every element the kit defines', () => {
    expect(tags).to.deep.equal(Object.keys(defined).sort());
  });

  for (const tag of tags) {
    it(`<${tag}>: no error escapes, and each wrong value is told where it was set`, async function () {
      this.timeout(60_000);
      const element = elements.find((e) => e.tagName === tag)!;
      const fields = element.members.filter((m) => m.kind === 'field' && !m.readonly && m.type);
      expect(fields.length).to.be.greaterThan(0);
      const unreported: string[] = [];
      for (const field of fields) {
        for (const [label, value] of HOSTILE) {
          const { root } = await page();
          const target = (tag === 'cpq-quote' ? root : root.querySelector(tag)!) as unknown as Record<string, unknown> & HTMLElement;
          const errors: CpqErrorDetail[] = [];
          root.addEventListener('cpq-error', (e) => errors.push((e as CustomEvent<CpqErrorDetail>).detail));
          escaped.length = 0;
          logged.length = 0;
          try {
            target[field.name] = value;
            await settle(elements, root);
          } catch (e) {
            escaped.push(`${(e as Error).message}`);
          }
          expect(escaped, `${tag}.${field.name} = ${label}`).to.deep.equal([]);
          if (fits(field.type!.text, value)) continue;
          const here = `${tag}.${field.name}`;
          const located = errors.some((d) => d.errors.some((e) => e.path === here || e.path.startsWith(`${here}.`) || e.path.startsWith(`${here}[`)
            || (d.source === field.name && (field.name === 'catalog' || field.name === 'quote'))));
          const said = logged.some((args) => args.some((a) => typeof a === 'string' && a.includes(here)));
          if (!located || !said) unreported.push(`${here} = ${label} (${located ? '' : 'no cpq-error'}${!located && !said ? ', ' : ''}${said ? '' : 'no console message'})`);
        }
      }
      expect(unreported).to.deep.equal([]);
    });
  }
});
