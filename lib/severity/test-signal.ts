import { signalSchema, type Signal } from '@/lib/catalog/schema';

/** A catalog signal for tests: call success rate, P1 below 95 %, P0 below 50 %. */
export function makeSignal(overrides: Partial<Signal> = {}): Signal {
  return signalSchema.parse({
    id: 'call-success-rate',
    name: 'Call success rate',
    query: 'sum(rate(voicehive_calls_total{outcome="success"}[$window])) / sum(rate(voicehive_calls_total[$window]))',
    unit: 'ratio',
    rules: [
      { severity: 'P1', op: '<', threshold: 0.95, description: 'call success rate < 95 %' },
      { severity: 'P0', op: '<', threshold: 0.5, description: 'call success rate < 50 %' },
    ],
    ...overrides,
  });
}
