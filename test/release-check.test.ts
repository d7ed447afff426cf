// The release check `npm publish` runs first (scripts/release-check.mjs, issue 17 item 7): a table
// of package folders, each complete but for one thing, and the located problem each must give.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
// @ts-expect-error: a plain ES module script without declarations
import { releaseProblems } from '../scripts/release-check.mjs';

type Problem = { path: string; message: string };
const check = releaseProblems as (dir: string) => Problem[];

const complete = {
  name: 'cpq-kit',
  version: '0.2.0',
  description: 'Framework-agnostic custom elements and a pure, exact core for CPQ.',
  keywords: ['cpq'],
  license: 'MIT',
  repository: { type: 'git', url: 'git+https://example.org/cpq-kit.git' },
  homepage: 'https://example.org/cpq-kit/',
  bugs: { url: 'https://example.org/cpq-kit/issues' },
};
const CHANGELOG = '# Changelog\n\n## 0.2.0\n\n### Added\n- something\n\n## 0.1.0\n- first\n';

const dirs: string[] = [];
after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function folder(pkg: unknown, files: Record<string, string> = { LICENSE: 'MIT', 'CHANGELOG.md': CHANGELOG }): string {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-release-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), typeof pkg === 'string' ? pkg : JSON.stringify(pkg));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('release check', () => {
  test('a complete package may be published', () => {
    assert.deepEqual(check(folder(complete)), []);
  });

  const without = (key: keyof typeof complete) => Object.fromEntries(Object.entries(complete).filter(([k]) => k !== key));
  const cases: [string, string | object, Record<string, string> | undefined, string, RegExp][] = [
    ['no repository', without('repository'), undefined, 'repository', /public repository/],
    ['a repository that is not a URL', { ...complete, repository: 'cpq-kit' }, undefined, 'repository', /URL/],
    ['no homepage', without('homepage'), undefined, 'homepage', /docs site/],
    ['an http homepage', { ...complete, homepage: 'http://example.org' }, undefined, 'homepage', /https/],
    ['no bugs', without('bugs'), undefined, 'bugs', /issues are reported/],
    ['no keywords', { ...complete, keywords: [] }, undefined, 'keywords', /at least one/],
    ['a version that is not semver', { ...complete, version: '1.0' }, undefined, 'version', /semantic version/],
    ['private', { ...complete, private: true }, undefined, 'private', /refuses/],
    ['no LICENSE file', complete, { 'CHANGELOG.md': CHANGELOG }, 'LICENSE', /missing/],
    ['no CHANGELOG', complete, { LICENSE: 'MIT' }, 'CHANGELOG.md', /missing/],
    ['no entry for the version', { ...complete, version: '0.3.0' }, undefined, 'CHANGELOG.md', /no "## 0\.3\.0" entry/],
    ['the entry still unreleased', complete, { LICENSE: 'MIT', 'CHANGELOG.md': '## 0.2.0 — unreleased\n' }, 'CHANGELOG.md', /unreleased/],
    ['a pending changeset', complete, { LICENSE: 'MIT', 'CHANGELOG.md': CHANGELOG, '.changeset/README.md': 'x', '.changeset/brave-cat.md': '---\n"cpq-kit": minor\n---\nx' }, '.changeset', /brave-cat\.md/],
    ['package.json not JSON', '{"name":', undefined, 'package.json', /cannot be read as JSON/],
    ['package.json an array', '[]', undefined, 'package.json', /JSON object/],
  ];
  for (const [name, pkg, files, path, message] of cases) {
    test(name, () => {
      const problems = check(folder(pkg, files));
      assert.equal(problems.length, 1, JSON.stringify(problems));
      assert.equal(problems[0]!.path, path);
      assert.match(problems[0]!.message, message);
    });
  }

  test('the changesets README alone is not a pending changeset', () => {
    assert.deepEqual(check(folder(complete, { LICENSE: 'MIT', 'CHANGELOG.md': CHANGELOG, '.changeset/README.md': 'x', '.changeset/config.json': '{}' })), []);
  });
});
