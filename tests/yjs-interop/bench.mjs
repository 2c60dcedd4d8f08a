// The same CRDT workloads as `promptstudio bench-crdt`, replayed by Yjs, printing one JSON line per row:
// {"row", "ms", "bytes", "loadMs"}. Usage: node bench.mjs TRACE.json.gz
import * as Y from 'yjs'
import { readFileSync } from 'node:fs'
import { gunzipSync } from 'node:zlib'

const N = 6000
const now = () => Number(process.hrtime.bigint()) / 1e6

const measure = (row, edit, check) => {
  const doc = new Y.Doc()
  doc.clientID = 1
  const text = doc.getText('text')
  const start = now()
  edit(doc, text)
  const ms = now() - start
  const update = Y.encodeStateAsUpdate(doc)
  const loadStart = now()
  const loaded = new Y.Doc()
  Y.applyUpdate(loaded, update)
  const loadedText = loaded.getText('text').toString()
  const loadMs = now() - loadStart
  if (check !== undefined && loadedText !== check) throw new Error(`${row}: wrong result`)
  console.log(JSON.stringify({ row, ms, bytes: update.length, loadMs }))
}

// a fixed pseudo-random sequence, the same one the Java side uses
let seed = 42
const nextInt = (bound) => { seed = (seed * 48271) % 2147483647; return seed % bound }

measure('B1.1 append 6000 chars', (doc, text) => { for (let i = 0; i < N; i++) doc.transact(() => text.insert(i, 'a')) })
measure('B1.2 insert 6000 chars at once', (doc, text) => doc.transact(() => text.insert(0, 'a'.repeat(N))))
measure('B1.3 prepend 6000 chars', (doc, text) => { for (let i = 0; i < N; i++) doc.transact(() => text.insert(0, 'a')) })
measure('B1.4 insert 6000 chars at random places', (doc, text) => {
  seed = 42
  for (let i = 0; i < N; i++) doc.transact(() => text.insert(nextInt(i + 1), 'a'))
})
const loadRow = (row, ms, update, check) => {
  const loadStart = now()
  const loaded = new Y.Doc()
  Y.applyUpdate(loaded, update)
  if (check !== undefined && loaded.getText('text').toString() !== check) throw new Error(`${row}: wrong result`)
  console.log(JSON.stringify({ row, ms, bytes: update.length, loadMs: now() - loadStart }))
}
const measureTwo = (row, edits) => {
  const a = new Y.Doc(); a.clientID = 1
  const b = new Y.Doc(); b.clientID = 2
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
measureTwo('B2.1 concurrently insert 6000 chars at 0', (a, b, ta, tb) => {
  a.transact(() => ta.insert(0, 'a'.repeat(N)))
  b.transact(() => tb.insert(0, 'b'.repeat(N)))
})
measureTwo('B2.2 concurrently insert 6000 chars at random places', (a, b, ta, tb) => {
  seed = 42
  for (let i = 0; i < N; i++) {
    a.transact(() => ta.insert(nextInt(i + 1), 'a'))
    b.transact(() => tb.insert(nextInt(i + 1), 'b'))
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
{
  const clients = Math.floor(Math.sqrt(N))
  const target = new Y.Doc(); target.clientID = 1000
  const start = now()
  for (let client = 0; client < clients; client++) {
    const doc = new Y.Doc(); doc.clientID = client + 1
    let update = null
    doc.on('update', (u) => { update = u })
    doc.getMap('map').set('v', client)
    Y.applyUpdate(target, update)
  }
  const ms = now() - start
  const full = Y.encodeStateAsUpdate(target)
  const loadStart = now()
  const loaded = new Y.Doc()
  Y.applyUpdate(loaded, full)
  loaded.getMap('map').toJSON()
  console.log(JSON.stringify({ row: 'B3.1 77 clients set one map key, merged', ms, bytes: full.length, loadMs: now() - loadStart }))
}
const trace = JSON.parse(gunzipSync(readFileSync(process.argv[2])).toString('utf8'))
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
