import type { FkCollection, FkFont } from './fontkit-types.js';

/** fontkit 2's `create` (see fontkit-import.js): a font, or a collection when no name is given. */
export function create(bytes: Uint8Array, postscriptName?: string): FkFont | FkCollection;
