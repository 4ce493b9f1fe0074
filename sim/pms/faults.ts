import { sendText, type Route } from '../router';

/**
 * Test fixtures for the console's PMS health probe: endpoints that misbehave the ways a real (or
 * hostile) health URL can, so tests can point the probe at them and check its SSRF and fault
 * handling. Not a model of any vendor; `pmsFaults: false` leaves them out of the server.
 *
 * - `GET /pms-faults/redirect-other-host`: 302 to the cloud metadata address (a probe must not follow it).
 * - `GET /pms-faults/hang`: never answers; the request ends only when the client aborts (or the server closes).
 * - `GET /pms-faults/huge`: 200 application/json, a 5 MiB body streamed in chunks (no content-length).
 * - `GET /pms-faults/not-json`: 200 text/plain `OK`.
 */
export const METADATA_URL = 'http://169.254.169.254/latest/meta-data/';
export const HUGE_BYTES = 5 * 1024 * 1024;
const CHUNK_BYTES = 64 * 1024;

export function createPmsFaultRoutes(): Route[] {
  return [
    {
      method: 'GET',
      path: '/pms-faults/redirect-other-host',
      handle: ({ res }) => {
        res.writeHead(302, { location: METADATA_URL, 'cache-control': 'no-store' });
        res.end();
      },
    },
    {
      method: 'GET',
      path: '/pms-faults/hang',
      // Nothing written, nothing held: the socket closes with the client or with the server's close().
      handle: () => undefined,
    },
    {
      method: 'GET',
      path: '/pms-faults/huge',
      handle: ({ req, res }) => {
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
        if (req.method === 'HEAD') return void res.end();
        // {"padding":"xxx…"}: valid JSON of exactly HUGE_BYTES bytes, written with backpressure.
        const head = '{"padding":"';
        const tail = '"}';
        let left = HUGE_BYTES - head.length - tail.length;
        const filler = Buffer.alloc(CHUNK_BYTES, 'x');
        const pump = () => {
          while (left > 0 && !res.destroyed) {
            const size = Math.min(left, CHUNK_BYTES);
            left -= size;
            if (!res.write(size === CHUNK_BYTES ? filler : filler.subarray(0, size))) return void res.once('drain', pump);
          }
          if (!res.destroyed) res.end(tail);
        };
        res.write(head);
        pump();
      },
    },
    { method: 'GET', path: '/pms-faults/not-json', handle: ({ res }) => sendText(res, 200, 'OK') },
  ];
}
