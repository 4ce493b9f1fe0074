// Schema migrations, written once with Kysely's builder so SQLite and PostgreSQL get the same tables.
// Never edit a migration that has shipped: add the next one.
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';

const initial: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('users')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('username', 'text', (c) => c.notNull().unique())
      .addColumn('display_name', 'text', (c) => c.notNull())
      .addColumn('email', 'text')
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('password_hash', 'text')
      .addColumn('oidc_subject', 'text', (c) => c.unique())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('disabled_at', 'bigint')
      .addColumn('last_sign_in_at', 'bigint')
      .execute();

    await db.schema
      .createTable('display_tokens')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .addColumn('revoked_by', 'text')
      .addColumn('last_used_at', 'bigint')
      .execute();

    await db.schema
      .createTable('sessions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('display_token_id', 'text', (c) => c.references('display_tokens.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .addColumn('client_address', 'text')
      .addColumn('user_agent', 'text')
      .execute();
    await db.schema.createIndex('sessions_user_id').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_display_token_id').on('sessions').column('display_token_id').execute();

    await db.schema
      .createTable('login_failures')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('first_failure_at', 'bigint', (c) => c.notNull())
      .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
      .addColumn('locked_until', 'bigint')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('actor_role', 'text')
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('target', 'text')
      .addColumn('outcome', 'text', (c) => c.notNull())
      .addColumn('client_address', 'text')
      .addColumn('detail', 'text', (c) => c.notNull())
      // A unique previous hash: two writers can never both extend the same record (no forks).
      .addColumn('prev_hash', 'text', (c) => c.notNull().unique())
      .addColumn('hash', 'text', (c) => c.notNull().unique())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').column('actor').execute();

    await db.schema
      .createTable('audit_head')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .execute();
  },
};

/**
 * The audit log is append-only in the database itself: rows cannot be changed or deleted, and the head
 * only moves forward one record at a time. Whoever owns the database can drop these guards; the hash
 * chain is what then shows the tampering.
 */
function appendOnlyAudit(engine: 'sqlite' | 'postgres'): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const statements =
        engine === 'sqlite'
          ? [
              sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`,
              sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`,
              sql`create trigger audit_head_forward before update on audit_head when new.seq <> old.seq + 1 begin select raise(abort, 'audit_head only moves forward'); end`,
              sql`create trigger audit_head_no_delete before delete on audit_head begin select raise(abort, 'audit_head only moves forward'); end`,
            ]
          : [
              sql`create function audit_append_only() returns trigger language plpgsql as $$
                begin
                  if tg_table_name = 'audit_head' and tg_op = 'UPDATE' and new.seq = old.seq + 1 then return new; end if;
                  raise exception '% is append-only (% refused)', tg_table_name, tg_op;
                end $$`,
              sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_append_only()`,
              sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_append_only()`,
              sql`create trigger audit_head_forward before update or delete on audit_head for each row execute function audit_append_only()`,
            ];
      for (const statement of statements) await statement.execute(db);
    },
  };
}

/** Remediation runs: one row per request to run an action, from preview through approval to its outcome. */
const actionRuns: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('action_runs')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('section_id', 'text', (c) => c.notNull())
      .addColumn('step_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('reason', 'text')
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requested_role', 'text', (c) => c.notNull())
      .addColumn('requested_at', 'bigint', (c) => c.notNull())
      .addColumn('idempotency_key', 'text', (c) => c.notNull())
      .addColumn('needs_approval', 'integer', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('resource_version', 'text')
      .addColumn('diff', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'bigint')
      .addColumn('decision_comment', 'text')
      .addColumn('result', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      // A double click or a retried request carries the same key: it finds the first run instead of starting another.
      .addUniqueConstraint('action_runs_idempotency', ['requested_by', 'idempotency_key'])
      .execute();
    await db.schema.createIndex('action_runs_status').on('action_runs').column('status').execute();
    await db.schema.createIndex('action_runs_requested_at').on('action_runs').column('requested_at').execute();
  },
};

/**
 * Issue 12. Display tokens: bound to the first screen that uses them (or each new screen replacing the last,
 * as the admin chose), an optional expiry, rotation, and the address each was last used from; a display
 * session ended by a replacement or a rotation says so. Sign-in throttling per (account, client): the
 * account a failure row belongs to, so an account's rows can be counted (how many clients guess at it)
 * and lifted together (`ops user unlock`).
 */
const displayBindingAndThrottle: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('display_tokens').addColumn('binding', 'text', (c) => c.notNull().defaultTo('first-device')).execute();
    await db.schema.alterTable('display_tokens').addColumn('expires_at', 'bigint').execute();
    await db.schema.alterTable('display_tokens').addColumn('bound_at', 'bigint').execute();
    await db.schema.alterTable('display_tokens').addColumn('rotated_at', 'bigint').execute();
    await db.schema.alterTable('display_tokens').addColumn('last_used_address', 'text').execute();
    // A token already exchanged is bound to the screens it signed in: they keep working, a new one is refused.
    await sql`update display_tokens set bound_at = coalesce(last_used_at, created_at) where exists (select 1 from sessions where sessions.display_token_id = display_tokens.id)`.execute(db);
    await db.schema.alterTable('sessions').addColumn('end_reason', 'text').execute();
    await db.schema.alterTable('login_failures').addColumn('account', 'text').execute();
    await db.schema.createIndex('login_failures_account').on('login_failures').column('account').execute();
    // The old per-account rows locked an account for everyone: they are dropped, not carried over.
    await sql`delete from login_failures where key like 'account:%'`.execute(db);
  },
};

/**
 * What happened after a run executed, each written once (guarded in the UPDATE): the section as it was
 * when the action ran, its change followed to its end, and the recovery verdict with its evidence.
 */
const actionRunOutcome: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('action_runs').addColumn('baseline', 'text').execute();
    await db.schema.alterTable('action_runs').addColumn('progress', 'text').execute();
    await db.schema.alterTable('action_runs').addColumn('verdict', 'text').execute();
  },
};

/**
 * Issue 17. Audit records name their section and incident in columns (the log can be filtered by them,
 * and an incident's timeline is read from it); the hash version says which fields a record's hash covers,
 * so records written before stay verifiable (lib/audit/chain.ts).
 */
const auditSectionAndIncident: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('audit_log').addColumn('hash_version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
    await db.schema.alterTable('audit_log').addColumn('section', 'text').execute();
    await db.schema.alterTable('audit_log').addColumn('incident', 'text').execute();
    await db.schema.createIndex('audit_log_section_at').on('audit_log').columns(['section', 'at']).execute();
    await db.schema.createIndex('audit_log_incident').on('audit_log').column('incident').execute();
  },
};

/**
 * Issue 17. Incidents, the events people add to their timelines, the stars on any timeline event, and the
 * sections' severity transitions as the recorder saw them (once per change, whoever was watching).
 */
const incidents: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('incidents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('number', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('summary', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('merged_into', 'text')
      .addColumn('sections', 'text', (c) => c.notNull())
      .addColumn('alerts', 'text', (c) => c.notNull())
      .addColumn('commander', 'text')
      .addColumn('communications_lead', 'text')
      .addColumn('scribe', 'text')
      .addColumn('declared_by', 'text', (c) => c.notNull())
      .addColumn('declared_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('started_evidence', 'text')
      .addColumn('resolved_at', 'bigint')
      .addColumn('closed_at', 'bigint')
      .addColumn('escalation_level', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_update_at', 'bigint')
      .addColumn('milestone_corrections', 'text', (c) => c.notNull())
      .addColumn('postmortem', 'text', (c) => c.notNull())
      .addColumn('dismissed_proposal', 'text')
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addUniqueConstraint('incidents_year_number', ['year', 'number'])
      .execute();
    await db.schema.createIndex('incidents_status').on('incidents').column('status').execute();

    await db.schema
      .createTable('incident_events')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('incident_events_incident_at').on('incident_events').columns(['incident_id', 'at']).execute();

    await db.schema
      .createTable('incident_stars')
      .addColumn('incident_id', 'text', (c) => c.notNull().references('incidents.id'))
      .addColumn('event_key', 'text', (c) => c.notNull())
      .addColumn('starred_by', 'text', (c) => c.notNull())
      .addColumn('starred_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('incident_stars_pk', ['incident_id', 'event_key'])
      .execute();

    await db.schema
      .createTable('section_transitions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('section_id', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('from_severity', 'text')
      .addColumn('to_severity', 'text', (c) => c.notNull())
      .addColumn('evidence', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('section_transitions_section_at').on('section_transitions').columns(['section_id', 'at']).execute();
  },
};

/**
 * Issue 15 point 5. What the requester saw, kept for the approver: the preview's warnings (an autoscaler
 * that will fight a scale, a key that does not exist …) and the section's severity when the request was made.
 */
const runRequestContext: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('action_runs').addColumn('warnings', 'text').execute();
    await db.schema.alterTable('action_runs').addColumn('section_severity', 'text').execute();
  },
};

/**
 * Issue 18: leases, so background work runs once across replicas and is taken over when its holder dies, and
 * the moment a run's change was about to be sent (a replica taking a run over must not send it twice).
 */
const leases: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('leases')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('holder', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('acquired_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.alterTable('action_runs').addColumn('execution_started_at', 'bigint').execute();
  },
};

/**
 * Issue 18: PMS probe results in the store, so one replica probes each interval (under the background lease) and
 * every replica shows the same latest result and history, without gaps when the viewer moves to another replica.
 */
const pmsProbes: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('pms_probes')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('vendor', 'text', (c) => c.notNull())
      .addColumn('checked_at', 'bigint', (c) => c.notNull())
      .addColumn('result', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('pms_probes_vendor_checked_at').on('pms_probes').columns(['vendor', 'checked_at']).execute();
  },
};

/**
 * Issue 14 point 12. A change chosen for a while (a fallback mode, debug logging, a raised limit): the run
 * keeps the duration the person chose (the approver approves it), and once it succeeded the change is kept
 * with the values it replaced until it is set back, when its time runs out or earlier by hand.
 */
const temporaryChanges: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('action_runs').addColumn('temporary_minutes', 'integer').execute();
    await db.schema
      .createTable('temporary_changes')
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .addColumn('section_id', 'text', (c) => c.notNull())
      .addColumn('step_id', 'text', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('target', 'text', (c) => c.notNull())
      .addColumn('params', 'text', (c) => c.notNull())
      .addColumn('set_values', 'text', (c) => c.notNull())
      .addColumn('previous_values', 'text', (c) => c.notNull())
      .addColumn('set_by', 'text', (c) => c.notNull())
      .addColumn('set_at', 'bigint', (c) => c.notNull())
      .addColumn('revert_at', 'bigint', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('claimed_at', 'bigint')
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', 'text')
      .addColumn('ended_at', 'bigint')
      .addColumn('ended_by', 'text')
      .addColumn('end_note', 'text')
      .execute();
    await db.schema.createIndex('temporary_changes_state_revert_at').on('temporary_changes').columns(['state', 'revert_at']).execute();
  },
};

/**
 * Issue 17 (handover). An acknowledgement made from an incident, kept alive while its alert fires: the silence
 * is extended before it ends, and ended by the console when the incident's recovery is verified (resolved).
 */
const keptAcknowledgements: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('kept_acknowledgements')
      .addColumn('silence_id', 'text', (c) => c.primaryKey())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('alert_name', 'text', (c) => c.notNull())
      .addColumn('incident_id', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('extensions', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('end_note', 'text')
      .execute();
  },
};

/**
 * Issue 19. A routine done in the console: who completed which scheduled occurrence, when, the items ticked and
 * noted, the live answers as they stood at completion, and for the DR drill the measured recovery time and data loss.
 */
const routineCompletions: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('routine_completions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('routine_id', 'text', (c) => c.notNull())
      .addColumn('occurrence_at', 'bigint')
      .addColumn('completed_by', 'text', (c) => c.notNull())
      .addColumn('completed_at', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .addColumn('items', 'text', (c) => c.notNull())
      .addColumn('drill_recovery_minutes', 'integer')
      .addColumn('drill_data_loss_minutes', 'integer')
      .execute();
    await db.schema.createIndex('routine_completions_routine_completed_at').on('routine_completions').columns(['routine_id', 'completed_at']).execute();
    await db.schema.createIndex('routine_completions_completed_at').on('routine_completions').column('completed_at').execute();
  },
};

/**
 * Issue 19. Maintenance windows: sections and/or services, start, end and reason, made of Alertmanager silences
 * (their ids kept), approved by a second person when longer than the configured time. And the rotations register:
 * each recorded rotation of a secret or certificate of config/routines.yaml (who, when, note).
 */
const maintenanceAndRotations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('maintenance_windows')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('sections', 'text', (c) => c.notNull())
      .addColumn('services', 'text', (c) => c.notNull())
      .addColumn('starts_at', 'bigint', (c) => c.notNull())
      .addColumn('ends_at', 'bigint', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('approval_required', 'integer', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'bigint')
      .addColumn('silence_ids', 'text', (c) => c.notNull())
      .addColumn('ended_at', 'bigint')
      .addColumn('ended_by', 'text')
      .addColumn('end_note', 'text')
      .addColumn('last_error', 'text')
      .execute();
    await db.schema.createIndex('maintenance_windows_state_ends_at').on('maintenance_windows').columns(['state', 'ends_at']).execute();
    await db.schema
      .createTable('rotation_records')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('rotation_id', 'text', (c) => c.notNull())
      .addColumn('rotated_at', 'bigint', (c) => c.notNull())
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'bigint', (c) => c.notNull())
      .addColumn('note', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('rotation_records_rotation_rotated_at').on('rotation_records').columns(['rotation_id', 'rotated_at']).execute();
  },
};

export function createMigrationProvider(engine: 'sqlite' | 'postgres'): MigrationProvider {
  return {
    getMigrations: async () => ({
      '2026-11-23-001-identity-and-audit': initial,
      '2026-11-23-002-append-only-audit': appendOnlyAudit(engine),
      '2026-11-23-003-action-runs': actionRuns,
      // 012: issue 12 (numbered so that migrations added beside it for other issues sort before it).
      '2026-11-23-012-display-binding-and-throttle': displayBindingAndThrottle,
      '2026-12-01-004-action-run-outcome': actionRunOutcome,
      '2026-12-03-015-run-request-context': runRequestContext,
      '2026-12-03-017-audit-section-and-incident': auditSectionAndIncident,
      '2026-12-03-017-incidents': incidents,
      '2026-12-04-014-temporary-changes': temporaryChanges,
      '2026-12-04-017-kept-acknowledgements': keptAcknowledgements,
      '2026-12-04-018-leases': leases,
      '2026-12-04-018-pms-probes': pmsProbes,
      '2026-12-04-019-routine-completions': routineCompletions,
      '2026-12-04-019-maintenance-and-rotations': maintenanceAndRotations,
    }),
  };
}
