import { isRecord } from '../core/object.js';
import { validateCatalog } from './validate-catalog.js';
import { prepareWith, type Prepared } from '../catalog/prepare-with.js';

export type * from '../catalog/assemble.js';
export type { Prepared } from '../catalog/prepare-with.js';

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
  const result = prepareWith(validateCatalog, raw);
  if (isRecord(raw)) cache.set(raw, result);
  return result;
}
