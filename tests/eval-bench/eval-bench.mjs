// The eval benchmark: N cases, one deterministic assertion each, run by `promptstudio eval` and by promptfoo against
// the same local provider (fake-openai.mjs) in the same run, at the same concurrency, without a cache. For each it
// prints the wall time, the cases a second and the peak resident memory of its processes (sampled from /proc four
// times a second); for ours also the heap after each collection, early and late in the run (flat means memory does
// not grow with the cases). Then the ratios. Usage:
//   node eval-bench.mjs --jar promptstudio-cli.jar --java /path/to/java [--cases 100000] [--concurrency 16] [--skip-peer]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const options = { cases: 100000, concurrency: 16, jar: null, java: 'java', skipPeer: false, heap: '128m' };
for (let i = 2; i < process.argv.length; i++) {
  const name = process.argv[i];
  const value = () => process.argv[++i];
  if (name === '--cases') options.cases = Number(value());
  else if (name === '--concurrency') options.concurrency = Number(value());
  else if (name === '--jar') options.jar = value();
  else if (name === '--java') options.java = value();
  else if (name === '--heap') options.heap = value();
  else if (name === '--skip-peer') options.skipPeer = true;
  else { console.error(`eval-bench: unknown option ${name}`); process.exit(2); }
}
if (!options.jar || !Number.isInteger(options.cases) || options.cases < 1) {
  console.error('eval-bench: --jar FILE is required, --cases a whole number from 1');
  process.exit(2);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'eval-bench-'));
const text = (i) => (i % 2 === 0 ? `the kettle broke after ${i} days` : `a lovely kettle, number ${i}`);
const expected = (i) => (i % 2 === 0 ? 'negative' : 'positive');

function writeCases() {
  const jsonl = fs.createWriteStream(path.join(work, 'cases.jsonl'));
  const csv = fs.createWriteStream(path.join(work, 'cases.csv'));
  csv.write('text,expected\n');
  for (let i = 0; i < options.cases; i++) {
    jsonl.write(`{"text": "${text(i)}", "expected": {"label": "${expected(i)}"}}\n`);
    csv.write(`"${text(i)}",${expected(i)}\n`);
  }
  return Promise.all([new Promise((r) => jsonl.end(r)), new Promise((r) => csv.end(r))]);
}

function ours(port) {
  fs.writeFileSync(path.join(work, 'bench.pstudio'), `class Reading {
  label: "positive" | "negative"
}

profile fake {
  provider = "openai-compatible"
  endpoint = "http://127.0.0.1:${port}/v1"
  model = "gpt-4o-mini"
  temperature = 0
  retries = 0
}

prompt Label(text: string) -> Reading using fake {
  user "Label this review as positive or negative: {{ text }}"
}

dataset Cases for Label from "cases.jsonl"

eval Bench {
  prompts Label
  dataset Cases
  assert {
    label: output.label == expected.label
  }
}
`);
}

function peer(port) {
  fs.writeFileSync(path.join(work, 'promptfooconfig.yaml'), `description: eval bench
prompts:
  - "Label this review as positive or negative: {{ text }}"
providers:
  - id: openai:chat:gpt-4o-mini
    config:
      apiBaseUrl: http://127.0.0.1:${port}/v1
      temperature: 0
defaultTest:
  assert:
    - type: contains
      value: "{{ expected }}"
tests: file://cases.csv
`);
}

/** All processes below (and including) pid, by their parent links in /proc. */
function tree(pid) {
  const children = new Map();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push(Number(entry));
    } catch { /* gone */ }
  }
  const all = [pid];
  for (let i = 0; i < all.length; i++) for (const child of children.get(all[i]) || []) all.push(child);
  return all;
}

function rssKb(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) total += Number(match[1]);
    } catch { /* gone */ }
  }
  return total;
}

function measure(label, command, args, env) {
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let peak = 0;
    let output = '';
    child.stdout.on('data', (d) => { output = (output + d).slice(-20000); });
    child.stderr.on('data', (d) => { output = (output + d).slice(-20000); });
    const sampler = setInterval(() => { peak = Math.max(peak, rssKb(tree(child.pid))); }, 250);
    child.on('exit', (code) => {
      clearInterval(sampler);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolve({ label, code, seconds, peakMb: peak / 1024, output });
    });
  });
}

/**
 * The heap that stays (MB) from a unified GC log: what is left after each marking (Remark) or full collection, the
 * live data, in the first and last fifth of the run and at most; a heap that is flat keeps these level.
 */
function heapAfterCollections(file) {
  const points = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const match = /^\[([\d.]+)s\].*Pause (Remark|Full).*?(\d+)M->(\d+)M\((\d+)M\)/.exec(line);
    if (match) points.push({ at: Number(match[1]), after: Number(match[4]) });
  }
  if (points.length === 0) return null;
  const end = points[points.length - 1].at;
  const early = points.filter((p) => p.at >= 5 && p.at <= end * 0.2).map((p) => p.after);
  const late = points.filter((p) => p.at >= end * 0.8).map((p) => p.after);
  const max = (list) => (list.length ? Math.max(...list) : NaN);
  return { collections: points.length, earlyMax: max(early), lateMax: max(late), max: max(points.map((p) => p.after)) };
}

async function main() {
  await writeCases();
  const fake = spawn(process.execPath, [path.join(here, 'fake-openai.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => fake.stdout.once('data', (d) => resolve(Number(String(d).trim()))));
  ours(port);
  peer(port);
  console.log(`eval bench: ${options.cases} cases, one assertion each, ${options.concurrency} at a time, no cache; ${os.cpus().length} cores`);
  console.log(`  files in ${work}`);
  const home = path.join(work, 'promptstudio-home');
  const gcLog = path.join(work, 'gc.log');
  const mine = await measure('promptstudio eval', options.java, [`-Xmx${options.heap}`, `-Xlog:gc:file=${gcLog}`, '-jar', options.jar,
    'eval', 'bench.pstudio#Bench', '--no-cache', '--max-concurrency', String(options.concurrency)], { PROMPTSTUDIO_HOME: home });
  const heap = heapAfterCollections(gcLog);
  const results = [mine];
  let theirs = null;
  if (!options.skipPeer) {
    const main = path.join(here, 'node_modules', 'promptfoo', 'dist', 'src', 'main.js');
    theirs = await measure('promptfoo eval', process.execPath, [main, 'eval', '-c', 'promptfooconfig.yaml', '--no-cache', '-j',
      String(options.concurrency), '--no-progress-bar', '--no-table', '--no-write', '-o', 'promptfoo-results.json'], {
      OPENAI_API_KEY: 'bench', PROMPTFOO_CONFIG_DIR: path.join(work, 'promptfoo-home'), PROMPTFOO_DISABLE_TELEMETRY: '1',
      PROMPTFOO_DISABLE_UPDATE: '1', PROMPTFOO_DISABLE_SHARING: '1' });
    results.push(theirs);
  }
  fake.kill();
  console.log('| tool | exit | wall s | cases/s | peak RSS MB |');
  console.log('|---|---|---|---|---|');
  for (const r of results) {
    console.log(`| ${r.label} | ${r.code} | ${r.seconds.toFixed(1)} | ${(options.cases / r.seconds).toFixed(0)} | ${r.peakMb.toFixed(0)} |`);
  }
  if (heap) {
    console.log(`ours, live heap after marking (-Xmx${options.heap}): first fifth of the run ≤ ${heap.earlyMax} MB, last fifth ≤ ${heap.lateMax} MB,`
      + ` largest ${heap.max} MB, over ${heap.collections} markings`);
  }
  for (const r of results) {
    if (r.code !== 0) console.log(`${r.label} exited ${r.code}; its last output:\n${r.output.slice(-3000)}`);
  }
  if (theirs) {
    console.log(`ratios, ours / promptfoo: wall time ${(mine.seconds / theirs.seconds).toFixed(2)}×, peak RSS ${(mine.peakMb / theirs.peakMb).toFixed(2)}×`
      + ' (targets: ≤ 0.5× and ≤ 0.33×)');
  }
}

main().catch((error) => { console.error(error); process.exit(1); });
