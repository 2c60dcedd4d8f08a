// Real Yjs providers from npm against our sync server: a Hocuspocus provider and a y-websocket provider edit
// one document, see each other's presence, and survive a server restart (driven by the Java test on stdin).
// Usage: node providers.mjs <port> <token>   — prints one JSON object per line.
import * as Y from 'yjs'
import { HocuspocusProvider } from '@hocuspocus/provider'
import { WebsocketProvider } from 'y-websocket'
import WebSocket from 'ws'
import { createInterface } from 'node:readline'

const [port, token] = process.argv.slice(2)
const say = (event) => console.log(JSON.stringify(event))
const until = (check, what, ms = 15000) => new Promise((resolve, reject) => {
  const started = Date.now()
  const tick = () => {
    if (check()) return resolve()
    if (Date.now() - started > ms) return reject(new Error('timed out waiting for ' + what))
    setTimeout(tick, 20)
  }
  tick()
})
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]()

const docA = new Y.Doc()
const hocuspocus = new HocuspocusProvider({ url: `ws://127.0.0.1:${port}/hocuspocus`, WebSocketPolyfill: WebSocket,
  name: 'team/live.pstudio', document: docA, token })
const docB = new Y.Doc()
const ywebsocket = new WebsocketProvider(`ws://127.0.0.1:${port}/yjs`, 'team/live.pstudio', docB,
  { WebSocketPolyfill: WebSocket, params: { token } })

try {
  await until(() => hocuspocus.isSynced && ywebsocket.synced, 'both providers to sync')
  say({ event: 'synced', scope: hocuspocus.authorizedScope })
  docA.getText('source').insert(0, 'one')
  await until(() => docB.getText('source').toString() === 'one', 'y-websocket to see the Hocuspocus edit')
  docB.getText('source').insert(3, ' two')
  await until(() => docA.getText('source').toString() === 'one two', 'Hocuspocus to see the y-websocket edit')
  await until(() => !hocuspocus.hasUnsyncedChanges, 'the server to acknowledge the Hocuspocus edits')
  hocuspocus.setAwarenessField('user', { name: 'ann' })
  await until(() => [...ywebsocket.awareness.getStates().values()].some(s => s.user?.name === 'ann'), 'presence to reach y-websocket')
  say({ event: 'edited', text: docA.getText('source').toString() })

  await until(() => ywebsocket.wsconnected === false, 'the server to go away', 30000)
  docA.getText('source').insert(0, 'offline ')
  say({ event: 'offline-edit' })
  const next = await lines.next()
  if (next.value !== 'restarted') throw new Error('expected "restarted" on stdin, got ' + next.value)
  await until(() => docB.getText('source').toString() === 'offline one two', 'the offline edit to arrive after the restart', 30000)
  await until(() => !hocuspocus.hasUnsyncedChanges, 'the offline edit to be acknowledged', 30000)
  const same = Buffer.from(Y.encodeStateVector(docA)).equals(Buffer.from(Y.encodeStateVector(docB)))
  say({ event: 'converged', textA: docA.getText('source').toString(), textB: docB.getText('source').toString(), sameStateVector: same })
} catch (error) {
  say({ event: 'error', message: String(error && error.message || error), hocuspocusSynced: hocuspocus.isSynced,
    hocuspocusAuthenticated: hocuspocus.isAuthenticated, unsynced: hocuspocus.unsyncedChanges, ywebsocketSynced: ywebsocket.synced,
    ywebsocketConnected: ywebsocket.wsconnected })
  process.exitCode = 1
} finally {
  hocuspocus.destroy()
  ywebsocket.destroy()
  setTimeout(() => process.exit(), 100)
}
