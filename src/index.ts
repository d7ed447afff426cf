// The custom elements (issue 4) join the contract types here.
export * from './types.js';
