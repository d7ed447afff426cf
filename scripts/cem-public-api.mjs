// A custom-elements-manifest analyzer plugin (custom-elements-manifest.config.mjs): the manifest
// describes the package as it ships, not the source tree it was read from (issue 17).
//
// - One module, `dist/index.js` (what `import 'cpq-kit'` loads), holding the six elements; the
//   helper modules of src/components are not API and `src/…` is not in the package.
// - Only public API: private, protected and static members are dropped (`@internal` in a member's
//   JSDoc drops it too: the analyzer's own rule).
// - Every event gets its type, `CustomEvent<Detail>`, from the `GlobalEventHandlersEventMap`
//   declarations in src/components (the one place the kit types its events).
// - A property typed by an alias of string literals (`CpqMode`, `ColumnId[]`) gets the literals
//   (`'sales' | 'self-service'`), resolved with the TypeScript checker, so generators and editors
//   offer the values.
// - `schemaVersion` 2.1.0: the first version with `cssStates`, which the elements use.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

export const SCHEMA_VERSION = '2.1.0';
export const SHIPPED_MODULE = 'dist/index.js';

/** `'cpq-x': CustomEvent<Detail>` from every `GlobalEventHandlersEventMap` in `dir`'s files. */
function eventTypes(dir) {
  const types = new Map();
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts')) {
        const src = readFileSync(p, 'utf8');
        const block = src.match(/interface GlobalEventHandlersEventMap\s*\{([^}]*)\}/);
        for (const m of block?.[1].matchAll(/'(cpq-[a-z-]+)':\s*(CustomEvent<[^;]+>);/g) ?? []) types.set(m[1], m[2].trim());
      }
    }
  };
  walk(dir);
  return types;
}

/**
 * The literal values of each element property typed by a union of string literals (or an array
 * of one), by class name and property name: `'sales' | 'self-service'`, `('qty' | 'term')[]`.
 */
function literalTypes(root, classNames) {
  const configPath = join(root, 'tsconfig.json');
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, root);
  const program = ts.createProgram([join(root, 'src/components/define.ts')], { ...config.options, noEmit: true });
  const checker = program.getTypeChecker();
  const literalUnion = (type) => {
    const parts = type.isUnion() ? type.types : [type];
    const values = parts.filter((t) => !(t.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
    if (values.length === 0 || !values.every((t) => t.isStringLiteral())) return undefined;
    const text = values.map((t) => `'${t.value}'`).join(' | ');
    return { text, optional: values.length !== parts.length };
  };
  const found = new Map();
  for (const file of program.getSourceFiles()) {
    if (!file.fileName.includes('/src/components/')) continue;
    ts.forEachChild(file, function visit(node) {
      if (!ts.isClassDeclaration(node) || !node.name || !classNames.has(node.name.text)) return;
      const props = new Map();
      for (const member of node.members) {
        if (!ts.isPropertyDeclaration(member) || !member.name || !ts.isIdentifier(member.name)) continue;
        const type = checker.getTypeAtLocation(member);
        const union = literalUnion(type);
        if (union) {
          props.set(member.name.text, union.optional ? `${union.text} | undefined` : union.text);
          continue;
        }
        const nonNull = checker.getNonNullableType(type);
        const element = checker.isArrayType(nonNull) ? checker.getTypeArguments(nonNull)[0] : undefined;
        const items = element && literalUnion(element);
        if (items) props.set(member.name.text, `(${items.text})[]${nonNull === type ? '' : ' | undefined'}`);
      }
      found.set(node.name.text, props);
    });
  }
  return found;
}

const isPublic = (member) => (member.privacy ?? 'public') === 'public' && !member.static && !member.name.startsWith('_') && !member.name.startsWith('#');

export function publicApi({ root }) {
  return {
    name: 'cpq-public-api',
    packageLinkPhase({ customElementsManifest: manifest }) {
      const elements = manifest.modules.flatMap((m) => (m.declarations ?? []).filter((d) => d.customElement));
      const events = eventTypes(join(root, 'src/components'));
      const literals = literalTypes(root, new Set(elements.map((d) => d.name)));
      for (const element of elements) {
        const values = literals.get(element.name) ?? new Map();
        element.members = (element.members ?? []).filter(isPublic);
        for (const member of [...element.members, ...(element.attributes ?? [])]) {
          const text = values.get(member.fieldName ?? member.name);
          if (text && member.type) member.type = { text };
        }
        for (const event of element.events ?? []) {
          const type = events.get(event.name);
          if (!type) throw new Error(`custom-elements manifest: no type for ${event.name} (declare it in a GlobalEventHandlersEventMap in src/components)`);
          event.type = { text: type };
        }
      }
      elements.sort((a, b) => (a.tagName < b.tagName ? -1 : 1));
      manifest.schemaVersion = SCHEMA_VERSION;
      manifest.modules = [{
        kind: 'javascript-module',
        path: SHIPPED_MODULE,
        declarations: elements,
        exports: [
          ...elements.map((d) => ({ kind: 'js', name: d.name, declaration: { name: d.name, module: SHIPPED_MODULE } })),
          ...elements.map((d) => ({ kind: 'custom-element-definition', name: d.tagName, declaration: { name: d.name, module: SHIPPED_MODULE } })),
        ],
      }];
    },
  };
}
