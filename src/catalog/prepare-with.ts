import { isRecord } from '../core/object.js';
import type { ValidationError, ValidationResult } from '../types.js';
import { assembleCatalog, type PreparedCatalog } from './assemble.js';

/** `warnings`: the validator's warnings (unknown fields, rules that can never match, …), which do not block. */
export type Prepared = { ok: true; catalog: PreparedCatalog; warnings: ValidationError[] } | { ok: false; errors: ValidationError[]; warnings: ValidationError[] };

/**
 * Validate a catalog with `validate`, then prepare it. The validator is a parameter so that
 * code which loads it on demand (the elements) does not carry it in its first chunk.
 */
export function prepareWith(validate: (raw: unknown) => ValidationResult, raw: unknown): Prepared {
  const validation = validate(raw);
  const warnings = validation.errors.filter((e) => e.severity === 'warning');
  if (!validation.ok || !isRecord(raw)) {
    return { ok: false, errors: validation.errors.filter((e) => e.severity !== 'warning'), warnings };
  }
  try {
    return { ok: true, catalog: assembleCatalog(raw), warnings };
  } catch (e) {
    // Validation and preparation disagree: report it as a catalog error, never throw.
    return { ok: false, errors: [{ path: '', message: `could not be prepared: ${(e as Error).message}` }], warnings };
  }
}
