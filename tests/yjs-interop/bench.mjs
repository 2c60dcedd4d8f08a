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
