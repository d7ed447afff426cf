// fontkit 2 behind a declaration of our own (fontkit-import.d.ts). Importing 'fontkit' from a
// .ts file would make TypeScript load @types/fontkit, whose `/// <reference types="node" />`
// puts Node's globals into the pure core's type check (tsconfig.core.json) and would hide a
// slip such as `Buffer` in src/pricing. Bundlers and Node resolve this re-export as usual.
export { create } from 'fontkit';
