/**
 * Loaded before every Node test file (scripts/node-tests.mjs). On CI (CI=true) fast-check's
 * seed is fixed, so that a run is reproducible and unrelated changes are not blocked by a
 * newly drawn counterexample; locally every run draws a new seed (FC_SEED=n fixes it), and a
 * failure always prints the seed and the shrunk counterexample.
 *
 * FC_SCALE=n runs every property n times as many times as it asks for (a hunt by hand: a
 * configure() bug showed only after 70,000 runs of one property, 20 times its count).
 */
import fc from 'fast-check';
import { register } from 'node:module';

const fixed = process.env.FC_SEED ?? (process.env.CI ? '20261128' : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });

const scale = Number(process.env.FC_SCALE);
if (process.env.FC_SCALE !== undefined) {
  if (!(scale > 0)) throw new Error(`FC_SCALE must be a number above 0, got ${JSON.stringify(process.env.FC_SCALE)}`);
  register('./fast-check-scale-hooks.mjs', import.meta.url);
}
