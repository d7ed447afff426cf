import { isRecord } from '../core/object.js';
import { validateCatalog } from '../rules/validate-catalog.js';
import type { ValidationError } from '../types.js';
import { assembleCatalog, type PreparedCatalog } from './assemble.js';

export type * from './assemble.js';

export type Prepared = { ok: true; catalog: PreparedCatalog } | { ok: false; errors: ValidationError[] };

const cache = new WeakMap<object, Prepared>();

/**
 * Validate and prepare a catalog, once per catalog object. Catalogs are treated as
 * immutable: a host that edits one passes a new object (as lit state does anyway).
 */
export function prepareCatalog(raw: unknown): Prepared {
  if (isRecord(raw)) {
    const hit = cache.get(raw);
    if (hit) return hit;
  }
  const result = build(raw);
  if (isRecord(raw)) cache.set(raw, result);
  return result;
}

function build(raw: unknown): Prepared {
  const validation = validateCatalog(raw);
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

