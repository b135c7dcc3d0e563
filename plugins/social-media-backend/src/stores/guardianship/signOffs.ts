import { Knex } from 'knex';
import { TABLES } from '../database';

/** A row of `social_service_sign_offs`. */
export interface SignOffRow {
  service_id: string;
  signed_by: string;
  signed_at: string;
  rating: string;
  note: string;
}

/** The latest sign-off of a service, and whether its rating changed since. */
export interface StoredSignOff extends SignOffRow {
  ratingChangedSince: boolean;
}

/**
 * Reads the latest sign-off of a service's risk assessment. A change of rating recorded after it
 * (in the risk history) leaves it stale; so does a rating that differs from the one signed.
 */
export async function readLatestSignOff(
  db: Knex,
  serviceId: string,
): Promise<StoredSignOff | undefined> {
  const row = (await db(TABLES.signOffs)
    .where({ service_id: serviceId })
    .orderBy('id', 'desc')
    .first()) as (SignOffRow & { id: number }) | undefined;
  if (!row) return undefined;
  const later = await db(TABLES.riskHistory)
    .where({ service_id: serviceId })
    .where('at', '>', row.signed_at)
    .first('id');
  return {
    service_id: row.service_id,
    signed_by: row.signed_by,
    signed_at: row.signed_at,
    rating: row.rating,
    note: row.note,
    ratingChangedSince: Boolean(later),
  };
}

/** Records a sign-off. */
export async function insertSignOff(db: Knex, row: SignOffRow): Promise<void> {
  await db(TABLES.signOffs).insert(row);
}
