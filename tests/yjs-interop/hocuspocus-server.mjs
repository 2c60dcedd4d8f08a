// The reference server for the sync benchmark: Hocuspocus from npm with no extensions (documents in memory,
// no authentication), printing its port as one JSON line.
import { Server } from '@hocuspocus/server'

const server = new Server({ port: Number(process.argv[2] || 0), quiet: true })
await server.listen()
console.log(JSON.stringify({ port: server.address.port }))
process.on('SIGTERM', async () => { await server.destroy(); process.exit(0) })
