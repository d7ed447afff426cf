// Placeholder: the custom-elements issue fills this entry point with the cpq- elements.
export * from './types.js';
