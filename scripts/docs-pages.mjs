// Pages of the docs site generated from the project's own sources of truth (scripts/docs.mjs runs
// them before VitePress): the elements reference from custom-elements.json, the catalog reference
// from schemas/catalog.schema.json. The generated folders are gitignored; the prose pages beside
// them (docs-site/guide/) are written by hand.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Text for a Markdown page that VitePress compiles as a Vue template: outside code spans, `<`,
 * `>` and braces are escaped (a `<cpq-quote>` in prose would be an unknown component, `{{` an
 * interpolation); code spans are left alone (VitePress marks them `v-pre`).
 */
export function prose(text = '') {
  return text
    .split(/(`[^`]*`)/)
    .map((part, i) => (i % 2 ? part : part.replace(/[<>{}]/g, (c) => `&#${c.charCodeAt(0)};`)))
    .join('')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** A table cell: prose, with `|` escaped (also inside code spans, as GFM tables ask). */
const cell = (text) => prose(text).replace(/\|/g, '\\|');
const code = (text) => (text ? `\`${String(text).replace(/\|/g, '\\|')}\`` : '');

/** Every custom element the manifest declares, with its module path. */
export function manifestElements(manifest) {
  const out = [];
  for (const mod of manifest.modules ?? []) {
    for (const d of mod.declarations ?? []) if (d.customElement && d.tagName) out.push({ ...d, module: mod.path });
  }
  return out.sort((a, b) => a.tagName.localeCompare(b.tagName));
}

function table(head, rows) {
  if (!rows.length) return '';
  return [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n') + '\n';
}

/** One element's reference page (the live example sits at its top). */
export function elementPage(el) {
  const members = (el.members ?? []).filter((m) => m.kind === 'field' && m.privacy !== 'private' && m.privacy !== 'protected' && !m.static);
  const methods = (el.members ?? []).filter((m) => m.kind === 'method' && m.privacy !== 'private' && m.privacy !== 'protected' && !m.static);
  const parts = [
    `---\ntitle: ${el.tagName}\noutline: [2, 3]\n---\n`,
    `# \`<${el.tagName}>\`\n`,
    `${prose(el.summary ?? '')}\n`,
    el.description && el.description !== el.summary ? `${prose(el.description)}\n` : '',
    `Class \`${el.name}\`, from \`import 'cpq-kit'\` (module \`${el.module}\`).\n`,
    `## Live example\n`,
    `The element as \`import 'cpq-kit'\` defines it, inside a \`<cpq-quote>\` holding the sample CRM catalog and quote, under this site's strict CSP. Edit the quote's JSON or switch the locale and mode; the events it fires are logged below it.\n`,
    `<LiveExample tag="${el.tagName}" />\n`,
    `## Properties\n`,
    table(
      ['Property', 'Attribute', 'Type', 'Default', 'Description'],
      members.map((m) => [code(m.name), m.attribute ? code(m.attribute) + (m.reflects ? ' (reflects)' : '') : '—', code(m.type?.text), code(m.default), cell(m.description)]),
    ) || 'None.\n',
  ];
  if (methods.length) {
    parts.push(`## Methods\n`, table(['Method', 'Signature', 'Description'], methods.map((m) => [code(m.name), code(`(${(m.parameters ?? []).map((p) => `${p.name}${p.optional ? '?' : ''}: ${p.type?.text ?? 'unknown'}`).join(', ')}) => ${m.return?.type?.text ?? 'void'}`), cell(m.description)])));
  }
  parts.push(`## Events\n`, table(['Event', 'Detail type', 'Description'], (el.events ?? []).map((e) => [code(e.name), code(e.type?.text), cell(e.description)])) || 'None.\n');
  parts.push(`## Slots\n`, table(['Slot', 'Description'], (el.slots ?? []).map((s) => [s.name ? code(s.name) : '(default)', cell(s.description)])) || 'None.\n');
  parts.push(`## CSS parts\n`, table(['Part', 'Description'], (el.cssParts ?? []).map((p) => [code(p.name), cell(p.description)])) || 'None.\n');
  parts.push(`## CSS custom properties\n`, table(['Property', 'Default', 'Description'], (el.cssProperties ?? []).map((p) => [code(p.name), code(p.default), cell(p.description)])) || 'None.\n');
  if (el.cssStates?.length) parts.push(`## CSS states\n`, table(['State', 'Description'], el.cssStates.map((s) => [code(`:state(${s.name})`), cell(s.description)])));
  return parts.filter(Boolean).join('\n');
}

export function elementsIndex(elements) {
  return [
    `---\ntitle: Elements reference\n---\n`,
    `# Elements reference\n`,
    `Generated from \`custom-elements.json\` (the manifest the package ships as \`cpq-kit/custom-elements.json\`). Each page has a live example of the element under this site's strict CSP. How the elements fit together, and the choices behind them: [Elements](../guide/elements.md).\n`,
    table(['Element', 'Summary'], elements.map((el) => [`[\`<${el.tagName}>\`](./${el.tagName}.md)`, cell(el.summary ?? '')])),
  ].join('\n');
}

// --- the catalog reference ------------------------------------------------------------------

function typeOf(schema, defs) {
  if (!schema) return 'any';
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    return defs[name] ? `[${name}](#${anchor(name)})` : name;
  }
  if (schema.const !== undefined) return code(JSON.stringify(schema.const));
  if (schema.enum) return schema.enum.map((v) => code(JSON.stringify(v))).join(' \\| ');
  if (schema.anyOf || schema.oneOf) return (schema.anyOf ?? schema.oneOf).map((s) => typeOf(s, defs)).join(' \\| ');
  if (schema.type === 'array') return `${typeOf(schema.items, defs)}[]`;
  if (schema.type === 'object' && schema.properties) return 'object (below)';
  if (schema.type === 'object' && schema.additionalProperties && typeof schema.additionalProperties === 'object') return `{ [key]: ${typeOf(schema.additionalProperties, defs)} }`;
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  return schema.type ?? 'any';
}

const anchor = (name) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

function propertyRows(schema, defs, prefix = '') {
  const rows = [];
  const required = new Set(schema.required ?? []);
  for (const [name, prop] of Object.entries(schema.properties ?? {})) {
    const path = prefix + name;
    rows.push([code(path), typeOf(prop, defs), required.has(name) ? 'yes' : '', cell(prop.description ?? '')]);
    if (prop.type === 'object' && prop.properties) rows.push(...propertyRows(prop, defs, `${path}.`));
    if (prop.type === 'array' && prop.items?.type === 'object' && prop.items.properties) rows.push(...propertyRows(prop.items, defs, `${path}[].`));
  }
  return rows;
}

/** The catalog format, one section per definition of the schema, the root first. */
export function catalogReference(schema) {
  const defs = schema.definitions ?? schema.$defs ?? {};
  const root = schema.$ref?.replace('#/definitions/', '');
  const names = [root, ...Object.keys(defs).filter((n) => n !== root)].filter(Boolean);
  const out = [
    `---\ntitle: Catalog reference\noutline: [2, 2]\n---\n`,
    `# Catalog reference\n`,
    `Generated from \`schemas/catalog.schema.json\` (\`${schema.$id}\`, shipped as \`cpq-kit/schemas/catalog.schema.json\`; itself generated from \`src/types.ts\` by \`npm run schemas\`). A catalog file can name it for completion and checks in an editor: \`"$schema": "./node_modules/cpq-kit/schemas/catalog.schema.json"\`. The schema says the shape; \`npx cpq-kit validate catalog.json\` also checks what a schema cannot (SKUs that exist, rules that can match): see [Configuration and validation](../guide/configuration.md).\n`,
  ];
  for (const name of names) {
    const def = defs[name];
    out.push(`## ${name}\n`);
    if (def.description) out.push(`${prose(def.description)}\n`);
    if (def.properties) {
      out.push(table(['Field', 'Type', 'Required', 'Description'], propertyRows(def, defs)));
      if (def.additionalProperties === false) out.push('No other field is allowed.\n');
    } else {
      out.push(`Type: ${typeOf(def, defs)}\n`);
    }
  }
  return out.join('\n');
}

/** Write the generated pages under `siteDir`; returns the element tags. */
export function writeGeneratedPages(root, siteDir) {
  const manifest = JSON.parse(readFileSync(join(root, 'custom-elements.json'), 'utf8'));
  const elements = manifestElements(manifest);
  const elDir = join(siteDir, 'elements');
  rmSync(elDir, { recursive: true, force: true });
  mkdirSync(elDir, { recursive: true });
  writeFileSync(join(elDir, 'index.md'), elementsIndex(elements));
  for (const el of elements) writeFileSync(join(elDir, `${el.tagName}.md`), elementPage(el));
  const catalogDir = join(siteDir, 'catalog');
  rmSync(catalogDir, { recursive: true, force: true });
  mkdirSync(catalogDir, { recursive: true });
  const schema = JSON.parse(readFileSync(join(root, 'schemas/catalog.schema.json'), 'utf8'));
  writeFileSync(join(catalogDir, 'reference.md'), catalogReference(schema));
  return elements.map((el) => el.tagName);
}
