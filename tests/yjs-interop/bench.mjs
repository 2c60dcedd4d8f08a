// The same CRDT workloads as `promptstudio bench-crdt`, replayed by Yjs, printing one JSON line per row:
// {"row", "ms", "bytes", "loadMs"}. Usage: node bench.mjs TRACE.json.gz [WARMUPS] [RUNS]: every workload runs
// WARMUPS times (default 1) unreported, then RUNS times (default 1) reported, as on the Java side.
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

const N = 6000
const now = () => Number(process.hrtime.bigint()) / 1e6
// Every edited document hands each change's update to a listener, as crdt-benchmarks' Yjs adapter does and as
// our Java API returns it from every change: encoding the update is part of an edit's cost on both sides.
let updateBytes = 0
const listened = (doc) => { doc.on('update', (update) => { updateBytes += update.length }); return doc }

// one client edits; the document is encoded and loaded into a new one, whose content must be the same
const measureContent = (row, edit, content, check) => {
  const doc = listened(new Y.Doc())
  doc.clientID = 1
  const start = now()
  edit(doc)
  const ms = now() - start
  const update = Y.encodeStateAsUpdate(doc)
  const loadStart = now()
  const loaded = new Y.Doc()
  Y.applyUpdate(loaded, update)
  const loadedContent = content(loaded)
  const loadMs = now() - loadStart
  if (JSON.stringify(loadedContent) !== JSON.stringify(content(doc))) throw new Error(`${row}: the loaded document differs`)
  if (check !== undefined && loadedContent !== check) throw new Error(`${row}: wrong result`)
  report({ row, ms, bytes: update.length, loadMs })
}
const measure = (row, edit, check) => measureContent(row, (doc) => edit(doc, doc.getText('text')), (doc) => doc.getText('text').toString(), check)
const measureArray = (row, edit) => measureContent(row, (doc) => edit(doc, doc.getArray('array')), (doc) => doc.getArray('array').toJSON())

// a fixed pseudo-random sequence, the same one the Java side uses
let seed = 42
const nextInt = (bound) => { seed = (seed * 48271) % 2147483647; return seed % bound }
const word = () => {
  const length = 2 + nextInt(9)
  let word = ''
  for (let i = 0; i < length; i++) word += String.fromCharCode(97 + nextInt(26))
  return word
}

const trace = JSON.parse(gunzipSync(readFileSync(process.argv[2])).toString('utf8'))
const warmups = Number(process.argv[3] ?? 1)
const runs = Number(process.argv[4] ?? 1)
let report = () => {}
// the rows of one or two edits, measured this many times per run and the median kept, as on the Java side
const SINGLE_EDIT_REPEATS = 25
const repeated = (measureRow) => {
  const reportNow = report
  const rows = []
  report = (row) => rows.push(row)
  for (let i = 0; i < SINGLE_EDIT_REPEATS; i++) measureRow()
  report = reportNow
  rows.sort((a, b) => a.ms - b.ms)
  report(rows[Math.floor(rows.length / 2)])
}
for (let round = 0; round < warmups + runs; round++) {
  if (round === warmups) report = (row) => console.log(JSON.stringify(row))
  measure('B1.1 append 6000 chars', (doc, text) => { for (let i = 0; i < N; i++) doc.transact(() => text.insert(i, 'a')) })
  repeated(() => measure('B1.2 insert 6000 chars at once', (doc, text) => doc.transact(() => text.insert(0, 'a'.repeat(N)))))
  measure('B1.3 prepend 6000 chars', (doc, text) => { for (let i = 0; i < N; i++) doc.transact(() => text.insert(0, 'a')) })
  measure('B1.4 insert 6000 chars at random places', (doc, text) => {
    seed = 42
    for (let i = 0; i < N; i++) doc.transact(() => text.insert(nextInt(i + 1), 'a'))
  })
  measure('B1.5 insert 6000 words at random places', (doc, text) => {
    seed = 42
    for (let i = 0; i < N; i++) {
      const position = nextInt(text.length + 1)
      const w = word()
      doc.transact(() => text.insert(position, w))
    }
  })
  repeated(() => measure('B1.6 insert 6000 chars, then delete them', (doc, text) => {
    doc.transact(() => text.insert(0, 'a'.repeat(N)))
    doc.transact(() => text.delete(0, N))
  }))
  measure('B1.7 insert and delete words at random places', (doc, text) => {
    seed = 42
    for (let i = 0; i < N; i++) {
      const length = text.length
      if (length > 0 && nextInt(2) === 0) {
        const position = nextInt(length)
        const count = Math.min(1 + nextInt(9), length - position)
        doc.transact(() => text.delete(position, count))
      } else {
        const position = nextInt(length + 1)
        const w = word()
        doc.transact(() => text.insert(position, w))
      }
    }
  })
  measureArray('B1.8 append 6000 numbers', (doc, array) => { for (let i = 0; i < N; i++) doc.transact(() => array.insert(i, [i])) })
  repeated(() => measureArray('B1.9 insert 6000 numbers at once', (doc, array) => doc.transact(() => array.insert(0, Array.from({ length: N }, (_, i) => i)))))
  measureArray('B1.10 prepend 6000 numbers', (doc, array) => { for (let i = 0; i < N; i++) doc.transact(() => array.insert(0, [i])) })
  measureArray('B1.11 insert 6000 numbers at random places', (doc, array) => {
    seed = 42
    for (let i = 0; i < N; i++) doc.transact(() => array.insert(nextInt(i + 1), [i]))
  })
  const loadRow = (row, ms, update, check) => {
    const loadStart = now()
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, update)
    if (check !== undefined && loaded.getText('text').toString() !== check) throw new Error(`${row}: wrong result`)
    report({ row, ms, bytes: update.length, loadMs: now() - loadStart })
  }
  const measureTwo = (row, edits) => {
    const a = listened(new Y.Doc()); a.clientID = 1
    const b = listened(new Y.Doc()); b.clientID = 2
    const start = now()
    edits(a, b, a.getText('text'), b.getText('text'))
    const forB = Y.encodeStateAsUpdate(a, Y.encodeStateVector(b))
    const forA = Y.encodeStateAsUpdate(b, Y.encodeStateVector(a))
    Y.applyUpdate(a, forA)
    Y.applyUpdate(b, forB)
    const ms = now() - start
    if (a.getText('text').toString() !== b.getText('text').toString()) throw new Error(`${row}: did not converge`)
    loadRow(row, ms, Y.encodeStateAsUpdate(a), a.getText('text').toString())
  }
  repeated(() => measureTwo('B2.1 concurrently insert 6000 chars at 0', (a, b, ta, tb) => {
    a.transact(() => ta.insert(0, 'a'.repeat(N)))
    b.transact(() => tb.insert(0, 'b'.repeat(N)))
  }))
  measureTwo('B2.2 concurrently insert 6000 chars at random places', (a, b, ta, tb) => {
    seed = 42
    for (let i = 0; i < N; i++) {
      a.transact(() => ta.insert(nextInt(i + 1), 'a'))
      b.transact(() => tb.insert(nextInt(i + 1), 'b'))
    }
  })
  measureTwo('B2.3 concurrently insert 6000 words at random places', (a, b, ta, tb) => {
    seed = 42
    for (let i = 0; i < N; i++) {
      for (const [doc, text] of [[a, ta], [b, tb]]) {
        const position = nextInt(text.length + 1)
        const w = word()
        doc.transact(() => text.insert(position, w))
      }
    }
  })
  measureTwo('B2.4 concurrently insert and delete at random places', (a, b, ta, tb) => {
    seed = 42
    for (let i = 0; i < N; i++) {
      for (const [doc, text] of [[a, ta], [b, tb]]) {
        const length = text.length
        if (length > 0 && nextInt(2) === 0) doc.transact(() => text.delete(nextInt(length), 1))
        else doc.transact(() => text.insert(nextInt(length + 1), 'x'))
      }
    }
  })
  // √N clients each make one change; every update is applied to one document
  const measureMany = (row, change, content) => {
    const clients = Math.floor(Math.sqrt(N))
    const target = new Y.Doc(); target.clientID = 1000
    const start = now()
    for (let client = 0; client < clients; client++) {
      const doc = new Y.Doc(); doc.clientID = client + 1
      let update = null
      doc.on('update', (u) => { update = u })
      change(doc, client)
      Y.applyUpdate(target, update)
    }
    const ms = now() - start
    const full = Y.encodeStateAsUpdate(target)
    const loadStart = now()
    const loaded = new Y.Doc()
    Y.applyUpdate(loaded, full)
    const loadedContent = content(loaded)
    const loadMs = now() - loadStart
    if (JSON.stringify(loadedContent) !== JSON.stringify(content(target))) throw new Error(`${row}: the loaded document differs`)
    report({ row, ms, bytes: full.length, loadMs })
  }
  const mapContent = (doc) => doc.getMap('map').toJSON()
  measureMany('B3.1 77 clients set a number in one map key', (doc, client) => doc.getMap('map').set('v', client), mapContent)
  measureMany('B3.2 77 clients set an object in one map key', (doc, client) =>
    doc.getMap('map').set('v', { client, name: `client ${client}`, active: true }), mapContent)
  seed = 42
  measureMany('B3.3 77 clients set a string in one map key', (doc) => doc.getMap('map').set('v', word()), mapContent)
  seed = 42
  measureMany('B3.4 77 clients insert a word into one array', (doc) => doc.getArray('array').insert(0, [word()]), (doc) => doc.getArray('array').toJSON())
  measure('B4 real editing trace (259,778 edits)', (doc, text) => {
    for (const txn of trace.txns) {
      doc.transact(() => {
        for (const [pos, del, ins] of txn.patches) {
          if (del > 0) text.delete(pos, del)
          if (ins.length > 0) text.insert(pos, ins)
        }
      })
    }
  }, trace.endContent)
}
if (updateBytes === 0) throw new Error('the edits produced no updates')
