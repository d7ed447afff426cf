// axe-core (WCAG 2.0–2.2 A and AA rules) over a whole page, shadow roots included, for the e2e
// checks. axe-core comes with @open-wc/testing (chai-a11y-axe); it is evaluated through DevTools,
// so the page's CSP does not apply to it.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Every violation on the page as "rule (help) at target, …"; empty when axe finds nothing. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] });
    return result.violations.map((v) => `${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Fails `where` with each violation axe finds on the page now (`state` names the moment). */
export async function expectAccessible(page, where, state, fail) {
  for (const v of await axeViolations(page)) fail(where, `accessibility ${state}: ${v}`);
}
