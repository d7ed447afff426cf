import { checkCatalog } from '../catalog/check-catalog.js';
import { Report } from '../catalog/validate/report.js';
import { isRecord } from '../core/object.js';
import { describe } from '../core/parse.js';
import type { ValidationResult } from '../types.js';
import { checkConfiguration } from './validate-config.js';

/**
 * Check a catalog against the data contract and report every problem a catalog author can
 * fix: `{ ok, errors: [{ path, message, severity }] }`. `ok` is false when any entry is an
 * error; warnings (unknown fields, rules that can never match, …) do not block.
 *
 * The input is untrusted: only own properties are read, lookups use `Map`, nothing recurses
 * with the input's depth, and the function never throws. At most 1,000 problems are listed,
 * followed by one entry counting the rest.
 *
 * @example
 * const { ok, errors } = validateCatalog(JSON.parse(text));
 * if (!ok) for (const e of errors) console.log(`${e.path}: ${e.message}`);
 * // products[3].price.tiers[1].upTo: must be greater than the previous tier's upTo (50), got "40"
 */
export function validateCatalog(json: unknown): ValidationResult {
  const r = new Report();
  try {
    checkCatalog(r, json);
    // What the rules and bundles do needs a well-formed catalog: only when nothing structural is an error.
    if (r.result().ok && isRecord(json)) checkConfiguration(r, json);
  } catch (e) {
    // Only a host object with throwing getters or proxies can get here; JSON cannot.
    r.error('', `could not be validated: ${e instanceof Error ? e.message : describe(e)}`);
  }
  return r.result();
}

