// Alerts as the console shows them, and the upstream shapes they are built from. Pure types: client code imports them.

/** An acknowledgement is an Alertmanager silence on exactly the alert's labels, made by a person in the console (or elsewhere). */
export type Acknowledgement = {
  silenceId: string;
  /** The silence's `createdBy`. */
  by: string;
  /** When the silence started (ms since the epoch). */
  at: number;
  /** When it ends unless ended early (ms since the epoch). */
  until: number;
  comment: string;
  /**
   * The silence matches exactly this alert's labels (as the console makes them), so ending it ends only
   * this acknowledgement. A broader silence (maintenance, a regex) made in Alertmanager is shown, not ended here.
   */
  endable: boolean;
};

/** Longest comment an acknowledgement keeps (the form, the route and the adapter agree on it). */
export const ACK_COMMENT_MAX_CHARS = 500;

/** firing: active, nobody acknowledged it; pending: Prometheus waits for its `for:`; suppressed: silenced or inhibited in Alertmanager. */
export type ConsoleAlertState = 'firing' | 'pending' | 'suppressed';

export type ConsoleAlert = {
  /** Alertmanager's fingerprint; a hash of the label set when read from Prometheus. What the browser sends back to acknowledge. */
  fingerprint: string;
  /** The `alertname` label. */
  name: string;
  /** The catalog section it belongs to; null for alerts no section claims (shown as "other", never dropped). */
  sectionId: string | null;
  /** The `severity` label as given (the catalog's rules say P0..P3; alerts from elsewhere may say anything). */
  severity: string | null;
  summary: string | null;
  labels: Record<string, string>;
  /** ms since the epoch. */
  startsAt: number;
  state: ConsoleAlertState;
  ack: Acknowledgement | null;
};

export type AlertSource = 'alertmanager' | 'prometheus';

/** One read of the active alerts; acknowledging is possible only when they come from Alertmanager. */
export type ConsoleAlerts = {
  source: AlertSource;
  alerts: ConsoleAlert[];
  /** When the upstream was read (ms since the epoch): a cached answer is up to UPSTREAM_CACHE_TTL_MS old. */
  readAt: number;
};

/** An active alert as an upstream reports it, before it is matched to a section. */
export type RawAlert = {
  fingerprint: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: number;
  state: ConsoleAlertState;
  /** Ids of the silences Alertmanager says mute it (empty from Prometheus). */
  silencedBy: string[];
};

/** Alertmanager's matcher: `=` (isEqual, not isRegex), `!=`, `=~` (isRegex), `!~`. */
export type SilenceMatcher = { name: string; value: string; isRegex: boolean; isEqual: boolean };

export type Silence = {
  id: string;
  matchers: SilenceMatcher[];
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
  state: 'active' | 'pending' | 'expired';
};
