// The store's tables as Kysely sees them. Times are epoch milliseconds (bigint columns, read as numbers
// on both engines); JSON is kept as text so both engines store and hash exactly the same bytes.
import type { Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '@/lib/catalog/schema';

export type UsersTable = {
  id: string;
  username: string;
  display_name: string;
  email: string | null;
  role: Role;
  source: 'local' | 'oidc';
  /** scrypt hash for local accounts; null for single sign-on accounts. */
  password_hash: string | null;
  /** The identity provider's `iss` + `sub` for single sign-on accounts. */
  oidc_subject: string | null;
  created_at: number;
  updated_at: number;
  disabled_at: number | null;
  last_sign_in_at: number | null;
};

export type SessionsTable = {
  /** sha256 of the cookie value: a copy of the database does not hand out sessions. */
  id: string;
  kind: 'user' | 'display';
  user_id: string | null;
  display_token_id: string | null;
  created_at: number;
  last_seen_at: number;
  /** Absolute end for a person's session; null for a display (it lives as long as its token). */
  expires_at: number | null;
  revoked_at: number | null;
  client_address: string | null;
  user_agent: string | null;
  /** Why a display session was ended while its token lives on: another screen took the token, or it was rotated. */
  end_reason: 'replaced' | 'rotated' | null;
};

/** `first-device`: the first screen that uses the token keeps it, a second is refused; `latest-device`: each new screen replaces the last. */
export type DisplayTokenBinding = 'first-device' | 'latest-device';

export type DisplayTokensTable = {
  id: string;
  name: string;
  token_hash: string;
  created_by: string;
  created_at: number;
  revoked_at: number | null;
  revoked_by: string | null;
  last_used_at: number | null;
  binding: DisplayTokenBinding;
  /** When the token stops signing anything in (and its screens are told so); null = until revoked. */
  expires_at: number | null;
  /** When a screen first exchanged it (since the last rotation); a first-device token refuses others from then on. */
  bound_at: number | null;
  rotated_at: number | null;
  /** The client address of the last exchange or poll (kept at most once a minute, like last_used_at). */
  last_used_address: string | null;
};

export type LoginFailuresTable = {
  /** `pair:<username>|<client>`, `address:<client>` or `account:<username>` (a client is an IPv4 address or an IPv6 /64). */
  key: string;
  /** The account a `pair:` or `account:` row counts failures for. */
  account: string | null;
  failures: number;
  first_failure_at: number;
  last_failure_at: number;
  locked_until: number | null;
};

export type AuditLogTable = {
  seq: number;
  at: number;
  actor: string;
  actor_role: string | null;
  action: string;
  target: string | null;
  outcome: 'success' | 'failure' | 'denied';
  client_address: string | null;
  detail: string;
  /** 1 for records written before issue 17; see lib/audit/chain.ts. */
  hash_version: Generated<number>;
  section: string | null;
  incident: string | null;
  prev_hash: string;
  hash: string;
};

/** The last record's seq and hash, kept in the same transaction: cutting records off the end shows. */
export type AuditHeadTable = {
  id: Generated<number>;
  seq: number;
  hash: string;
};

/**
 * `interrupted`: the replica running it stopped (killed, crashed) after the change may have been sent, and the
 * replica that took it over could not tell from the target whether what was approved was applied (issue 18).
 */
export type ActionRunStatus = 'pending-approval' | 'rejected' | 'expired' | 'void' | 'cancelled' | 'executing' | 'succeeded' | 'failed' | 'interrupted';

export type ActionRunsTable = {
  id: string;
  section_id: string;
  step_id: string;
  kind: string;
  title: string;
  /** JSON: the resolved target (from the catalog) and the checked parameters. */
  target: string;
  params: string;
  reason: string | null;
  requested_by: string;
  requested_role: string;
  requested_at: number;
  idempotency_key: string;
  needs_approval: number;
  status: ActionRunStatus;
  /**
   * The version of the state the request (and so the approval) is bound to: the spec fields the change
   * touches and the generation, a ConfigMap's resourceVersion, the pods' uids … (lib/actions/binding.ts).
   */
  resource_version: string | null;
  /** JSON: the dry run's field changes, what the approver approves. */
  diff: string;
  expires_at: number | null;
  decided_by: string | null;
  decided_at: number | null;
  decision_comment: string | null;
  /** JSON: what happened when it ran (message, what to follow). */
  result: string | null;
  updated_at: number;
  /** JSON: the preview's warnings the requester saw (string[]); null for runs from before they were kept. */
  warnings: string | null;
  /** The section's severity when the request was made (P0–P3, ok, unknown); null for older runs. */
  section_severity: string | null;
  /** JSON: the section (severity, firing rule) when the action ran (lib/actions/recovery.ts Reading). */
  baseline: string | null;
  /** JSON: how the run's own change ended (its rollout, its Job), once it ended; written once. */
  progress: string | null;
  /** JSON: the recovery verdict with its evidence (lib/actions/recovery.ts Verdict); judged and written once. */
  verdict: string | null;
  /**
   * When a replica was about to send the change (epoch ms), written before the executor is called: from then on
   * the change may have reached the target, so a replica taking the run over must not send it again blindly.
   */
  execution_started_at: number | null;
  /** How long the change lasts before the console sets it back, as chosen at the request (temporary steps only). */
  temporary_minutes: number | null;
};

/**
 * `active` until set back; `reverting` while one caller (the sweep or a person) sets it back; `reverted` when
 * the previous values are back; `conflict` when someone changed the values since (the console leaves them).
 */
export type TemporaryChangeState = 'active' | 'reverting' | 'reverted' | 'conflict';

/** An acknowledgement (an Alertmanager silence) made from an incident and kept alive until its recovery is verified. */
export type KeptAcknowledgementsTable = {
  silence_id: string;
  fingerprint: string;
  alert_name: string;
  incident_id: string;
  created_by: string;
  created_at: number;
  /** How many times the console moved the silence's end while the alert still fired. */
  extensions: number;
  /** `kept` while the console tends it; `ended` once the incident resolved, the silence ended elsewhere or the alert cleared. */
  state: 'kept' | 'ended';
  ended_at: number | null;
  end_note: string | null;
};

/** A temporary change in effect (or ended): one per succeeded run of a temporary step, keyed by that run. */
export type TemporaryChangesTable = {
  run_id: string;
  section_id: string;
  step_id: string;
  title: string;
  /** The step's action kind (set-env, patch-configmap). */
  kind: string;
  /** JSON: the resolved target. */
  target: string;
  /** JSON: the checked parameters of the run. */
  params: string;
  /** JSON: name → the value the change wrote. */
  set_values: string;
  /** JSON: name → the value it replaced (null: there was none, so setting back removes it). */
  previous_values: string;
  set_by: string;
  set_at: number;
  revert_at: number;
  state: TemporaryChangeState;
  /** When the caller setting it back took it (`reverting`): a claim left by a process that died is taken over. */
  claimed_at: number | null;
  /** Tries to set it back that failed for a reason that may pass (an upstream down): the sweep tries again. */
  attempts: number;
  last_error: string | null;
  ended_at: number | null;
  /** `system` when its time ran out, else the person who set it back early. */
  ended_by: string | null;
  end_note: string | null;
};

/** Issue 17. JSON columns are text (both engines store and read the same bytes). */
export type IncidentsTable = {
  /** INC-<year>-<n>, numbered per year. */
  id: string;
  year: number;
  number: number;
  title: string;
  summary: string;
  severity: string;
  status: string;
  merged_into: string | null;
  /** JSON: section ids. */
  sections: string;
  /** JSON: alert fingerprints and names linked to the incident. */
  alerts: string;
  commander: string | null;
  communications_lead: string | null;
  scribe: string | null;
  declared_by: string;
  declared_at: number;
  /** The first threshold breach as read back from Prometheus when declared (the section's firing-since). */
  started_at: number | null;
  /** JSON: where started_at came from (section, rule, value, threshold). */
  started_evidence: string | null;
  resolved_at: number | null;
  closed_at: number | null;
  /** Index into the configured escalation levels: who is engaged now (0 = the on-call engineer). */
  escalation_level: number;
  last_update_at: number | null;
  /** JSON: milestone → { at, reason, by, correctedAt }. */
  milestone_corrections: string;
  /** JSON: the post-mortem's editable parts, the checklist and a waiver. */
  postmortem: string;
  /** JSON: the severity proposal a person dismissed ({ to, basis }), so the same one is not proposed again. */
  dismissed_proposal: string | null;
  /** Optimistic concurrency: every change must name the version it read; a stale one gets a 409. */
  version: number;
  updated_at: number;
};

export type IncidentEventsTable = {
  id: string;
  incident_id: string;
  at: number;
  /** note, status, role, severity, link, communication, delivery, escalation, milestone, postmortem, declared. */
  kind: string;
  actor: string;
  text: string;
  /** JSON. */
  data: string;
};

export type IncidentStarsTable = {
  incident_id: string;
  /** A timeline event's key: `event:<id>`, `audit:<seq>`, `transition:<id>`. */
  event_key: string;
  starred_by: string;
  starred_at: number;
};

export type SectionTransitionsTable = {
  id: string;
  section_id: string;
  at: number;
  /** null for the first reading the recorder ever made of the section. */
  from_severity: string | null;
  to_severity: string;
  /** JSON: the firing rule (value against threshold) or the error that made it unknown. */
  evidence: string;
};

/**
 * A named lease (issue 18): who holds it and until when. Background jobs (`background`) and each run being
 * executed or followed (`run:<id>`) are held by one replica at a time; an expired lease is free to take.
 */
export type LeasesTable = {
  name: string;
  holder: string;
  expires_at: number;
  acquired_at: number;
};

/** One PMS probe's result (issue 18): written by the replica that probed, read by every replica's panel. */
export type PmsProbesTable = {
  id: string;
  vendor: string;
  checked_at: number;
  /** JSON: the whole PmsProbeResult. */
  result: string;
};

/** A routine's completion (issue 19). */
export type RoutineCompletionsTable = {
  id: string;
  routine_id: string;
  /** The scheduled occurrence it completes (epoch ms), null when done off-schedule. */
  occurrence_at: number | null;
  completed_by: string;
  completed_at: number;
  note: string;
  /** JSON: each item's text, tick, note and live answer at completion time. */
  items: string;
  drill_recovery_minutes: number | null;
  drill_data_loss_minutes: number | null;
};

/** Issue 19: a maintenance window; sections, services and silence_ids are JSON arrays. */
export type MaintenanceWindowsTable = {
  id: string;
  sections: string;
  services: string;
  starts_at: number;
  ends_at: number;
  reason: string;
  state: import('@/lib/maintenance/types').MaintenanceState;
  created_by: string;
  created_at: number;
  /** 0 or 1 (SQLite has no boolean). */
  approval_required: number;
  decided_by: string | null;
  decided_at: number | null;
  silence_ids: string;
  ended_at: number | null;
  ended_by: string | null;
  end_note: string | null;
  last_error: string | null;
};

/** Issue 19: one recorded rotation of a register entry (config/routines.yaml `rotations`). */
export type RotationRecordsTable = {
  id: string;
  rotation_id: string;
  rotated_at: number;
  recorded_by: string;
  recorded_at: number;
  note: string;
};

export type Database = {
  users: UsersTable;
  sessions: SessionsTable;
  display_tokens: DisplayTokensTable;
  login_failures: LoginFailuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  action_runs: ActionRunsTable;
  incidents: IncidentsTable;
  incident_events: IncidentEventsTable;
  incident_stars: IncidentStarsTable;
  section_transitions: SectionTransitionsTable;
  leases: LeasesTable;
  pms_probes: PmsProbesTable;
  temporary_changes: TemporaryChangesTable;
  kept_acknowledgements: KeptAcknowledgementsTable;
  routine_completions: RoutineCompletionsTable;
  maintenance_windows: MaintenanceWindowsTable;
  rotation_records: RotationRecordsTable;
};

export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type DisplayToken = Selectable<DisplayTokensTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type ActionRun = Selectable<ActionRunsTable>;
export type IncidentRow = Selectable<IncidentsTable>;
export type IncidentEventRow = Selectable<IncidentEventsTable>;
export type SectionTransitionRow = Selectable<SectionTransitionsTable>;
export type TemporaryChangeRow = Selectable<TemporaryChangesTable>;
export type KeptAcknowledgementRow = Selectable<KeptAcknowledgementsTable>;
export type RoutineCompletionRow = Selectable<RoutineCompletionsTable>;
export type MaintenanceWindowRow = Selectable<MaintenanceWindowsTable>;
export type RotationRecordRow = Selectable<RotationRecordsTable>;
