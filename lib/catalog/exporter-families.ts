/**
 * The exporter families of the metrics contract (../shared/contract/metrics.md, and the repository's additions in
 * contract/metrics-additions.md): which family each
 * metric comes from, and one series per family whose presence proves that exporter is being scraped.
 * Pure, so the catalog checks, the rules generator and the server share it.
 */

export const exporterFamilies = ['voicehive', 'kube_state_metrics', 'cadvisor', 'node_exporter', 'postgres', 'redis', 'rabbitmq', 'dcgm', 'coredns', 'blackbox', 'prometheus'] as const;
export type ExporterFamily = (typeof exporterFamilies)[number];

type FamilyInfo = {
  /** For people: "the postgres exporter". */
  label: string;
  /** The label matchers that select this family by default: what the metrics contract says. */
  defaultMatchers: string;
  /** A series this exporter always exports while it is scraped (a liveness series). */
  liveness: string;
};

export const familyInfo: Record<ExporterFamily, FamilyInfo> = {
  voicehive: { label: 'the VoiceHive services', defaultMatchers: 'namespace="voicehive"', liveness: 'voicehive_http_requests_total' },
  kube_state_metrics: { label: 'kube-state-metrics', defaultMatchers: 'namespace="voicehive"', liveness: 'kube_deployment_spec_replicas' },
  cadvisor: { label: 'cAdvisor (the kubelet)', defaultMatchers: 'namespace="voicehive"', liveness: 'container_memory_working_set_bytes' },
  node_exporter: { label: 'the node exporter', defaultMatchers: '', liveness: 'node_filesystem_size_bytes' },
  postgres: { label: 'the postgres exporter', defaultMatchers: 'namespace="voicehive"', liveness: 'pg_up' },
  redis: { label: 'the redis exporter', defaultMatchers: 'namespace="voicehive"', liveness: 'redis_up' },
  rabbitmq: { label: 'the RabbitMQ exporter', defaultMatchers: 'namespace="voicehive"', liveness: 'rabbitmq_queue_messages_ready' },
  dcgm: { label: 'the DCGM exporter', defaultMatchers: 'namespace="voicehive"', liveness: 'DCGM_FI_DEV_GPU_UTIL' },
  coredns: { label: 'CoreDNS', defaultMatchers: '', liveness: 'coredns_dns_responses_total' },
  // Probes are about endpoints, not workloads: no namespace by default.
  blackbox: { label: 'the blackbox exporter', defaultMatchers: '', liveness: 'probe_ssl_earliest_cert_expiry' },
  prometheus: { label: "Prometheus's scrape targets", defaultMatchers: '', liveness: 'up' },
};

/** The environment variable that sets a family's matchers, e.g. EXPORTER_SELECTOR_POSTGRES. */
export const selectorVariable = (family: ExporterFamily) => `EXPORTER_SELECTOR_${family.toUpperCase()}` as const;

/**
 * Every metric of the contract, with its family. Histograms are listed by their base name; the catalog
 * queries their `_bucket`, `_sum` and `_count` series.
 */
export const contractMetrics: { name: string; family: ExporterFamily; histogram?: true }[] = [
  { name: 'voicehive_calls_total', family: 'voicehive' },
  { name: 'voicehive_call_failures_total', family: 'voicehive' },
  { name: 'voicehive_active_calls', family: 'voicehive' },
  { name: 'voicehive_asr_latency_seconds', family: 'voicehive', histogram: true },
  { name: 'voicehive_tts_ttfb_seconds', family: 'voicehive', histogram: true },
  { name: 'voicehive_llm_latency_seconds', family: 'voicehive', histogram: true },
  { name: 'voicehive_response_latency_seconds', family: 'voicehive', histogram: true },
  { name: 'voicehive_http_requests_total', family: 'voicehive' },
  { name: 'voicehive_http_request_duration_seconds', family: 'voicehive', histogram: true },
  { name: 'voicehive_auth_failures_total', family: 'voicehive' },
  { name: 'voicehive_rate_limited_total', family: 'voicehive' },
  { name: 'voicehive_circuit_breaker_state', family: 'voicehive' },
  { name: 'voicehive_pms_requests_total', family: 'voicehive' },
  { name: 'voicehive_pms_request_duration_seconds', family: 'voicehive', histogram: true },
  { name: 'voicehive_gdpr_region_violations_total', family: 'voicehive' },
  { name: 'voicehive_pii_detections_total', family: 'voicehive' },
  { name: 'voicehive_retention_job_last_success_timestamp_seconds', family: 'voicehive' },
  { name: 'voicehive_backup_last_success_timestamp_seconds', family: 'voicehive' },
  { name: 'voicehive_livekit_up', family: 'voicehive' },
  { name: 'up', family: 'prometheus' },
  { name: 'kube_deployment_spec_replicas', family: 'kube_state_metrics' },
  { name: 'kube_deployment_status_replicas_available', family: 'kube_state_metrics' },
  { name: 'kube_pod_container_status_restarts_total', family: 'kube_state_metrics' },
  { name: 'kube_pod_container_status_last_terminated_reason', family: 'kube_state_metrics' },
  { name: 'kube_pod_container_resource_limits', family: 'kube_state_metrics' },
  { name: 'kube_job_status_failed', family: 'kube_state_metrics' },
  { name: 'container_cpu_usage_seconds_total', family: 'cadvisor' },
  { name: 'container_memory_working_set_bytes', family: 'cadvisor' },
  { name: 'node_filesystem_avail_bytes', family: 'node_exporter' },
  { name: 'node_filesystem_size_bytes', family: 'node_exporter' },
  { name: 'pg_up', family: 'postgres' },
  { name: 'pg_stat_activity_count', family: 'postgres' },
  { name: 'pg_settings_max_connections', family: 'postgres' },
  { name: 'pg_locks_count', family: 'postgres' },
  { name: 'pg_stat_activity_max_tx_duration', family: 'postgres' },
  { name: 'redis_up', family: 'redis' },
  { name: 'redis_memory_used_bytes', family: 'redis' },
  { name: 'redis_memory_max_bytes', family: 'redis' },
  { name: 'redis_connected_clients', family: 'redis' },
  { name: 'rabbitmq_queue_messages_ready', family: 'rabbitmq' },
  { name: 'rabbitmq_queue_consumers', family: 'rabbitmq' },
  { name: 'DCGM_FI_DEV_GPU_UTIL', family: 'dcgm' },
  { name: 'coredns_dns_responses_total', family: 'coredns' },
  // contract/metrics-additions.md
  { name: 'probe_ssl_earliest_cert_expiry', family: 'blackbox' },
];

const histogramSuffixes = ['_bucket', '_sum', '_count'];
const familyByMetric = new Map<string, ExporterFamily>(
  contractMetrics.flatMap((m) => (m.histogram ? histogramSuffixes.map((s) => [m.name + s, m.family] as const) : [[m.name, m.family] as const])),
);

/** The family a series name belongs to (`voicehive_asr_latency_seconds_bucket` → voicehive), if it is in the contract. */
export function findFamily(metric: string): ExporterFamily | undefined {
  return familyByMetric.get(metric);
}
