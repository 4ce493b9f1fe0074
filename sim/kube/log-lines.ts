import type { Conditions } from '../conditions';

/**
 * One log line of a VoiceHive service (Python logging format) at a moment, given what the estate
 * was doing then. Problem lines carry the words the runbooks' log panels filter on (CALL_END …
 * failed, circuit breaker, rate_limit_exceeded, LATENCY:, region_violation, connection pool …), and
 * some ERROR lines carry guests' emails, phone numbers or card numbers, which the console must mask.
 */

export interface LineInput {
  c: Conditions;
  r: () => number;
  at: number;
  /** This pod is the one the oom-loop scenario kills. */
  oomVictim: boolean;
}

type Line = (x: LineInput) => string;

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)]!;
const int = (r: () => number, min: number, max: number) => Math.floor(min + r() * (max - min + 1));
const callId = (r: () => number) => `CA${Math.floor(r() * 0xffffffff).toString(16).padStart(8, '0')}`;
const hotel = (r: () => number) => `h_${String(int(r, 1, 480)).padStart(4, '0')}`;

export const EMAILS = ['anna.schmidt@example.com', 'j.dupont@hotel-lumiere.fr', 'marco.rossi@gmail.com', 'frontdesk@hotel-adlon.de'];
export const PHONES = ['+49 30 1234 5678', '+33 6 12 34 56 78', '+44 20 7946 0958', '+39 06 6988 1234'];
export const CARDS = ['4111 1111 1111 1111', '5500-0000-0000-0004', '4012888888881881'];
/** The credential-stuffing sources of the suspicious-activity scenario; blocking one ends it. */
export const ATTACKER_IPS = ['203.0.113.45', '198.51.100.23', '192.0.2.77'];

const guest = (r: () => number) => `guest ${pick(r, EMAILS)} (${pick(r, PHONES)})`;
const ms = (r: () => number, p95Seconds: number) => Math.round(p95Seconds * 1000 * (0.55 + 0.45 * r()));

/** Python's `%(asctime)s` for a UTC clock. */
export function pyTime(at: number): string {
  const iso = new Date(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)},${iso.slice(20, 23)}`;
}

const py = (level: string, logger: string, message: string) => (at: number) => `${pyTime(at)} ${level} [${logger}] ${message}`;

/** Each problem: whether it is on, the share of lines it takes, and its lines. */
interface Problem {
  on(c: Conditions, x: LineInput): boolean;
  share: number;
  line: Line;
}

const slowVoice = (c: Conditions) => c.responseLatency.p95 > 1.5 || c.asrLatency.p95 > 0.5 || c.ttsTtfb.p95 > 0.5;
const pmsFailing = (c: Conditions) => Object.values(c.pmsFailure).some((f) => f.error + f.timeout > 0.1);

const orchestratorProblems: Problem[] = [
  { on: (c) => c.callSuccessRatio < 0.95, share: 0.35, line: ({ r, at }) => py('ERROR', 'voicehive.calls', `CALL_END call_id=${callId(r)} hotel_id=${hotel(r)} status=failed reason=${pick(r, ['livekit', 'livekit', 'sip'])} error="${pick(r, ['participant disconnected: SIP 408 Request Timeout', 'SIP 503 Service Unavailable from trunk twilio-eu', 'room closed before agent joined'])}"`)(at) },
  { on: slowVoice, share: 0.3, line: ({ c, r, at }) => py('WARNING', 'voicehive.latency', `LATENCY: stt_latency=${ms(r, c.asrLatency.p95)}ms llm_latency=${ms(r, c.llmLatency.p95)}ms tts_latency=${ms(r, c.ttsTtfb.p95)}ms total=${ms(r, c.responseLatency.p95)}ms over budget 1500ms`)(at) },
  { on: (c) => c.breakers.pms_connector === 2, share: 0.3, line: ({ r, at }) => (r() < 0.5 ? py('WARNING', 'voicehive.resilience', `circuit breaker pms_connector is OPEN (failures=${int(r, 12, 30)}/5, next attempt in ${int(r, 5, 60)}s)`)(at) : py('ERROR', 'voicehive.pms', `booking lookup for ${guest(r)} rejected: circuit breaker pms_connector open`)(at)) },
  { on: (c) => c.http429Ratio > 0.05, share: 0.3, line: ({ r, at }) => py('WARNING', 'voicehive.ratelimit', `rate_limit_exceeded user_id=${int(r, 100, 2000)} path=/api/v1/${pick(r, ['calls', 'bookings', 'hotels'])} limit=60/min`)(at) },
  // 40 attempts a second drown the orchestrator's output: checked first, so the sources show within seconds.
  { on: (c) => c.attackRequestsPerSecond > 0, share: 0.6, line: ({ r, at }) => (r() < 0.7 ? py('WARNING', 'voicehive.auth', `auth failed: invalid credentials user=${pick(r, ['admin', 'root', 'test', 'frontdesk'])} ip=${pick(r, ATTACKER_IPS)} method=password`)(at) : py('WARNING', 'voicehive.ratelimit', `rate_limit_exceeded ip=${pick(r, ATTACKER_IPS)} path=/api/v1/auth/login limit=5/min`)(at)) },
  { on: (c) => c.http401Ratio > 0.05 || c.authFailuresPerSecond > 1, share: 0.3, line: ({ r, at }) => py('WARNING', 'voicehive.auth', `auth failed: invalid credentials user=${pick(r, EMAILS)} method=${pick(r, ['jwt', 'api_key'])}`)(at) },
  { on: (c) => c.http5xxRatio > 0.01, share: 0.25, line: ({ r, at }) => py('ERROR', 'voicehive.api', `unhandled exception in voicehive 2.14.3: KeyError: 'guest_profile' (POST /api/v1/bookings -> 500) for ${guest(r)}`)(at) },
  { on: (c) => c.apiLatency.p95 > 5, share: 0.35, line: ({ r, at }) => py('WARNING', 'voicehive.db', `connection pool exhausted: waited ${(4 + r() * 3).toFixed(1)}s for a connection (size=40 in_use=40 waiting=${int(r, 8, 30)})`)(at) },
  { on: (c) => c.pgConnectionsRatio > 0.8, share: 0.25, line: ({ r, at }) => py('WARNING', 'voicehive.db', `connection pool near limit in_use=${int(r, 34, 39)}/40; postgres: remaining connection slots are reserved for non-replication superuser connections`)(at) },
  { on: (c) => !c.pgUp, share: 0.4, line: ({ at }) => py('ERROR', 'voicehive.db', 'connection refused: could not connect to server postgresql.voicehive.svc.cluster.local:5432 (is the server running?)')(at) },
  { on: (c) => !c.redisUp, share: 0.4, line: ({ at }) => py('ERROR', 'voicehive.cache', 'Error 111 connecting to redis.voicehive.svc.cluster.local:6379. Connection refused. (session store unavailable)')(at) },
  { on: (c) => c.gdprViolationsPerSecond > 0, share: 0.2, line: ({ r, at }) => py('ERROR', 'voicehive.gdpr', `region_violation request from region=${pick(r, ['us-east-1', 'ap-southeast-1'])} ip=${int(r, 3, 99)}.${int(r, 0, 255)}.${int(r, 0, 255)}.${int(r, 1, 254)} path=/api/v1/recordings user_id=${int(r, 100, 2000)}`)(at) },
  { on: (c) => c.piiDetectionsPerSecond > 0, share: 0.25, line: ({ r, at }) => py('INFO', 'voicehive.calls', `guest profile loaded email=${pick(r, EMAILS)} phone=${pick(r, PHONES)} card=${pick(r, CARDS)}`)(at) },
  { on: (c) => c.dnsServfailRatio > 0.01, share: 0.2, line: ({ r, at }) => py('ERROR', 'voicehive.http', `connection to ${pick(r, ['api.apaleo.com', 'api.mews.com', 'api.elevenlabs.io'])} failed: [Errno -3] Temporary failure in name resolution (timeout after 5s)`)(at) },
  { on: (c) => c.oomDeployment !== null, share: 0.15, line: ({ c, r, at }) => py('WARNING', 'voicehive.agents', `lost ${c.oomDeployment} session: agent container killed (OOMKilled), ${int(r, 1, 6)} calls re-routed`)(at) },
  { on: pmsFailing, share: 0.15, line: ({ r, at }) => py('ERROR', 'voicehive.pms', `booking lookup for ${guest(r)} FAILED: apaleo timeout after 10s`)(at) },
];

const orchestratorNormal: Line[] = [
  ({ r, at }) => py('INFO', 'voicehive.calls', `CALL_START call_id=${callId(r)} hotel_id=${hotel(r)} language=${pick(r, ['de-DE', 'en-GB', 'fr-FR', 'it-IT'])}`)(at),
  ({ r, at }) => py('INFO', 'voicehive.calls', `CALL_END call_id=${callId(r)} hotel_id=${hotel(r)} status=completed duration=${int(r, 40, 420)}s turns=${int(r, 3, 24)}`)(at),
  ({ c, r, at }) => py('INFO', 'voicehive.latency', `LATENCY: stt_latency=${ms(r, c.asrLatency.p95)}ms llm_latency=${ms(r, c.llmLatency.p95)}ms tts_latency=${ms(r, c.ttsTtfb.p95)}ms total=${ms(r, c.responseLatency.p95)}ms`)(at),
  ({ r, at }) => py('INFO', 'voicehive.auth', `auth ok user_id=${int(r, 100, 2000)} method=${pick(r, ['jwt', 'jwt', 'api_key'])}`)(at),
  ({ r, at }) => py('INFO', 'voicehive.db', `connection pool stats size=40 in_use=${int(r, 4, 16)} idle=${int(r, 20, 30)} waiting=0`)(at),
  ({ c, r, at }) => py('INFO', 'uvicorn.access', `"${pick(r, ['GET', 'GET', 'POST'])} /api/v1/${pick(r, ['hotels', 'calls', 'bookings', 'rooms'])} HTTP/1.1" 200 ${ms(r, c.apiLatency.p95)}ms`)(at),
  ({ r, at }) => (r() < 0.1 ? py('INFO', 'voicehive.resilience', 'circuit breaker pms_connector state=closed failures=0/5')(at) : py('INFO', 'voicehive.pms', `availability check hotel_id=${hotel(r)} vendor=${pick(r, ['apaleo', 'mews', 'opera'])} ok`)(at)),
  ({ r, at }) => {
    const roll = r();
    if (roll < 0.02) return py('ERROR', 'voicehive.pms', `reservation lookup failed for ${guest(r)}: upstream returned 502`)(at);
    if (roll < 0.03) return py('ERROR', 'voicehive.payments', `pre-authorisation FAILED for card ${pick(r, CARDS)} (${pick(r, EMAILS)}): issuer declined`)(at);
    if (roll < 0.25) return py('DEBUG', 'voicehive.runtime', `gc collected=${int(r, 200, 3000)} memory rss=${int(r, 700, 1100)}MiB gc_threshold=700`)(at);
    return py('DEBUG', 'voicehive.calls', `heartbeat active_calls=${int(r, 300, 1400)}`)(at);
  },
];

/** Lines of one deployment: a problem line with its share while on, else an everyday line. */
function service(problems: Problem[], normal: Line[]): Line {
  return (x) => {
    for (const problem of problems) if (problem.on(x.c, x) && x.r() < problem.share) return problem.line(x);
    return pick(x.r, normal)(x);
  };
}

export const orchestratorLine = service(orchestratorProblems, orchestratorNormal);
export { service, py, pick, int, callId, ms, guest, slowVoice, pmsFailing };
export type { Line, Problem };
