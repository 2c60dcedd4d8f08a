// A real Yjs peer for the Java interop tests: one Y.Doc, driven by JSON lines on stdin, answering one JSON line
// each on stdout. Updates travel as hex; 'reset' starts a new document. Usage: node peer.mjs CLIENT_ID
import * as Y from 'yjs'
import * as readline from 'node:readline'

let doc, text, map, array
let last = null
let lastDelta = null
let lastKeys = null
let lastArrayDelta = null
let lastDeep = null
const reset = (clientID) => {
  doc = new Y.Doc()
  doc.clientID = clientID
  text = doc.getText('t')
  map = doc.getMap('m')
  array = doc.getArray('a')
  doc.on('update', (update) => { last = update })
  text.observe((event) => { lastDelta = event.delta })
  map.observe((event) => { lastKeys = Object.fromEntries(event.changes.keys) })
  array.observe((event) => { lastArrayDelta = event.changes.delta })
  map.observeDeep((events) => { lastDeep = events.map(deepEvent) })
}
// a deep event as our Java API reports one: path, kind and the change as that kind's own observer shows it
const deepEvent = (event) => {
  if (event instanceof Y.YTextEvent) return { path: event.path, kind: 'text', change: event.delta }
  if (event instanceof Y.YMapEvent) return { path: event.path, kind: 'map', change: Object.fromEntries(event.changes.keys) }
  return { path: event.path, kind: 'array', change: event.changes.delta }
}
const newType = (kind) => kind === 'text' ? new Y.Text() : kind === 'map' ? new Y.Map() : new Y.Array()
reset(Number(process.argv[2] ?? 1))

const hex = (u8) => Buffer.from(u8).toString('hex')
const bytes = (h) => new Uint8Array(Buffer.from(h, 'hex'))

const handle = (command) => {
  last = null
  lastDelta = null
  lastKeys = null
  lastArrayDelta = null
  lastDeep = null
  switch (command.op) {
    case 'insert': text.insert(command.index, command.text, command.attributes); break
    case 'delete': text.delete(command.index, command.length); break
    case 'format': text.format(command.index, command.length, command.attributes); break
    case 'set': map.set(command.key, command.value); break
    case 'push': array.insert(command.index, command.values); break
    case 'unset': map.delete(command.key); break
    case 'remove': array.delete(command.index, command.length); break
    case 'embed': text.insertEmbed(command.index, command.value); break
    case 'setType': map.set(command.key, newType(command.kind)); break
    case 'nestedInsert': map.get(command.key).insert(command.index, command.text); break
    case 'nestedPush': map.get(command.key).insert(command.index, command.values); break
    case 'apply': Y.applyUpdate(doc, bytes(command.update)); break
    case 'reset': reset(command.client); break
    case 'relative':
      return { position: hex(Y.encodeRelativePosition(Y.createRelativePositionFromTypeIndex(text, command.index, command.before ? -1 : 0))) }
    case 'resolve': {
      const absolute = Y.createAbsolutePositionFromRelativePosition(Y.decodeRelativePosition(bytes(command.position)), doc)
      return { index: absolute === null ? -1 : absolute.index }
    }
    case 'state':
      return { text: text.toString(), delta: text.toDelta(), map: map.toJSON(), array: array.toJSON(), sv: hex(Y.encodeStateVector(doc)),
        full: hex(Y.encodeStateAsUpdate(doc)) }
    default: throw new Error(`unknown op ${command.op}`)
  }
  return { update: last === null ? null : hex(last), delta: lastDelta, keys: lastKeys, arrayDelta: lastArrayDelta, deep: lastDeep }
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let answer
  try {
    answer = handle(JSON.parse(line))
  } catch (e) {
    answer = { error: String(e && e.message ? e.message : e) }
  }
  process.stdout.write(JSON.stringify(answer) + '\n')
})
