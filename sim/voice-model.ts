import { Counter, Gauge, Histogram } from 'prom-client';
import type { EstateModel, ModelDeps, TickContext } from './model';
import { LATENCY_BUCKETS } from './model';
import { createWander, sampleLatency } from './random';
import { callFailureReasons, llmProviders, NAMESPACE, ttsProviders } from './topology';

const namespace = NAMESPACE;
const PEAK_CALLS_PER_SECOND = 10;
const MEAN_CALL_SECONDS = 150;

/** Calls, their failures, and the voice pipeline's latencies (ASR → LLM → TTS, end to end). */
export function createVoiceModel({ registry, random, pods }: ModelDeps): EstateModel {
  const registers = [registry];
  const calls = new Counter({ name: 'voicehive_calls_total', help: 'Finished calls.', labelNames: ['namespace', 'outcome'] as const, registers });
  const failures = new Counter({ name: 'voicehive_call_failures_total', help: 'call.failed events by reason.', labelNames: ['namespace', 'reason'] as const, registers });
  const active = new Gauge({ name: 'voicehive_active_calls', help: 'Calls in progress.', labelNames: ['namespace'] as const, registers });
  const histogram = (name: string, help: string, labelNames: readonly ('namespace' | 'provider')[]) =>
    new Histogram({ name, help, labelNames, buckets: LATENCY_BUCKETS, registers });
  const asr = histogram('voicehive_asr_latency_seconds', 'Speech recognition latency.', ['namespace']);
  const tts = histogram('voicehive_tts_ttfb_seconds', 'Text-to-speech time to first byte.', ['namespace', 'provider']);
  const llm = histogram('voicehive_llm_latency_seconds', 'Language-model latency.', ['namespace', 'provider']);
  const response = histogram('voicehive_response_latency_seconds', 'End-to-end turn latency heard by the caller.', ['namespace']);
  const livekitUp = new Gauge({ name: 'voicehive_livekit_up', help: '1 when the LiveKit SFU answers.', labelNames: ['namespace'] as const, registers });
  const gpuUtil = new Gauge({ name: 'DCGM_FI_DEV_GPU_UTIL', help: 'GPU utilization (in %).', labelNames: ['namespace', 'pod'] as const, registers });

  // Every series exists from the first scrape, so "no data" never stands in for "zero".
  for (const outcome of ['success', 'failed']) calls.inc({ namespace, outcome }, 0);
  for (const reason of callFailureReasons) failures.inc({ namespace, reason }, 0);
  asr.zero({ namespace });
  response.zero({ namespace });
  for (const [provider] of ttsProviders) tts.zero({ namespace, provider });
  for (const [provider] of llmProviders) llm.zero({ namespace, provider });

  const activeCalls = createWander(random, { initial: PEAK_CALLS_PER_SECOND * MEAN_CALL_SECONDS * 0.7, min: 0, max: 5000, pull: 0.05, noise: 8 });
  const gpus = pods['riva-server'].map((pod) => ({
    pod,
    util: createWander(random, { initial: 50, min: 0, max: 100, pull: 0.1, noise: 1 }),
  }));

  return {
    tick({ dt, shape, conditions: c, count }: TickContext) {
      const callRate = PEAK_CALLS_PER_SECOND * shape;
      calls.inc({ namespace, outcome: 'success' }, count('calls-success', callRate * c.callSuccessRatio * dt));
      const failed = count('calls-failed', callRate * (1 - c.callSuccessRatio) * dt);
      calls.inc({ namespace, outcome: 'failed' }, failed);
      // One call.failed event per failed call, so the reasons always add up to the failed calls.
      const reasons = Object.entries(c.callFailureReasons).map(([reason, weight]) => [reason, weight ?? 0] as const);
      for (let i = 0; i < failed; i++) failures.inc({ namespace, reason: random.pickWeighted(reasons) });
      active.set({ namespace }, Math.round(activeCalls.step(callRate * MEAN_CALL_SECONDS, dt)));

      // Many turns per tick, so a 15 s quantile rests on hundreds of samples. Stages are drawn
      // independently (not summed) so each scenario can place each p95 exactly where it wants.
      const turns = count('turns', (60 + 140 * shape) * dt);
      for (let i = 0; i < turns; i++) {
        asr.observe({ namespace }, sampleLatency(random, c.asrLatency));
        llm.observe({ namespace, provider: random.pickWeighted(llmProviders) }, sampleLatency(random, c.llmLatency));
        tts.observe({ namespace, provider: random.pickWeighted(ttsProviders) }, sampleLatency(random, c.ttsTtfb));
        response.observe({ namespace }, sampleLatency(random, c.responseLatency));
      }
      livekitUp.set({ namespace }, c.livekitUp ? 1 : 0);
      const gpuTarget = c.gpuUtilPercent * (0.75 + 0.25 * shape);
      for (const gpu of gpus) gpuUtil.set({ namespace, pod: gpu.pod }, Math.round(gpu.util.step(gpuTarget, dt)));
    },
  };
}
