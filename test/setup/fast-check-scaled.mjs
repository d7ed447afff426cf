// fast-check with `assert` running FC_SCALE times each property's runs (see fast-check-scale-hooks.mjs).
import fc from 'fast-check';

export * from 'fast-check';

const scale = Number(process.env.FC_SCALE);
const scaled = { ...fc };
scaled.assert = (property, params) => fc.assert(property, { ...params, numRuns: Math.ceil((params?.numRuns ?? 100) * scale) });
export default scaled;
