// @ts-check

/**
 * What each connector exported of each service to its ITSM's CMDB: the record's id there and
 * its version as the tool stamped it after the export. The next export finds the record again by
 * it, and a record whose version moved since was changed in the tool: a conflict, not overwritten.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_media_itsm_exports', table => {
    table.comment(
      'Records exported to an ITSM CMDB per connector and service, with their version then',
    );
    table
      .string('connector_id', 64)
      .notNullable()
      .comment('The ITSM connector that exported, e.g. servicenow');
    table
      .string('service_id', 255)
      .notNullable()
      .comment(
        'The catalogue service exported (kept after the service is deleted)',
      );
    table
      .string('external_id', 255)
      .notNullable()
      .comment(
        "The exported record's id in the ITSM, e.g. a ServiceNow sys_id",
      );
    table
      .string('external_version', 255)
      .notNullable()
      .comment(
        "The record's version in the ITSM after the export (connector-defined)",
      );
    table
      .string('exported_at', 32)
      .notNullable()
      .comment('ISO 8601 time of the export that stored this version');
    table.primary(
      ['connector_id', 'service_id'],
      'social_media_itsm_exports_pk',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_media_itsm_exports');
};
