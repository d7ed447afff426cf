export type Core = typeof import('./core.js');

let core: Core | undefined;
let loading: Promise<Core> | undefined;

/** The pure core: the module itself once loaded, else a promise of it (fetched once per page). */
export function loadCore(): Core | Promise<Core> {
  if (core) return core;
  return (loading ??= import('./core.js').then((m) => (core = m)));
}
