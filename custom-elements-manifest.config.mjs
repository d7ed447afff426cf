// `npm run manifest` (= `cem analyze --litelement`): custom-elements.json from the elements' JSDoc
// (@summary, @slot, @csspart, @cssproperty, @cssstate, @fires) and their lit @property/@state
// declarations. Runs offline: the analyzer reads the TypeScript sources and needs no network.
//
// The elements are registered by `defineCpqElements()` from one table (`elements` in
// src/components/define.ts), not by `customElements.define()` calls or @customElement in each
// file, so the analyzer cannot see the tag names by itself; the plugin below reads that table
// and gives every class its tag and its `custom-element-definition` export.

import { fileURLToPath } from 'node:url';
import { publicApi } from './scripts/cem-public-api.mjs';

/** Tag names from `export const elements = { 'cpq-x': CpqX, … }` in define.ts. */
function tagsFromDefineTable() {
  /** class name → tag name */
  const tags = new Map();
  return {
    name: 'cpq-tags-from-define-table',
    analyzePhase({ ts, node, moduleDoc }) {
      if (!moduleDoc.path.endsWith('components/define.ts') || !ts.isVariableDeclaration(node)) return;
      if (node.name.getText() !== 'elements' || !node.initializer) return;
      let init = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression?.(init) || ts.isParenthesizedExpression(init)) init = init.expression;
      if (!ts.isObjectLiteralExpression(init)) return;
      for (const prop of init.properties) {
        if (!ts.isPropertyAssignment(prop) || !ts.isIdentifier(prop.initializer)) continue;
        const tag = ts.isStringLiteral(prop.name) ? prop.name.text : prop.name.getText();
        tags.set(prop.initializer.text, tag);
      }
    },
    packageLinkPhase({ customElementsManifest }) {
      // In path order: the glob's order follows the file system, which differs between machines.
      customElementsManifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      const found = new Set();
      for (const mod of customElementsManifest.modules) {
        // The analyzer reads define.ts's `customElements.define(tag, cls)` loop as a definition of
        // a tag named "tag": not a custom element name, dropped.
        mod.exports = mod.exports?.filter((e) => e.kind !== 'custom-element-definition' || e.name.includes('-'));
        for (const decl of mod.declarations ?? []) {
          const tag = decl.kind === 'class' ? tags.get(decl.name) : undefined;
          if (!tag) continue;
          found.add(decl.name);
          decl.tagName = tag;
          decl.customElement = true;
          mod.exports ??= [];
          if (!mod.exports.some((e) => e.kind === 'custom-element-definition' && e.name === tag)) {
            mod.exports.push({ kind: 'custom-element-definition', name: tag, declaration: { name: decl.name, module: mod.path } });
          }
        }
      }
      const missing = [...tags.keys()].filter((name) => !found.has(name));
      if (tags.size === 0) throw new Error('custom-elements manifest: no `elements` table found in src/components/define.ts');
      if (missing.length) throw new Error(`custom-elements manifest: no class declaration for ${missing.join(', ')}`);
    },
  };
}

export default {
  // The elements' folders and the table that names their tags; not the shared helpers.
  globs: ['src/components/define.ts', 'src/components/*/*.ts'],
  exclude: ['src/components/**/*.test.ts', 'src/components/**/*.styles.ts', 'src/components/order/**', 'src/components/service/**', 'src/components/**/*.strings.ts'],
  // test/manifest.test.ts writes a fresh copy elsewhere to compare with the committed one.
  outdir: process.env.CEM_OUTDIR ?? '.',
  litelement: true,
  // The analyzer would rewrite package.json (reformatting it) to add `customElements`; the field
  // is written there by hand instead.
  packagejson: false,
  // publicApi: the shipped module, public members only, typed events, literal values, schema 2.1.0.
  plugins: [tagsFromDefineTable(), publicApi({ root: fileURLToPath(new URL('.', import.meta.url)) })],
};
