// @ts-check
// Starts the console: Next.js's request handler behind a plain Node HTTP server (`npm start`, the
// demo, the tests, the container). Use this, not `next start`.
//
// Why a server of our own: the client's address must come from the TCP socket. Next.js hands route
// handlers no socket, and `next start` copies the peer address into X-Forwarded-For only when the client
// did not send that header itself, so a client can write any address it likes into the audit log and
// dodge the per-client sign-in throttle. Here every request runs inside an AsyncLocalStorage holding
// `req.socket.remoteAddress` (read by lib/server/peer-address.ts); no header is involved, so there is
// nothing for a client to forge. Behind trusted proxies, TRUSTED_PROXY_HOPS says which
// X-Forwarded-For entry to use instead (lib/auth/client-address.ts).
//
//   node server.mjs [--hostname 127.0.0.1] [--port 3000] [--dev]
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import http from 'node:http';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    hostname: { type: 'string', short: 'H', default: '127.0.0.1' },
    port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' },
    dev: { type: 'boolean', default: false },
  },
});
const hostname = values.hostname ?? '127.0.0.1';
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`[voicehive-ops] --port must be a port number, not ${values.port}`);
  process.exit(1);
}
const dev = values.dev === true;
// Next.js reads NODE_ENV when it loads: set it (as `next start` and `next dev` do) before importing it.
Object.assign(process.env, { NODE_ENV: dev ? 'development' : 'production' });

/** @type {AsyncLocalStorage<{ address: string | null }>} */
const peer = new AsyncLocalStorage();
// Set before Next.js loads: instrumentation refuses to start in production without it.
Object.assign(globalThis, { __voicehivePeer: peer });

// In the standalone output (the container image: .next/standalone, without next.config.ts and the
// TypeScript to load it), the configuration comes from the build, as Next.js's own standalone server.js does.
if (!dev && !process.env.__NEXT_PRIVATE_STANDALONE_CONFIG && !fs.existsSync('next.config.ts') && fs.existsSync('.next/required-server-files.json')) {
  const { config } = JSON.parse(fs.readFileSync('.next/required-server-files.json', 'utf8'));
  process.env.__NEXT_PRIVATE_STANDALONE_CONFIG = JSON.stringify(config);
}

const { default: next } = await import('next');
const app = next({ dev, hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  // Requests by route and status (lib/server/http-metrics.ts installs the observer at start).
  const started = process.hrtime.bigint();
  res.once('finish', () => {
    const observe = /** @type {{ __voicehiveObserveRequest?: (method: string | undefined, url: string | undefined, status: number, seconds: number) => void }} */ (globalThis).__voicehiveObserveRequest;
    observe?.(req.method, req.url, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
  });
  peer.run({ address: req.socket.remoteAddress ?? null }, () => {
    const failed = (/** @type {unknown} */ error) => {
      console.error('[voicehive-ops] request failed:', error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error; see the console server log.');
    };
    // Issue 16: polls of GET /api/sections[/<id>] by a session validated moments ago are answered from the
    // snapshot's precompressed bytes without Next's pipeline (lib/server/fast-sections.ts, installed at start);
    // it answers false for anything else, which Next handles as before.
    const fast = /** @type {{ __voicehiveFastPath?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean | Promise<boolean> }} */ (globalThis).__voicehiveFastPath;
    const served = fast?.(req, res) ?? false;
    if (served === false) handle(req, res).catch(failed);
    else if (served !== true) served.then((done) => (done ? undefined : handle(req, res))).catch(failed);
  });
});
// Hot reloading in development talks over a WebSocket.
if (dev) server.on('upgrade', app.getUpgradeHandler());

server.listen(port, hostname, () => {
  console.log(`[voicehive-ops] listening on http://${hostname}:${port} (${dev ? 'development' : 'production'})`);
});

// Graceful shutdown (SIGTERM from Kubernetes or a process manager, Ctrl-C): stop accepting connections,
// then the console's own shutdown (lib/server/shutdown.ts: readiness turns 503, no new action starts, running
// actions get SHUTDOWN_GRACE_MS to finish or are marked interrupted, leases are released, the store is
// closed last), then exit 0. A second signal exits at once.
const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? 20_000);
/** @typedef {{ finished: string[]; interrupted: string[]; failedHooks: { name: string; error: string }[] }} ShutdownReport */
let stopping = false;
for (const signal of /** @type {const} */ (['SIGTERM', 'SIGINT'])) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log(`[voicehive-ops] ${signal}: shutting down (running work gets up to ${graceMs} ms)`);
    const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
    server.closeIdleConnections();
    void (async () => {
      let code = 0;
      try {
        // Installed by lib/server/shutdown.ts (loaded at start by instrumentation-node.ts).
        const run = /** @type {{ __voicehiveRunShutdown?: (graceMs: number) => Promise<ShutdownReport> }} */ (globalThis).__voicehiveRunShutdown;
        if (run) {
          const report = await run(Number.isFinite(graceMs) && graceMs >= 0 ? graceMs : 20_000);
          console.log(`[voicehive-ops] shutdown: ${report.finished.length} running work finished, ${report.interrupted.length} interrupted${report.interrupted.length ? ` (${report.interrupted.join(', ')})` : ''}`);
          for (const { name, error } of report.failedHooks) console.error(`[voicehive-ops] shutdown: ${name} failed: ${error}`);
          if (report.failedHooks.length > 0) code = 1;
        }
        // Requests still open after the work is done (a long poll, a stream) are ended.
        server.closeAllConnections();
        await closed;
        await app.close();
      } catch (error) {
        console.error('[voicehive-ops] shutdown failed:', error);
        code = 1;
      }
      console.log(`[voicehive-ops] stopped (exit ${code})`);
      process.exit(code);
    })();
  });
}
