// npm run bench calls this (or: node scripts/bench-startup.mjs [--runs N] [--json] [file]): the CLI's
// start-up for one small file, as an installed user runs it (bin/iamlint.cjs, which picks the bundle or
// dist/ and turns on Node 22's compile cache), and each entry alone, beside `node -e 0`. Medians of N
// runs (default 20) after one warm-up run: wall time, and CPU time (user + system, read by the child
// itself at exit through a `--require` hook, so other load on the machine disturbs it less), each also
// as a ratio to `node -e 0`. Runs are interleaved (one of each entry per round), so a change in load
// hits every entry alike.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const hook = join(mkdtempSync(join(tmpdir(), 'iamlint-startup-')), 'cpu.cjs');
writeFileSync(
  hook,
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write(`\\niamlint-bench-cpu ${(u.user + u.system) / 1000}\\n`); });\n",
);

/** One run of `node <args>`: wall and CPU milliseconds. */
function once(args, cwd) {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--require', hook, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t) / 1e6;
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const cpu = Number(/iamlint-bench-cpu ([\d.]+)/.exec(r.stderr)?.[1] ?? NaN);
  return { wall, cpu };
}

/** Median wall and CPU milliseconds per entry, runs interleaved; the first entry is the baseline. */
export function timeEntries(entries, { runs = 20, cwd = root } = {}) {
  for (const [, args] of entries) once(args, cwd); // warm-up: file cache, compile cache
  const samples = entries.map(() => ({ wall: [], cpu: [] }));
  for (let i = 0; i < runs; i++) {
    entries.forEach(([, args], k) => {
      const m = once(args, cwd);
      samples[k].wall.push(m.wall);
      samples[k].cpu.push(m.cpu);
    });
  }
  const rows = entries.map(([mode], k) => ({ mode, wallMs: median(samples[k].wall), cpuMs: median(samples[k].cpu) }));
  const base = rows[0];
  return rows.map((r) => ({ ...r, wallRatio: r.wallMs / base.wallMs, cpuRatio: r.cpuMs / base.cpuMs }));
}

export function benchStartup({ runs = 20, file = 'fixtures/demo/vendor-access-role.json' } = {}) {
  const entries = [['node -e 0', ['-e', '0']]];
  const candidates = [
    ['bin/iamlint.cjs (what an installed package runs)', join(root, 'bin', 'iamlint.cjs')],
    ['dist-action/cli.cjs (the committed bundle, no code cache)', join(root, 'dist-action', 'cli.cjs')],
    ['dist/src/cli-entry.js (tsc output)', join(root, 'dist', 'src', 'cli-entry.js')],
  ];
  for (const [mode, entry] of candidates) if (existsSync(entry)) entries.push([mode, [entry, '--no-color', file]]);
  return timeEntries(entries, { runs });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const i = args.indexOf('--runs');
  const runs = i >= 0 ? Number(args.splice(i, 2)[1]) : 20;
  const asJson = args.includes('--json');
  const file = args.find((a) => !a.startsWith('--'));
  const rows = benchStartup({ runs, ...(file ? { file } : {}) });
  if (asJson) console.log(JSON.stringify(rows, null, 2));
  else {
    const cache = typeof (await import('node:module')).default.enableCompileCache === 'function' ? 'compile cache on' : 'no compile cache';
    console.log(`Start-up, one small file (${file ?? 'fixtures/demo/vendor-access-role.json'}), median of ${runs} runs, Node ${process.version} (${cache}):`);
    console.log('| mode | wall | × node -e 0 | CPU | × node -e 0 |\n| --- | ---: | ---: | ---: | ---: |');
    for (const r of rows)
      console.log(`| ${r.mode} | ${r.wallMs.toFixed(0)} ms | ${r.wallRatio.toFixed(2)} | ${r.cpuMs.toFixed(0)} ms | ${r.cpuRatio.toFixed(2)} |`);
  }
}
