#!/usr/bin/env node
// `npm publish` runs this first (prepublishOnly): a release must carry the metadata a consumer and
// the registry read — where the code lives, where to report a bug, the licence file, the CHANGELOG
// entry of the version being published, and no pending changeset left unversioned. The kit has no
// public address yet, so `repository`, `homepage` and `bugs` are not invented in package.json: the
// first publish is refused until they are set (a named choice; docs-site/guide/stability.md).
//
//   node scripts/release-check.mjs [package folder]   → exit 0, or exit 1 with one line per problem
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

function isUrl(value, protocols) {
  if (typeof value !== 'string') return false;
  try {
    return protocols.includes(new URL(value.replace(/^git\+/, '')).protocol);
  } catch {
    return false;
  }
}

/**
 * The problems that keep the package in `dir` from being published, each `{ path, message }`
 * (`path` is the package.json field or the file concerned). Empty when it may be published.
 */
export function releaseProblems(dir) {
  const problems = [];
  const add = (path, message) => problems.push({ path, message });
  let pkg;
  try {
    pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  } catch (e) {
    add('package.json', `cannot be read as JSON: ${e instanceof Error ? e.message : String(e)}`);
    return problems;
  }
  if (pkg === null || typeof pkg !== 'object' || Array.isArray(pkg)) {
    add('package.json', 'must be a JSON object');
    return problems;
  }
  if (typeof pkg.name !== 'string' || !pkg.name) add('name', 'is missing');
  if (typeof pkg.version !== 'string' || !SEMVER.test(pkg.version)) add('version', `must be a semantic version, found ${JSON.stringify(pkg.version)}`);
  if (typeof pkg.description !== 'string' || pkg.description.length < 10) add('description', 'is missing or too short to tell what the package does');
  if (!Array.isArray(pkg.keywords) || pkg.keywords.length === 0) add('keywords', 'must list at least one keyword');
  if (typeof pkg.license !== 'string' || !pkg.license) add('license', 'is missing (an SPDX identifier)');
  if (!existsSync(join(dir, 'LICENSE'))) add('LICENSE', 'the licence file is missing');
  const repo = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!isUrl(repo, ['https:', 'git:', 'ssh:'])) add('repository', 'must give the public repository\'s URL (e.g. { "type": "git", "url": "git+https://…" })');
  if (!isUrl(pkg.homepage, ['https:'])) add('homepage', 'must give the https URL of the docs site');
  const bugs = typeof pkg.bugs === 'string' ? pkg.bugs : pkg.bugs?.url;
  if (!isUrl(bugs, ['https:'])) add('bugs', 'must give the https URL where issues are reported');
  if (pkg.private === true) add('private', 'is true: npm refuses to publish it');

  const changelog = join(dir, 'CHANGELOG.md');
  if (!existsSync(changelog)) add('CHANGELOG.md', 'is missing');
  else if (typeof pkg.version === 'string' && SEMVER.test(pkg.version)) {
    const text = readFileSync(changelog, 'utf8');
    const heading = text.split('\n').find((l) => new RegExp(`^## ${pkg.version.replace(/[.+]/g, '\\$&')}(\\s|$)`).test(l));
    if (!heading) add('CHANGELOG.md', `has no "## ${pkg.version}" entry`);
    else if (/unreleased/i.test(heading)) add('CHANGELOG.md', `the ${pkg.version} entry is still marked unreleased`);
  }
  const changesets = join(dir, '.changeset');
  if (existsSync(changesets)) {
    const pending = readdirSync(changesets).filter((f) => f.endsWith('.md') && f !== 'README.md');
    if (pending.length) add('.changeset', `${pending.length} changeset(s) not yet versioned (run \`npx changeset version\`): ${pending.join(', ')}`);
  }
  return problems;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const problems = releaseProblems(dir);
  if (problems.length) {
    console.error(`release check: ${problems.length} problem(s) keep this package from being published:`);
    for (const p of problems) console.error(`  ${p.path}: ${p.message}`);
    process.exit(1);
  }
  console.log('release check: ready to publish');
}
