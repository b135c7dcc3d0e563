// @ts-check

/**
 * Indexes for the audit log page and exports: each filter (who, what, when) reads its entries
 * newest first by seq without scanning the whole trail. Entries about one record already have
 * their index (entity type, entity id, seq).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_media_audit_log', table => {
    table.index(['actor', 'seq'], 'social_media_audit_log_actor_idx');
    table.index(['action', 'seq'], 'social_media_audit_log_action_idx');
    table.index(['at', 'seq'], 'social_media_audit_log_at_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_media_audit_log', table => {
    table.dropIndex(['actor', 'seq'], 'social_media_audit_log_actor_idx');
    table.dropIndex(['action', 'seq'], 'social_media_audit_log_action_idx');
    table.dropIndex(['at', 'seq'], 'social_media_audit_log_at_idx');
  });
};
