// @ts-check

/**
 * Each audit entry names how its hash covers its content. Entries written so far keep format 1
 * (the JSON array of their fields); new entries are written in format 2 (each field as its
 * length and text), which the databases rebuild several times faster when the chain is verified.
 * The format is itself covered: changing it makes the entry fail its hash.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_media_audit_log', table => {
    table
      .smallint('hash_format')
      .notNullable()
      .defaultTo(1)
      .comment(
        'How the hash covers the entry: 1 JSON array, 2 length-prefixed fields',
      );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_media_audit_log', table => {
    table.dropColumn('hash_format');
  });
};
