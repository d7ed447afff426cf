// A quote service in a process of its own (`cpq-kit serve` from the sources, under tsx), for the
// tests that need a real listener, a second instance or a kill -9: crash safety, scale-out, fuzz.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { JWT_SECRET, LEVELS, SHARE_SECRET } from './service.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stderr so far. */
  stderr: () => string;
  /** SIGTERM, and wait for the exit. */
  stop: () => Promise<number | null>;
  /** SIGKILL (kill -9), and wait for the exit. */
  kill: () => Promise<void>;
  exited: Promise<number | null>;
}

/** Start `cpq-kit serve --store <store>` on a free port (from the sources under `root`, default this checkout); resolves once it listens. */
export async function startServiceProcess(store: string, options: { config?: Record<string, unknown>; env?: Record<string, string>; root?: string } = {}): Promise<ServiceProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'cpq-serve-'));
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ approvalLevels: LEVELS, timeZone: 'Asia/Shanghai', limits: { perMinute: 1_000_000 }, ...options.config }));
  const child = spawn(process.execPath, [...(process.env.CPQ_PROF ? ['--cpu-prof', '--cpu-prof-dir=' + process.env.CPQ_PROF] : []), '--import', 'tsx', 'src/cli/main.ts', 'serve', '--store', store, '--port', '0', '--config', configFile], {
    cwd: options.root ?? root,
    env: { ...process.env, CPQ_JWT_SECRET: JWT_SECRET, CPQ_SHARE_SECRET: SHARE_SECRET, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d) => (err += String(d)));
  // The config folder goes with the process, however it ends.
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => {
    rmSync(dir, { recursive: true, force: true });
    resolve(code);
  }));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`cpq-kit serve did not start in 30 s: ${err}`)), 30_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening on (http:\/\/\S+?)(?:\s|\/api)/.exec(out) ?? /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!.replace(/\/$/, ''));
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`cpq-kit serve exited (${code}) before listening: ${err}`));
    });
  });
  return {
    url, child, exited, stderr: () => err,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
