/**
 * `cpq-kit/rules`: catalog validation and product configuration, DOM-free.
 */
export { validateCatalog } from './validate-catalog.js';
export { configure } from './configure.js';
export { approvalRuleName, categoryName, levelName, priceRuleName } from '../catalog/names.js';
export type {
  ValidationResult, ValidationError, ConfigState, ConfigSelection, SelectedOption, FeatureState, OptionState,
  AttributeState, ConfigMessage, ConfigReason, ConfigureOptions, NamedCode,
} from '../types.js';
