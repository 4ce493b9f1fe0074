import type { PmsProbeResult, PmsState } from './health-result';
import type { BreakerState, VendorTraffic } from './vendor-traffic';

/** A Redis key as the tile shows it (the shape of the server's Redis adapter's read). */
export type RateLimitKeyState = { key: string; exists: boolean; type: string | null; value: string | null; truncated: boolean; ttlSeconds: number | null };
export type VendorRateLimit = { key: string; state: RateLimitKeyState | null; error: string | null };
export type PmsHistoryPoint = { checkedAt: number; state: PmsState; latencyMs: number; httpStatus: number | null };

export type PmsVendorTile = PmsProbeResult & {
  history: PmsHistoryPoint[];
  traffic: VendorTraffic | null;
  rateLimit: VendorRateLimit | null;
  statusPage: string | null;
};

/** What GET /api/sections/{id}/pms/{panelId} answers; shared by the route and the panel. */
export type PmsPanelReport = {
  configured: boolean;
  intervalMs: number;
  /** The window the Prometheus figures are taken over (SIGNAL_WINDOW). */
  window: string;
  vendors: PmsVendorTile[];
  /** Why the Prometheus figures are missing, when they are. */
  trafficError: string | null;
  breaker: { name: string; state: BreakerState; error: string | null } | null;
};
