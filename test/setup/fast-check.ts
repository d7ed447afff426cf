/**
 * Loaded before every Node test file (scripts/node-tests.mjs). On CI (CI=true) fast-check's
 * seed is fixed, so that a run is reproducible and unrelated changes are not blocked by a
 * newly drawn counterexample; locally every run draws a new seed (FC_SEED=n fixes it), and a
 * failure always prints the seed and the shrunk counterexample.
 */
import fc from 'fast-check';

const fixed = process.env.FC_SEED ?? (process.env.CI ? '20261128' : undefined);
if (fixed !== undefined) fc.configureGlobal({ seed: Number(fixed) });
