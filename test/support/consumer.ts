// A consumer project of the packed kit (test/package.test.ts): `npm pack`'s tarball unpacked into
// <repo>/.cache/consumer-*/node_modules/cpq-kit, as `npm install` would lay it. The consumer
// folder sits inside the repository so that the kit's own dependencies (lit, decimal.js, …) and
// the consumers' tools (typescript, react, vue, vue-tsc) resolve from the repository's
// node_modules; test/package.test.ts checks separately that the package imports nothing it does
// not declare.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packKit } from '../../scripts/pack.mjs';

export const root = fileURLToPath(new URL('../..', import.meta.url));

export interface Consumer {
  dir: string;
  tarball: string;
  /** The unpacked package (node_modules/cpq-kit). */
  kit: string;
  write(files: Record<string, string>): void;
  run(cmd: string, args: string[], cwd?: string): { status: number | null; stdout: string; stderr: string };
  close(): void;
}

export function makeConsumer(): Consumer {
  mkdirSync(join(root, '.cache'), { recursive: true });
  const dir = mkdtempSync(join(root, '.cache', 'consumer-'));
  return unpackInto(dir, packKit(join(dir, 'pack')));
}

/**
 * A consumer outside the repository (in the system's temporary folder), so that nothing resolves
 * from the repository's node_modules but what it links: the tarball of `from` unpacked, and each
 * of the kit's `dependencies` linked from the repository's node_modules (offline, as an install
 * of exactly those would lay them). The kit's optional peers are not there unless `peers` names them.
 */
export function makeIsolatedConsumer(from: Consumer, peers: string[] = []): Consumer {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-consumer-'));
  const consumer = unpackInto(dir, from.tarball);
  const pkg = JSON.parse(readFileSync(join(consumer.kit, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
  for (const name of [...Object.keys(pkg.dependencies ?? {}), ...peers]) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  return consumer;
}

function unpackInto(dir: string, tarball: string): Consumer {
  const kit = join(dir, 'node_modules', 'cpq-kit');
  mkdirSync(kit, { recursive: true });
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', kit, '--strip-components=1'], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`tar: ${untar.stderr}`);
  const consumer: Consumer = {
    dir, tarball, kit,
    write(files) {
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(dirname(join(dir, name)), { recursive: true });
        writeFileSync(join(dir, name), text);
      }
    },
    run(cmd, args, cwd = dir) {
      const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', NO_COLOR: '1' } });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    },
    close() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  consumer.write({ 'package.json': JSON.stringify({ name: 'consumer', private: true, type: 'module' }) });
  return consumer;
}

/** `file(line,col): error TSxxxx: …` lines of tsc / vue-tsc output, by file base name. */
export function tsErrors(output: string): { file: string; line: number; code: string; message: string }[] {
  return [...output.matchAll(/^(.+?)\((\d+),\d+\): error (TS\d+): (.*)$/gm)].map((m) => ({
    file: m[1]!.split('/').pop()!, line: Number(m[2]), code: m[3]!, message: m[4]!,
  }));
}
