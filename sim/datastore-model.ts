import { Gauge } from 'prom-client';
import type { EstateModel, ModelDeps, TickContext } from './model';
import { createWander } from './random';
import { NAMESPACE, queues } from './topology';

const namespace = NAMESPACE;
const MAX_CONNECTIONS = 200;
const REDIS_MAX_BYTES = 4 * 1024 ** 3;
const connectionStates: readonly (readonly [string, number])[] = [
  ['active', 0.3], ['idle', 0.62], ['idle in transaction', 0.08],
  ['idle in transaction (aborted)', 0], ['fastpath function call', 0], ['disabled', 0],
];
/** postgres_exporter's lock modes (lower-case) with typical counts on a busy OLTP database. */
const lockModes: readonly (readonly [string, number])[] = [
  ['accesssharelock', 40], ['rowsharelock', 2], ['rowexclusivelock', 10], ['shareupdateexclusivelock', 0.5],
  ['sharelock', 0], ['sharerowexclusivelock', 0], ['exclusivelock', 0], ['accessexclusivelock', 0], ['sireadlock', 0],
];
const consumers: Record<(typeof queues)[number], number> = { calls: 4, transcripts: 3, notifications: 2 };

/**
 * PostgreSQL, Redis and RabbitMQ as their exporters show them. When a store is down its exporter
 * reports `*_up 0` and the other gauges keep their last values (frozen), so only the up rule fires.
 */
export function createDatastoreModel({ registry, random }: ModelDeps): EstateModel {
  const registers = [registry];
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers });
  const pgUp = gauge('pg_up', 'Whether the last scrape of PostgreSQL succeeded.', ['namespace']);
  const maxConnections = gauge('pg_settings_max_connections', 'max_connections setting.', ['namespace']);
  const activity = gauge('pg_stat_activity_count', 'Connections by state.', ['namespace', 'state']);
  const locks = gauge('pg_locks_count', 'Locks by mode.', ['namespace', 'mode']);
  const maxTx = gauge('pg_stat_activity_max_tx_duration', 'Oldest transaction by state, seconds.', ['namespace', 'state']);
  const redisUp = gauge('redis_up', 'Whether Redis answers.', ['namespace']);
  const redisUsed = gauge('redis_memory_used_bytes', 'Memory used.', ['namespace']);
  const redisMax = gauge('redis_memory_max_bytes', 'maxmemory.', ['namespace']);
  const redisClients = gauge('redis_connected_clients', 'Connected clients.', ['namespace']);
  const ready = gauge('rabbitmq_queue_messages_ready', 'Messages ready for delivery.', ['namespace', 'queue']);
  const queueConsumers = gauge('rabbitmq_queue_consumers', 'Consumers.', ['namespace', 'queue']);

  // A fast pull: gauges have no rate window to fill, but a saturating pool still takes seconds.
  const connections = createWander(random, { initial: MAX_CONNECTIONS * 0.35, min: 5, max: MAX_CONNECTIONS * 0.97, pull: 0.3, noise: 1.5 });
  const redisMemory = createWander(random, { initial: 0.4, min: 0.2, max: 0.8, pull: 0.02, noise: 0.002 });
  const clients = createWander(random, { initial: 48, min: 10, max: 200, pull: 0.05, noise: 1 });
  // Consumers catch up within seconds once the cause is gone, so a drained backlog does not linger.
  const backlog = Object.fromEntries(queues.map((q) => [q, createWander(random, { initial: 30, min: 0, max: 100_000, pull: 0.35, noise: 3 })]));

  const tickPostgres = (dt: number, up: boolean, targetRatio: number) => {
    pgUp.set({ namespace }, up ? 1 : 0);
    if (!up) return;
    maxConnections.set({ namespace }, MAX_CONNECTIONS);
    const total = connections.step(MAX_CONNECTIONS * targetRatio, dt);
    for (const [state, share] of connectionStates) activity.set({ namespace, state }, Math.round(total * share));
    for (const [mode, typical] of lockModes) locks.set({ namespace, mode }, typical ? Math.round(typical * random.between(0.5, 1.5)) : 0);
    maxTx.set({ namespace, state: 'active' }, random.between(0.05, 3));
    maxTx.set({ namespace, state: 'idle' }, 0);
    maxTx.set({ namespace, state: 'idle in transaction' }, random.between(0.1, 5));
  };

  // Seed every gauge once, so a scenario that starts with a store down still shows frozen values.
  tickPostgres(0, true, 0.35);
  redisMax.set({ namespace }, REDIS_MAX_BYTES);
  redisUsed.set({ namespace }, Math.round(REDIS_MAX_BYTES * redisMemory.value()));
  redisClients.set({ namespace }, Math.round(clients.value()));

  return {
    tick({ dt, conditions: c }: TickContext) {
      tickPostgres(dt, c.pgUp, c.pgConnectionsRatio);
      redisUp.set({ namespace }, c.redisUp ? 1 : 0);
      if (c.redisUp) {
        redisMax.set({ namespace }, REDIS_MAX_BYTES);
        redisUsed.set({ namespace }, Math.round(REDIS_MAX_BYTES * redisMemory.step(0.4, dt)));
        redisClients.set({ namespace }, Math.round(clients.step(48, dt)));
      }
      for (const queue of queues) {
        ready.set({ namespace, queue }, Math.round(backlog[queue]?.step(c.queueReady[queue], dt) ?? 0));
        queueConsumers.set({ namespace, queue }, c.queuesWithoutConsumers.includes(queue) ? 0 : consumers[queue]);
      }
    },
  };
}
