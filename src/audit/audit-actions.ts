/**
 * Every audited action and the shape of its `changes`. Field changes are `{field: {from, to}}`;
 * snapshots hold the record's public fields. Secrets never appear.
 */
export type FieldChanges = Record<string, { from: unknown; to: unknown }>;
export type Snapshot = Record<string, unknown>;

export interface AuditPayloads {
  'auth.login_succeeded': { method: 'password' | 'password+totp' };
  'auth.login_failed': {
    reason: 'bad_credentials' | 'locked' | 'inactive' | 'totp_required' | 'bad_totp' | 'account_changed';
  };
  'auth.account_locked': { until: string; failures: number };
  'auth.token_refreshed': { sessionId: string };
  'auth.refresh_token_reused': { sessionId: string };
  'auth.logout': { sessionId: string };
  'auth.password_changed': { sessionsRevoked: number };
  'auth.password_set': { purpose: 'invitation' | 'reset' };
  'auth.password_reset_requested': null;
  'auth.mfa_setup_started': null;
  'auth.mfa_enabled': { sessionsRevoked: number };
  'auth.mfa_disabled': null;
  'auth.api_key_created': { name: string; expiresAt: string };
  'auth.api_key_revoked': { name: string };
  /** An admin's change to the user (deactivation, a new role or member) ended their sessions. */
  'auth.sessions_revoked': { sessionsRevoked: number };
  'user.created': { after: Snapshot };
  'user.updated': FieldChanges;
  'user.deactivated': FieldChanges;
  'member.created': { after: Snapshot };
  'member.updated': FieldChanges;
  'notice.created': { after: Snapshot };
  'notice.updated': FieldChanges;
  'notice.submitted': FieldChanges;
  'notice.shared': FieldChanges;
  'notice.rejected': FieldChanges & { reason?: { from: unknown; to: unknown } };
  'notice.archived': FieldChanges;
  'notice.acknowledged': { memberCode: string };
  'notice.red_read': null;
  'proposal.created': { after: Snapshot };
  'proposal.updated': FieldChanges;
  'proposal.opened': FieldChanges;
  'proposal.withdrawn': FieldChanges;
  'proposal.closed': FieldChanges;
  'proposal.reply_given': { memberCode: string; position: string; previous: string | null };
  'proposal.reminder_sent': { memberCodes: string[]; recipients: number };
  'meeting.created': { after: Snapshot };
  'meeting.updated': FieldChanges;
  'meeting.cancelled': FieldChanges;
  'meeting.agenda_item_added': { after: Snapshot };
  'meeting.agenda_item_updated': { itemId: string; changes: FieldChanges };
  'meeting.agenda_item_removed': { before: Snapshot };
  'meeting.agenda_reordered': { from: string[]; to: string[] };
  'meeting.agenda_circulated': { agendaVersion: number; recipients: number };
  'meeting.attendance_given': { memberCode: string; response: string; attendees: string[]; previous: string | null };
  'meeting.minutes_written': { actionItems: number; replaced: boolean };
  'notification.retried': { messageId: string };
}

export type AuditAction = keyof AuditPayloads;

export interface AuditEntry<A extends AuditAction = AuditAction> {
  action: A;
  entityType: string;
  entityId: string | null;
  changes: AuditPayloads[A];
  /** Defaults to the signed-in caller; `null` records a system action or an anonymous one. */
  actor?: { id: string | null; role: string | null } | null;
}

/** `{field: {from, to}}` for the listed fields whose values differ. */
export function fieldChanges<T extends object>(before: T, after: T, fields: (keyof T)[]): FieldChanges {
  const changes: FieldChanges = {};
  for (const field of fields) {
    const from = before[field] instanceof Date ? (before[field] as Date).toISOString() : before[field];
    const to = after[field] instanceof Date ? (after[field] as Date).toISOString() : after[field];
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[String(field)] = { from, to };
  }
  return changes;
}
