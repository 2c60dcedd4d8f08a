// Sync-server load benchmark: C real Hocuspocus providers on D documents edit at a fixed rate for a bounded
// time on loopback, against our server and against Hocuspocus (both started here, one after the other, in one
// run). Prints propagation latency p50/p99 (edit on one client -> seen by another), delivered updates/s, the
// server's CPU time per delivered update (and its system part: the kernel's sockets and files), its RSS, and
// whether every document converged. With --rounds N the servers take turns N times per client count (the order
// flipped each round, so a drift of the machine hits both) and a summary line gives each figure's median over the
// rounds and the ratios of the medians.
//   node sync-bench.mjs --jar PATH --java PATH [--clients 50,200,1000] [--per-doc 10] [--interval 1000]
//                       [--seconds 20] [--warmup 5] [--rounds 1] [--idle 10000] [--servers promptstudio,hocuspocus]
//                       [--java-opts '-X...']
import * as Y from 'yjs'
import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import { spawn } from 'node:child_process'
import { createHmac } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { monitorEventLoopDelay } from 'node:perf_hooks'

const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, arg, i, all) =>
  arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs, []))
const clientCounts = (args.clients || '50,200,1000').split(',').map(Number)
const perDoc = Number(args['per-doc'] || 10)
const interval = Number(args.interval || 1000)
const seconds = Number(args.seconds || 20)
const idle = Number(args.idle || 0)
const warmup = Number(args.warmup || 5)
const rounds = Number(args.rounds || 1)
const servers = (args.servers || 'promptstudio,hocuspocus').split(',')
const secret = 'bench-secret-that-is-at-least-32-bytes'
const now = () => performance.timeOrigin + performance.now()
const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms))
const progress = (line) => process.stderr.write(line + '\n')

function token () {
  const b64 = (o) => Buffer.from(JSON.stringify(o)).toString('base64url')
  const body = b64({ alg: 'HS256', typ: 'JWT' }) + '.' + b64({ sub: 'bench', tenant: 'bench', role: 'editor', exp: Math.floor(Date.now() / 1000) + 3600 })
  return body + '.' + createHmac('sha256', secret).update(body).digest('base64url')
}

// Servers still running, killed if the bench ends early (an error must not leave one behind on the machine).
const running = new Set()
process.on('exit', () => running.forEach(child => child.kill('SIGKILL')))

/** Starts one server; resolves with its port, pid and a stop function. */
async function startServer (kind) {
  let child
  let data
  if (kind === 'promptstudio') {
    data = mkdtempSync(join(tmpdir(), 'ps-bench-'))
    const extra = args['java-opts'] ? args['java-opts'].split(' ') : []
    // The flags docs/sync-server.md recommends for a server: a small heap with the serial collector, and the C heap
    // trimmed every 5 s (glibc keeps what the JIT compilers freed).
    child = spawn(args.java || 'java', ['-XX:+UseSerialGC', '-Xms32m', '-Xmx512m', '-XX:TrimNativeHeapInterval=5000', '--enable-native-access=ALL-UNNAMED', ...extra, '-jar', args.jar], {
      env: { ...process.env, PROMPTSTUDIO_PORT: '0', PROMPTSTUDIO_DATA_DIR: data, PROMPTSTUDIO_JWT_SECRET: secret,
        // every bench client comes from one loopback address, as they would through a reverse proxy
        PROMPTSTUDIO_MAX_CONNECTIONS_PER_TENANT: '100000', PROMPTSTUDIO_MAX_CONNECTIONS_PER_IP: '100000' },
      stdio: ['ignore', 'pipe', 'inherit']
    })
  } else {
    child = spawn(process.execPath, [new URL('./hocuspocus-server.mjs', import.meta.url).pathname], { stdio: ['ignore', 'pipe', 'inherit'] })
  }
  running.add(child)
  child.once('exit', () => running.delete(child))
  const lines = createInterface({ input: child.stdout })
  const port = await new Promise((resolve, reject) => {
    lines.on('line', (line) => {
      const match = /"port"\s*:\s*"?(\d+)/.exec(line)
      if (match) resolve(Number(match[1]))
    })
    child.on('exit', (code) => reject(new Error(kind + ' exited with ' + code)))
  })
  const stop = async () => {
    if (running.has(child)) {
      const exited = new Promise(resolve => child.once('exit', resolve))
      child.kill('SIGTERM')
      const forced = setTimeout(() => child.kill('SIGKILL'), 20000)
      await exited
      clearTimeout(forced)
    }
    if (data) rmSync(data, { recursive: true, force: true })
  }
  return { port, pid: child.pid, stop, url: `ws://127.0.0.1:${port}` + (kind === 'promptstudio' ? '/hocuspocus' : '') }
}

const ticks = 100
/** The process's CPU seconds so far: user and system (the kernel's work for it: sockets, files, memory). */
function cpuSeconds (pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return { user: Number(fields[11]) / ticks, system: Number(fields[12]) / ticks }
}
/** CPU seconds of each thread of a process, by thread name (digits folded), for --threads. */
function threadCpu (pid) {
  const byName = {}
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8')
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+/g, 'N')
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      byName[name] = (byName[name] || 0) + (Number(fields[11]) + Number(fields[12])) / ticks
    } catch { }
  }
  return byName
}
function rssMb (pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024
}
/** Our server's storage-commit histogram (cumulative counts by upper bound in seconds), from its /metrics. */
async function storageCommits (server) {
  const text = await (await fetch(`http://127.0.0.1:${server.port}/metrics`)).text()
  return Object.fromEntries([...text.matchAll(/promptstudio_storage_commit_seconds_bucket\{le="([^"]+)"\} (\d+)/g)]
    .map(([, bound, count]) => [bound, Number(count)]))
}
function percentile (sorted, p) {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

async function loadRun (kind, clients) {
  const server = await startServer(kind)
  const docs = Math.max(1, Math.ceil(clients / perDoc))
  const jwt = token()
  const peers = []
  for (let i = 0; i < clients; i++) {
    // Consecutive clients share a document: a server that hands connections to its threads in turn gets each
    // document's members on all of them, as with real users (i % docs would put them all on one thread).
    const name = `doc-${Math.floor(i / perDoc)}`
    const doc = new Y.Doc()
    const provider = new HocuspocusProvider({ url: server.url, WebSocketPolyfill: WebSocket, name: `bench/${name}`,
      document: doc, token: jwt, awareness: null })
    peers.push({ doc, provider, name })
    if (i % 50 === 49) await sleep(50)
  }
  const started = Date.now()
  while (peers.some(p => !p.provider.isSynced)) {
    if (Date.now() - started > 60000) throw new Error(`${kind}: only ${peers.filter(p => p.provider.isSynced).length}/${clients} synced`)
    await sleep(50)
  }
  const samples = [] // [sent, latency ms] of every delivery in the window
  let measuring = false
  for (const peer of peers) {
    const stamps = peer.doc.getMap('stamps')
    stamps.observe((event, transaction) => {
      if (transaction.local || !measuring) return
      for (const key of event.keysChanged) {
        if (key !== String(peer.doc.clientID)) {
          samples.push([stamps.get(key), now() - stamps.get(key)])
        }
      }
    })
  }
  let edits = 0
  const timers = peers.map((peer, i) => setTimeout(function edit () {
    peer.doc.transact(() => {
      peer.doc.getText('source').insert(0, 'x')
      peer.doc.getMap('stamps').set(String(peer.doc.clientID), now())
    })
    if (measuring) edits++
    timers[i] = setTimeout(edit, interval)
  }, Math.random() * interval))
  // Both servers edit through the same warm-up before the window (a JVM compiles its hot code meanwhile). The
  // window opens with a read of our /metrics; a first HTTP request on the network thread would recompile its
  // loop (the JIT had seen WebSocket channels only) and stall every client at the window's start, so one read
  // comes first, as a monitoring scrape would have made long before.
  if (kind === 'promptstudio') {
    await sleep(warmup * 500)
    await storageCommits(server)
    await sleep(warmup * 500)
  } else {
    await sleep(warmup * 1000)
  }
  // read before the window opens: serving /metrics must not land in the measured latencies
  const commitsBefore = kind === 'promptstudio' ? await storageCommits(server) : null
  measuring = true
  const cpuBefore = cpuSeconds(server.pid)
  const threadsBefore = threadCpu(server.pid)
  // The generator's own share of every latency: how late its event loop ran, and how busy it was.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 })
  loopDelay.enable()
  const generatorCpuBefore = process.cpuUsage()
  const t0 = now()
  await sleep(seconds * 1000)
  const elapsed = (now() - t0) / 1000
  const cpuAfter = cpuSeconds(server.pid)
  const systemCpu = cpuAfter.system - cpuBefore.system
  const cpu = cpuAfter.user - cpuBefore.user + systemCpu
  loopDelay.disable()
  const generatorCpu = process.cpuUsage(generatorCpuBefore)
  progress(`  load generator: ${((generatorCpu.user + generatorCpu.system) / 1e6 / elapsed * 100).toFixed(0)} % of a core, ` +
    `event-loop delay p50 ${(loopDelay.percentile(50) / 1e6).toFixed(1)} ms, p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(0)} ms`)
  if (args.threads) {
    const after = threadCpu(server.pid)
    const spent = Object.entries(after).map(([name, s]) => [name, s - (threadsBefore[name] || 0)]).filter(([, s]) => s > 0.01)
    progress(`  ${kind} CPU by thread: ` + spent.sort((a, b) => b[1] - a[1]).map(([n, s]) => `${n} ${s.toFixed(2)} s`).join(', '))
  }
  const rss = rssMb(server.pid)
  measuring = false
  if (commitsBefore) {
    // where the writes' share of the latency tail would show: commits slower than 1 ms in the window
    const after = await storageCommits(server)
    const within = (bound) => after[bound] - commitsBefore[bound]
    const total = within('+Inf')
    progress(`  promptstudio storage commits in the window: ${total}, over 1 ms: ${total - within('0.001')}, over 5 ms: ${total - within('0.005')}`)
  }
  timers.forEach(clearTimeout)
  let converged = false
  const quietStart = Date.now()
  while (!converged && Date.now() - quietStart < 30000) {
    await sleep(500)
    const byDoc = new Map()
    for (const peer of peers) {
      const vector = Buffer.from(Y.encodeStateVector(peer.doc)).toString('hex')
      if (!byDoc.has(peer.name)) byDoc.set(peer.name, new Set())
      byDoc.get(peer.name).add(vector)
    }
    converged = [...byDoc.values()].every(set => set.size === 1)
  }
  peers.forEach(p => { p.provider.destroy(); p.doc.destroy() })
  await server.stop()
  const delivered = samples.length
  const latencies = samples.map(([, latency]) => latency).sort((a, b) => a - b)
  if (args.timeline) {
    // the worst 100 ms slices of the window: a stall shows as one slice, a broad tail as many
    const slices = new Map()
    for (const [sent, latency] of samples) {
      const slice = Math.floor((sent - t0) / 100)
      slices.set(slice, Math.max(slices.get(slice) || 0, latency))
    }
    const worst = [...slices.entries()].sort((a, b) => b[1] - a[1]).slice(0, 8)
    progress(`  ${kind} worst 100 ms slices (s into the window: max latency ms): ` + worst.map(([slice, max]) => `${(slice / 10).toFixed(1)}: ${max.toFixed(0)}`).join(', '))
  }
  return { server: kind, clients, docs, editsPerSecond: edits / elapsed, deliveredPerSecond: delivered / elapsed,
    p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), cpuMicrosPerDelivered: (cpu * 1e6) / Math.max(1, delivered),
    systemMicrosPerDelivered: (systemCpu * 1e6) / Math.max(1, delivered),
    rssMb: rss, converged }
}

/** Opens N raw connections that authenticate and sync one document each, then sits idle; returns the server's RSS. */
async function idleRun (kind, count) {
  const server = await startServer(kind)
  const jwt = token()
  const before = rssMb(server.pid)
  const sockets = []
  let ready = 0
  for (let i = 0; i < count; i++) {
    const name = `bench/idle-${i % 100}`
    const socket = new WebSocket(server.url)
    socket.binaryType = 'arraybuffer'
    socket.on('open', () => {
      const auth = encoding.createEncoder()
      encoding.writeVarString(auth, name); encoding.writeVarUint(auth, 2); encoding.writeVarUint(auth, 0); encoding.writeVarString(auth, jwt)
      socket.send(encoding.toUint8Array(auth))
      const step1 = encoding.createEncoder()
      encoding.writeVarString(step1, name); encoding.writeVarUint(step1, 0); syncProtocol.writeSyncStep1(step1, new Y.Doc())
      socket.send(encoding.toUint8Array(step1))
    })
    let counted = false
    socket.on('message', () => { if (!counted) { counted = true; ready++ } })
    socket.on('error', () => {})
    sockets.push(socket)
    if (i % 200 === 199) await sleep(20)
  }
  const started = Date.now()
  while (ready < count && Date.now() - started > -1) {
    if (Date.now() - started > 120000) break
    await sleep(200)
  }
  await sleep(3000)
  const rss = rssMb(server.pid)
  sockets.forEach(s => s.terminate())
  await server.stop()
  return { server: kind, idleConnections: ready, of: count, rssMbBefore: before, rssMb: rss }
}

const results = []
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}
const figures = ['p50', 'p99', 'cpuMicrosPerDelivered', 'systemMicrosPerDelivered', 'rssMb']

/** Each server's median figures over the rounds, and ours over the reference's where both ran. */
function summary (clients, rows) {
  const line = { summary: true, clients, rounds }
  for (const kind of servers) {
    const own = rows.filter(row => row.server === kind)
    line[kind] = Object.fromEntries(figures.map(figure => [figure, median(own.map(row => row[figure]))]))
    line[kind].converged = own.every(row => row.converged)
  }
  if (line.promptstudio && line.hocuspocus) {
    line.ratio = Object.fromEntries(figures.map(figure => [figure, line.promptstudio[figure] / line.hocuspocus[figure]]))
    line.p99RatioByRound = [...Array(rounds).keys()].map(round => {
      const [ours, theirs] = ['promptstudio', 'hocuspocus'].map(kind => rows.find(row => row.round === round + 1 && row.server === kind))
      return ours.p99 / theirs.p99
    })
  }
  return line
}

for (const clients of clientCounts) {
  const rows = []
  for (let round = 1; round <= rounds; round++) {
    for (const kind of round % 2 ? servers : [...servers].reverse()) {
      progress(`${kind}: ${clients} clients on ${Math.ceil(clients / perDoc)} documents, one edit each per ${interval} ms, ${seconds} s` +
        (rounds > 1 ? `, round ${round} of ${rounds}` : '') + ' ...')
      const row = { ...(await loadRun(kind, clients)), round }
      rows.push(row)
      results.push(row)
      console.log(JSON.stringify(row))
    }
  }
  if (rounds > 1) console.log(JSON.stringify(summary(clients, rows)))
}
if (idle > 0) {
  for (const kind of servers) {
    progress(`${kind}: ${idle} idle connections ...`)
    const row = await idleRun(kind, idle)
    results.push(row)
    console.log(JSON.stringify(row))
  }
}
process.exit(0)
