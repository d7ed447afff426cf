// The main-thread tasks of a CPU profile the browser bench wrote (BENCH_PROFILE=<dir>), and where
// each spent its time: `node --import tsx bench/profile-tasks.ts <file.cpuprofile>... [--over=30]`.
// A "task" here is a run of samples that are not (idle), so it includes the style, layout and paint
// work ((program)) between scripts — what a PerformanceObserver long task also counts. For every
// run longer than --over ms (default 30): its length, then the functions with the most time in it,
// inclusive (self time with that of everything they called) and self.
import { readFileSync } from 'node:fs';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[]; startTime: number }

const args = process.argv.slice(2);
const over = Number(args.find((a) => a.startsWith('--over='))?.slice(7) ?? 30);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 18);

for (const file of args.filter((a) => !a.startsWith('--'))) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const idle = (id: number) => byId.get(id)!.callFrame.functionName === '(idle)';
  // Sample i lasts until sample i+1 (timeDeltas[i+1] µs).
  const runs: { start: number; end: number }[] = [];
  let t = 0;
  let open: { start: number; end: number } | undefined;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i] ?? 0;
    const busy = !idle(p.samples[i]!);
    if (busy && !open) open = { start: i, end: i };
    else if (busy && open) open.end = i;
    else if (!busy && open) { runs.push(open); open = undefined; }
  }
  if (open) runs.push(open);
  console.log(`# ${file}`);
  let t0 = 0;
  const at: number[] = [];
  for (let i = 0; i < p.samples.length; i++) at.push((t0 += p.timeDeltas[i] ?? 0));
  for (const r of runs) {
    const ms = ((at[r.end + 1] ?? at[r.end]!) - at[r.start]!) / 1000;
    if (ms < over) continue;
    const incl = new Map<string, number>();
    const self = new Map<string, number>();
    for (let i = r.start; i <= r.end; i++) {
      const dt = ((at[i + 1] ?? at[i]!) - at[i]!) / 1000;
      const seen = new Set<string>();
      let id: number | undefined = p.samples[i]!;
      self.set(key(byId.get(id)!), (self.get(key(byId.get(id)!)) ?? 0) + dt);
      while (id !== undefined) {
        const k = key(byId.get(id)!);
        if (!seen.has(k)) { seen.add(k); incl.set(k, (incl.get(k) ?? 0) + dt); }
        id = parent.get(id);
      }
    }
    console.log(`task at ${(at[r.start]! / 1000).toFixed(0)} ms: ${ms.toFixed(1)} ms`);
    const rows = [...incl].filter(([k]) => !k.startsWith('(root)')).sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [k, v] of rows) console.log(`  ${v.toFixed(1).padStart(7)} incl ${(self.get(k) ?? 0).toFixed(1).padStart(7)} self  ${k}`);
  }
}
