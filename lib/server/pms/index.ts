import 'server-only';
export { createPmsHealth, getPmsHealth, getVendorHealth, probeVendor, PMS_HISTORY_MS } from './health';
export type { PmsHealth, PmsHealthReport, PmsHistoryPoint, PmsVendorHealth } from './health';
export { pmsSettingsFromEnv, probeUrl, PMS_UPSTREAM } from './probe';
export type { PmsSettings, ProbeDeps, ResolvedAddress, Resolver } from './probe';
export type { PmsComponent, PmsProbeResult, PmsState } from '@/lib/pms/health-result';
