import { PMS_RATE_LIMIT_PER_MINUTE } from '../rate-limit/limiter';
import { LEGACY_LIVEKIT_URL } from './seed-config';
import { callId, guest, int, ms, orchestratorLine, pick, pmsFailing, py, service, slowVoice, type Line } from './log-lines';

/** Log lines of every other workload, each in its own program's format. */

const mediaAgent = service(
  [
    { on: (c) => c.callSuccessRatio < 0.95, share: 0.35, line: ({ r, at }) => py('ERROR', 'agent.session', `CALL_END call_id=${callId(r)} status=failed reason=${pick(r, ['livekit', 'sip'])}: ${pick(r, ['participant disconnected (SIP 408)', 'INVITE failed: 503 Service Unavailable', 'ICE connection failed'])}`)(at) },
    { on: (_c, x) => x.oomVictim, share: 0.5, line: ({ r, at }) => py('WARNING', 'agent.runtime', `memory usage ${(3.5 + r() * 0.45).toFixed(2)}GiB of 4GiB limit; audio buffers not released (leak suspected)`)(at) },
    { on: slowVoice, share: 0.25, line: ({ c, r, at }) => py('WARNING', 'agent.session', `turn slow: stt_latency=${ms(r, c.asrLatency.p95)}ms tts_latency=${ms(r, c.ttsTtfb.p95)}ms`)(at) },
    { on: (c) => !c.livekitUp, share: 0.4, line: ({ at }) => py('ERROR', 'agent.livekit', 'connection to ws://livekit.voicehive.svc.cluster.local:7880 refused; ERROR joining room, retrying in 5s')(at) },
  ],
  [
    ({ r, at }) => py('INFO', 'agent.session', `joined room call-${callId(r).slice(2)} participants=2 codec=opus`)(at),
    ({ c, r, at }) => py('INFO', 'agent.session', `turn complete stt=${ms(r, c.asrLatency.p95)}ms llm=${ms(r, c.llmLatency.p95)}ms tts=${ms(r, c.ttsTtfb.p95)}ms`)(at),
    ({ r, at }) => py('INFO', 'agent.session', `CALL_END call_id=${callId(r)} status=completed duration=${int(r, 40, 420)}s`)(at),
    ({ r, at }) => py('DEBUG', 'agent.audio', `jitter buffer ${int(r, 20, 60)}ms packet_loss=${(r() * 0.4).toFixed(2)}%`)(at),
  ],
);

const ttsRouter = service(
  [{ on: (c) => c.ttsTtfb.p95 > 0.5, share: 0.4, line: ({ c, r, at }) => py('WARNING', 'tts.router', `tts_latency=${ms(r, c.ttsTtfb.p95)}ms provider=${pick(r, ['riva', 'elevenlabs'])} cache=miss (TTFB above 500ms)`)(at) }],
  [
    ({ c, r, at }) => py('INFO', 'tts.router', `synthesize provider=${pick(r, ['riva', 'riva', 'elevenlabs'])} voice=${pick(r, ['de-DE-Female-1', 'en-GB-Male-2', 'fr-FR-Female-1'])} chars=${int(r, 20, 240)} ttfb=${ms(r, c.ttsTtfb.p95)}ms cache=${pick(r, ['miss', 'miss', 'hit'])}`)(at),
  ],
);

const rivaTime = (at: number) => {
  const d = new Date(at).toISOString();
  return `I${d.slice(5, 7)}${d.slice(8, 10)} ${d.slice(11, 23)}000`;
};
const riva: Line = ({ c, r, at }) =>
  c.asrLatency.p95 > 0.5 && r() < 0.4
    ? `W${rivaTime(at).slice(1)}    ${int(r, 90, 140)} grpc_riva_asr.cc:831] stt_latency=${ms(r, c.asrLatency.p95)}ms above target; GPU utilisation ${c.gpuUtilPercent + int(r, 0, 15)}%`
    : `${rivaTime(at)}    ${int(r, 90, 140)} grpc_riva_asr.cc:${pick(r, ['512', '647'])}] ASRService.StreamingRecognize called. language=${pick(r, ['de-DE', 'en-GB', 'fr-FR'])}`;

const connectors = service(
  [
    { on: pmsFailing, share: 0.45, line: ({ r, at }) => (r() < 0.5 ? py('ERROR', 'pms.apaleo', 'request failed: timeout after 10s GET /booking/v1/reservations?propertyId=BER')(at) : py('ERROR', 'pms.apaleo', `HTTP 503 Service Unavailable GET /inventory/v1/units (${guest(r)})`)(at)) },
    { on: (c) => c.breakers.pms_connector === 2, share: 0.3, line: ({ at }) => py('WARNING', 'pms.resilience', 'circuit breaker pms_connector OPEN: failing fast for apaleo')(at) },
    { on: (c) => c.pmsTokenExpired.length > 0, share: 0.4, line: ({ c, r, at }) => py('ERROR', `pms.${pick(r, c.pmsTokenExpired)}`, 'HTTP 401 Unauthorized GET /api/connector/v1/reservations/getAll: access token expired (invalid_token); refresh the PMS credentials')(at) },
    { on: (c) => c.pmsRateLimitStuck.length > 0, share: 0.4, line: ({ c, r, at }) => py('WARNING', 'pms.ratelimit', `rate limit exceeded for ${pick(r, c.pmsRateLimitStuck)} (over ${PMS_RATE_LIMIT_PER_MINUTE}/min); request refused before sending`)(at) },
    { on: (c) => c.dnsServfailRatio > 0.01, share: 0.2, line: ({ r, at }) => py('ERROR', 'pms.http', `connection error: [Errno -3] Temporary failure in name resolution (api.${pick(r, ['apaleo', 'mews', 'cloudbeds'])}.com), timeout`)(at) },
  ],
  [({ r, at }) => py('INFO', `pms.${pick(r, ['apaleo', 'mews', 'opera', 'cloudbeds', 'protel'])}`, `GET /booking/v1/reservations 200 ${int(r, 120, 600)}ms`)(at)],
);

const livekitAgent = service(
  [{ on: (c) => !c.livekitUp, share: 0.6, line: ({ r, at }) => py('ERROR', 'livekit.worker', `connection to ${pick(r, ['wss://livekit.voicehive.com', LEGACY_LIVEKIT_URL])} failed: connection refused (retry ${int(r, 1, 5)}/5)`)(at) }],
  [
    ({ r, at }) => py('INFO', 'livekit.worker', `job assigned room=call-${callId(r).slice(2)} agent=voicehive-agent`)(at),
    ({ at }) => py('INFO', 'livekit.worker', 'worker registered agent=voicehive-agent region=eu-central load=0.42')(at),
  ],
);

const pgTime = (at: number) => `${new Date(at).toISOString().replace('T', ' ').slice(0, 23)} UTC`;
const postgres: Line = ({ c, r, at }) => {
  const pid = `[${int(r, 200, 9000)}]`;
  if (c.pgConnectionsRatio > 0.8 && r() < 0.4) return `${pgTime(at)} ${pid} FATAL:  remaining connection slots are reserved for non-replication superuser connections`;
  if (!c.pgUp && r() < 0.6) return `${pgTime(at)} ${pid} FATAL:  the database system is in recovery mode`;
  if (r() < 0.3) return `${pgTime(at)} ${pid} LOG:  checkpoint complete: wrote ${int(r, 50, 900)} buffers (${(r() * 3).toFixed(1)}%); write=${(r() * 20).toFixed(3)} s, sync=0.004 s`;
  return `${pgTime(at)} ${pid} LOG:  duration: ${(r() * (c.apiLatency.p95 > 5 ? 4000 : 40)).toFixed(3)} ms  statement: SELECT * FROM bookings WHERE hotel_id = $1`;
};

const redisTime = (at: number) => {
  const d = new Date(at);
  const month = d.toLocaleString('en-GB', { month: 'short', timeZone: 'UTC' });
  return `${String(d.getUTCDate()).padStart(2, '0')} ${month} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
};
const redis: Line = ({ c, r, at }) =>
  !c.redisUp && r() < 0.6
    ? `1:M ${redisTime(at)} # Error accepting a client connection: Connection refused (maxclients reached or server stopping)`
    : `1:M ${redisTime(at)} * ${pick(r, ['100 changes in 300 seconds. Saving...', 'Background saving terminated with success', 'DB saved on disk'])}`;

const coredns: Line = ({ c, r }) =>
  c.dnsServfailRatio > 0.01 && r() < 0.4
    ? `[ERROR] plugin/errors: 2 api.${pick(r, ['apaleo', 'mews', 'elevenlabs'])}.com. A: read udp 10.244.0.5:${int(r, 30000, 60000)}->10.0.0.2:53: i/o timeout (SERVFAIL)`
    : `[INFO] 10.244.${int(r, 1, 3)}.${int(r, 2, 250)}:${int(r, 30000, 60000)} - ${int(r, 1, 65535)} "A IN ${pick(r, ['orchestrator', 'redis', 'postgresql'])}.voicehive.svc.cluster.local. udp 60 false 512" NOERROR qr,aa,rd 120 0.000${int(r, 100, 900)}s`;

const prometheus: Line = ({ c, r, at }) =>
  c.targetsDown.length > 0 && r() < 0.4
    ? `ts=${new Date(at).toISOString()} caller=scrape.go:1331 level=warn component="scrape manager" msg="Scrape failed" target=http://${pick(r, c.targetsDown)}.voicehive.svc:8080/metrics err="server returned HTTP status 503 Service Unavailable"`
    : `ts=${new Date(at).toISOString()} caller=head.go:1400 level=info component=tsdb msg="Head GC completed" caller=truncateMemory duration=${(r() * 5).toFixed(3)}ms`;

const cleanup: Line = ({ r, at }) => py('INFO', 'voicehive.jobs.retention', pick(r, [`deleted ${int(r, 50, 900)} recordings older than 90 days`, `anonymised ${int(r, 10, 300)} guest profiles past retention`, 'retention run complete']))(at);

/** Line generator and one line's period per app label (the container's name for jobs). */
export const services: Record<string, { line: Line; periodMs: number }> = {
  orchestrator: { line: orchestratorLine, periodMs: 700 },
  'media-agent': { line: mediaAgent, periodMs: 1_200 },
  'tts-router': { line: ttsRouter, periodMs: 1_500 },
  'riva-server': { line: riva, periodMs: 2_000 },
  connectors: { line: connectors, periodMs: 1_200 },
  'livekit-agent': { line: livekitAgent, periodMs: 3_000 },
  postgresql: { line: postgres, periodMs: 5_000 },
  redis: { line: redis, periodMs: 10_000 },
  coredns: { line: coredns, periodMs: 1_500 },
  prometheus: { line: prometheus, periodMs: 5_000 },
  cleanup: { line: cleanup, periodMs: 1_000 },
};
