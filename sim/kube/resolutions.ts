import type { Conditions } from '../conditions';
import { ATTACKER_IPS } from './log-lines';
import { adminPosted, configSet, envSet, keyDeleted, podDeleted, restarted, rolledBack, scaled, type Resolution } from './remedies';

/**
 * Which runbook buttons heal which scenario (scenarios.ts attaches these as `resolvedBy`). Targets
 * and values are exactly those of the `resolution[].action`s in runbooks/*.yaml (Kubernetes changes,
 * admin POSTs, Redis DELs), so pressing the button in the console is what heals; the README's table
 * is this file in words.
 */

type Heal = (c: Conditions, h: Conditions) => Conditions;

const resolution = (when: Resolution['when'], effect: string, heal: Heal): Resolution => ({ when, effect, heal });

/** End-to-end and LLM latency recover once neither ASR nor TTS is slow any more. */
const settleVoice = (c: Conditions, h: Conditions): Conditions =>
  c.asrLatency === h.asrLatency && c.ttsTtfb === h.ttsTtfb ? { ...c, responseLatency: h.responseLatency, llmLatency: h.llmLatency } : c;

const ttsHealed: Heal = (c, h) => settleVoice({ ...c, ttsTtfb: h.ttsTtfb }, h);
const withoutTarget = (service: Conditions['targetsDown'][number]): Heal => (c) => ({ ...c, targetsDown: c.targetsDown.filter((s) => s !== service) });
const anyRollout = ['restart', 'undo', 'template', 'delete-pods'] as const;
const breakerClosed: Heal = (c, h) => ({ ...c, breakers: { ...c.breakers, pms_connector: h.breakers.pms_connector } });

export const resolutions: Readonly<Record<string, readonly Resolution[]>> = {
  'call-failures': [
    resolution([restarted('media-agent')], 'ends it: call success back to ~99 %', (c, h) => ({ ...c, callSuccessRatio: h.callSuccessRatio, callFailureReasons: h.callFailureReasons })),
  ],
  'voice-latency': [
    resolution([envSet('tts-router', { CACHE_ENABLED: 'true' })], 'TTS TTFB back to healthy', ttsHealed),
    resolution([envSet('tts-router', { TTS_ENDPOINT: 'regional' })], 'TTS TTFB back to healthy (the regional endpoint is nearer)', ttsHealed),
    resolution([scaled('tts-router', { min: 4 })], 'TTS TTFB back to healthy', ttsHealed),
    resolution([scaled('riva-server', { min: 4 })], 'ASR latency and GPU load back to healthy', (c, h) => settleVoice({ ...c, asrLatency: h.asrLatency, gpuUtilPercent: h.gpuUtilPercent }, h)),
  ],
  'pms-outage': [
    resolution([envSet('orchestrator', { PMS_FALLBACK_MODE: 'true' })], "contains it: apaleo's calls are answered from the fallback, errors back to normal", (c, h) => ({ ...c, pmsFailure: { ...c.pmsFailure, apaleo: h.pmsFailure.apaleo } })),
    resolution([envSet('connectors', { CIRCUIT_BREAKER_ENABLED: 'true' })], "contains the timeouts (fail fast); apaleo's errors stay (~20 %, still P1)", (c, h) => ({
      ...c,
      pmsFailure: { ...c.pmsFailure, apaleo: { ...c.pmsFailure.apaleo, timeout: h.pmsFailure.apaleo.timeout } },
    })),
  ],
  'pms-token-expired': [
    resolution([adminPosted('connectors', '/admin/pms/mews/refresh-token')], 'ends it: mews calls succeed again', (c) => ({ ...c, pmsTokenExpired: c.pmsTokenExpired.filter((v) => v !== 'mews') })),
  ],
  // The key's value is what refuses the calls (rate-limit/); the limiter reports the DEL once it sees the key recreated.
  'pms-rate-limited': [
    resolution([keyDeleted('ratelimit:apaleo')], "ends it: the next calls recreate the key with a 60 s expiry, under the limit, and apaleo's calls succeed again", (c) => ({
      ...c,
      pmsRateLimitStuck: c.pmsRateLimitStuck.filter((v) => v !== 'apaleo'),
    })),
  ],
  'circuit-breaker-open': [
    resolution([configSet('circuit-breaker-config', 'failure_threshold', { atLeast: 10 })], 'ends it: the pms_connector breaker closes', breakerClosed),
    resolution([adminPosted('orchestrator', '/admin/circuit-breakers/pms_connector/reset')], 'ends it: the pms_connector breaker closes', breakerClosed),
  ],
  'rate-limiting': [
    resolution([configSet('rate-limit-config', 'requests_per_minute', { atLeast: 120 }), restarted('orchestrator')], 'ends it once the orchestrator restarts with the new limit', (c, h) => ({ ...c, http429Ratio: h.http429Ratio })),
  ],
  'auth-failures': [
    resolution([restarted('orchestrator')], 'ends it: 401s and auth failures back to normal', (c, h) => ({ ...c, http401Ratio: h.http401Ratio, authFailuresPerSecond: h.authFailuresPerSecond })),
  ],
  'error-rate': [
    resolution([rolledBack('orchestrator')], 'ends it: the bad release is rolled back, 5xx back to ~0.2 %', (c, h) => ({ ...c, http5xxRatio: h.http5xxRatio })),
    resolution([scaled('orchestrator', { min: 5 })], 'contains it: 5xx down to ~0.8 % (under the 1 % line)', (c) => ({ ...c, http5xxRatio: Math.min(c.http5xxRatio, 0.008) })),
  ],
  'slow-api': [
    resolution([scaled('orchestrator', { min: 5 })], 'ends it: API p95 back to ~0.4 s', (c, h) => ({ ...c, apiLatency: h.apiLatency })),
    resolution([configSet('database-config', 'max_connections', { atLeast: 50 }), restarted('orchestrator')], 'ends it once the orchestrator restarts with the bigger pool', (c, h) => ({ ...c, apiLatency: h.apiLatency })),
    resolution([envSet('orchestrator', { CACHE_ENABLED: 'true' })], 'contains it: API p95 ~3 s (under the 5 s line)', (c) => ({ ...c, apiLatency: { p95: Math.min(c.apiLatency.p95, 3), sigma: c.apiLatency.sigma } })),
  ],
  'database-saturation': [
    resolution([configSet('database-config', 'max_connections', { atLeast: 100 })], 'ends it: connections ~35 % of max', (c, h) => ({ ...c, pgConnectionsRatio: h.pgConnectionsRatio })),
    resolution([restarted('orchestrator')], 'ends it: the leaked pool connections are released', (c, h) => ({ ...c, pgConnectionsRatio: h.pgConnectionsRatio })),
    resolution([scaled('orchestrator', { max: 2 })], 'contains it: connections ~60 % of max (stays so when the HPA scales back to 3)', (c) => ({ ...c, pgConnectionsRatio: Math.min(c.pgConnectionsRatio, 0.6) })),
  ],
  'database-down': [resolution([podDeleted('postgresql-0', { name: 'postgresql-0' })], 'ends it: pg_up 1 once postgresql-0 is back', (c) => ({ ...c, pgUp: true }))],
  'redis-down': [resolution([podDeleted('redis-0', { name: 'redis-0' })], 'ends it: redis_up 1 once redis-0 is back', (c) => ({ ...c, redisUp: true }))],
  'oom-loop': [
    resolution([restarted('media-agent')], 'ends the loop (the 15-minute OOM rule still fires for 15 min)', (c) => ({ ...c, oomDeployment: null })),
    resolution([rolledBack('media-agent')], 'ends the loop (the leaking release is rolled back)', (c) => ({ ...c, oomDeployment: null })),
    resolution([podDeleted('<the OOMKilled media-agent pod>', { app: 'media-agent', lastTerminated: 'OOMKilled' })], 'ends the loop', (c) => ({ ...c, oomDeployment: null })),
  ],
  'livekit-down': [
    resolution([configSet('livekit-config', 'server_url', { equals: 'wss://livekit.voicehive.com' })], 'ends it: the agents reconnect to the right SFU URL', (c) => ({ ...c, livekitUp: true })),
  ],
  'suspicious-activity': [
    resolution([configSet('security-config', 'blocked_ips', { containsAny: ATTACKER_IPS })], 'ends it: the attack traffic is blocked (the IPs are in the orchestrator logs)', (c, h) => ({ ...c, attackRequestsPerSecond: h.attackRequestsPerSecond })),
  ],
  'dns-servfail': [resolution([restarted('coredns', { namespace: 'kube-system' })], 'ends it: SERVFAIL back to ~0.1 %', (c, h) => ({ ...c, dnsServfailRatio: h.dnsServfailRatio }))],
  'targets-down': (['media-agent', 'tts-router', 'connectors'] as const).map((service) =>
    resolution([restarted(service, { via: anyRollout })], `${service}'s metrics endpoint answers again (any rollout of it: restart, undo, set env)`, withoutTarget(service)),
  ),
};
