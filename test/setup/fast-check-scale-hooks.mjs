// Module resolution hook (registered by test/setup/fast-check.ts when FC_SCALE is set): a test's
// `import fc from 'fast-check'` gets fast-check-scaled.mjs, whose `assert` runs FC_SCALE times the
// runs each property asks for. The wrapper itself imports the real package.
const wrapper = new URL('./fast-check-scaled.mjs', import.meta.url).href;

export async function resolve(specifier, context, next) {
  if (specifier === 'fast-check' && context.parentURL !== wrapper) return { url: wrapper, shortCircuit: true };
  return next(specifier, context);
}
