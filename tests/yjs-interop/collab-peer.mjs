// A Yjs client in Node beside the workbench: joins a document, reports the text it finds, appends to it.
// Usage: node collab-peer.mjs <port> <token> <document>  — prints {"seen": "..."} and exits 0 once stored.
import * as Y from 'yjs'
import { HocuspocusProvider } from '@hocuspocus/provider'
import WebSocket from 'ws'

const [port, token, name] = process.argv.slice(2)
const doc = new Y.Doc()
const provider = new HocuspocusProvider({ url: `ws://127.0.0.1:${port}/hocuspocus`, WebSocketPolyfill: WebSocket, name, document: doc, token })
const text = doc.getText('source')
const until = (check, ms = 15000) => new Promise((resolve, reject) => {
  const started = Date.now()
  const tick = () => check() ? resolve() : Date.now() - started > ms ? reject(new Error('timed out')) : setTimeout(tick, 20)
  tick()
})
try {
  await until(() => provider.isSynced && text.length > 0)
  console.log(JSON.stringify({ seen: text.toString() }))
  text.insert(text.length, ' and node')
  await until(() => !provider.hasUnsyncedChanges)
} catch (error) {
  console.log(JSON.stringify({ error: String(error) }))
  process.exitCode = 1
} finally {
  provider.destroy()
  setTimeout(() => process.exit(), 100)
}
