import { isRecord } from '../core/object.js';
import type { ValidationError, ValidationResult } from '../types.js';
import { assembleCatalog, type PreparedCatalog } from './assemble.js';

export type Prepared = { ok: true; catalog: PreparedCatalog } | { ok: false; errors: ValidationError[] };

/**
 * Validate a catalog with `validate`, then prepare it. The validator is a parameter so that
 * code which loads it on demand (the elements) does not carry it in its first chunk.
 */
export function prepareWith(validate: (raw: unknown) => ValidationResult, raw: unknown): Prepared {
  const validation = validate(raw);
  if (!validation.ok || !isRecord(raw)) {
    return { ok: false, errors: validation.errors.filter((e) => e.severity !== 'warning') };
  }
  try {
    return { ok: true, catalog: assembleCatalog(raw) };
  } catch (e) {
    // Validation and preparation disagree: report it as a catalog error, never throw.
    return { ok: false, errors: [{ path: '', message: `could not be prepared: ${(e as Error).message}` }] };
  }
}
