import { AuditEntry } from '@internal/plugin-social-media-common';

/** A row of the audit trail as knex returns it from SQLite or PostgreSQL. */
export type AuditRow = {
  seq: number | string;
  entity_type: string;
  entity_id: string;
  action: string;
  actor: string;
  at: string;
  before_json: string | null;
  after_json: string | null;
  prev_hash: string;
  hash: string;
  hash_format: number;
};

/**
 * A snapshot as the trail holds it. The catalogue writes JSON; text that is not JSON was put
 * there by hand (verification names the entry as edited) and is kept as that text, so that the
 * auditor reading the log sees what the database holds instead of losing the whole page.
 */
function snapshot(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** An entry of the trail as the API shows it. */
export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    entityType: row.entity_type as AuditEntry['entityType'],
    entityId: row.entity_id,
    action: row.action,
    actor: row.actor,
    at: row.at,
    ...(row.before_json ? { before: snapshot(row.before_json) } : {}),
    ...(row.after_json ? { after: snapshot(row.after_json) } : {}),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
