/**
 * `cpq-kit/rules`: catalog validation (and, later, configuration), DOM-free.
 */
export { validateCatalog } from './validate-catalog.js';
export type { ValidationResult, ValidationError } from '../types.js';
