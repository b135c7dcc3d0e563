// @ts-check

/**
 * What the store holds of each incident, so that reading an incident again (the overlap each
 * incremental run reads before its cursor, a page served twice) costs a comparison, not a
 * write: the ITSM's own change counter where it has one, and a fingerprint of the incident as
 * the connector delivered it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_service_incidents', table => {
    table
      .bigInteger('version')
      .nullable()
      .comment(
        "The ITSM's change counter of the record (e.g. ServiceNow sys_mod_count), when it has one",
      );
    table
      .string('fingerprint', 64)
      .nullable()
      .comment('SHA-256 of the incident as the connector delivered it');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_service_incidents', table => {
    table.dropColumn('version');
    table.dropColumn('fingerprint');
  });
};
