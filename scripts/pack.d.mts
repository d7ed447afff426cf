/** Builds and packs the kit (scripts/pack.mjs); the tarball's path inside `destination`. */
export function packKit(destination?: string): string;
