// The incident lifecycle as data: which status may follow which, and what each step requires. Pure, so the
// rules are tested on their own and the UI offers exactly the moves the server accepts.

export const incidentStatuses = ['triage', 'investigating', 'identified', 'monitoring', 'resolved', 'closed', 'declined', 'merged'] as const;
export type IncidentStatus = (typeof incidentStatuses)[number];

/** Open = someone is still working on it (shown in the banner, on the wall, in the handover). */
export const openStatuses: readonly IncidentStatus[] = ['triage', 'investigating', 'identified', 'monitoring'];
export const isOpen = (status: string) => (openStatuses as readonly string[]).includes(status);

const next: Record<IncidentStatus, readonly IncidentStatus[]> = {
  triage: ['investigating', 'declined', 'merged'],
  investigating: ['identified', 'monitoring', 'resolved', 'merged'],
  identified: ['investigating', 'monitoring', 'resolved', 'merged'],
  monitoring: ['investigating', 'identified', 'resolved'],
  // Reopened when it comes back before it is closed.
  resolved: ['investigating', 'closed'],
  closed: [],
  declined: [],
  merged: [],
};

/** From `investigating` on, somebody must be in charge. */
const needsCommander: readonly IncidentStatus[] = ['investigating', 'identified', 'monitoring', 'resolved', 'closed'];

export const incidentRoles = ['commander', 'communications_lead', 'scribe'] as const;
export type IncidentRole = (typeof incidentRoles)[number];
export const roleTitles: Record<IncidentRole, string> = { commander: 'Incident commander', communications_lead: 'Communications lead', scribe: 'Scribe' };

export function allowedNextStatuses(status: IncidentStatus): readonly IncidentStatus[] {
  return next[status];
}

export type TransitionFacts = {
  commander: string | null;
  /** Resolving: whether every linked section reads `ok` now. */
  sectionsOk?: boolean;
  /** Resolving while a section is not ok, or closing with the post-mortem waived: why. */
  reason?: string | null;
  /** Closing: the post-mortem's root cause is written, or it was waived with a reason. */
  postmortemDone?: boolean;
  mergedInto?: string | null;
};

/** Why the move is refused, in words for the person making it; null when it is allowed. */
export function checkTransition(from: IncidentStatus, to: IncidentStatus, facts: TransitionFacts): string | null {
  if (from === to) return `the incident is already ${to}`;
  if (!next[from].includes(to)) return `an incident cannot go from ${from} to ${to}${next[from].length ? ` (next: ${next[from].join(', ')})` : ` (${from} is final)`}`;
  if (needsCommander.includes(to) && !facts.commander) return `${to} needs an incident commander: assign one first`;
  if (to === 'resolved' && facts.sectionsOk === false && !facts.reason?.trim()) return 'a linked section is not back to ok: give a reason to resolve anyway';
  if (to === 'closed' && !facts.postmortemDone) return 'closing needs the post-mortem written (root cause) or waived with a reason';
  if (to === 'merged' && !facts.mergedInto) return 'merging needs the incident it is merged into';
  return null;
}
