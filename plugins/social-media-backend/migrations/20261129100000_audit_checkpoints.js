// @ts-check

/**
 * Keyed checkpoints of the audit trail: the end of the chain (seq and hash) at a point in time,
 * signed with an HMAC whose key lives in configuration, not in the database. Someone who can
 * write to the database but lacks the key can neither rewrite history before a checkpoint nor
 * cut entries off the end without verification saying so.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_media_audit_checkpoints', table => {
    table.comment(
      'Signed checkpoints of the end of the audit chain, written on a schedule',
    );
    table.increments('id').comment('Order in which checkpoints were written');
    table
      .bigInteger('seq')
      .notNullable()
      .comment(
        'Seq of the last entry of the chain when checkpointed, 0 when empty',
      );
    table
      .string('hash', 64)
      .notNullable()
      .comment('Hash of that entry (empty for an empty chain)');
    table
      .string('at', 32)
      .notNullable()
      .comment('ISO 8601 time of the checkpoint');
    table
      .string('mac', 64)
      .notNullable()
      .comment('HMAC-SHA256 (hex) of seq, hash and at with the configured key');
    table.index(['seq'], 'social_media_audit_checkpoints_seq_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_media_audit_checkpoints');
};
