// @ts-check

/**
 * Services whose incidents changed and whose open count and rating are still to be worked out
 * again. The incident sync writes its pages without rating their services page after page (a
 * service with thousands of incidents would be rated again on every page that names it); it
 * notes them here, in the page's own transaction, and rates them in batches during and after the
 * run. A run that stops leaves them here for the next one.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_service_rating_due', table => {
    table.comment(
      'Services to be rated again after their incidents changed (the incident sync rates them in batches)',
    );
    table
      .string('service_id', 255)
      .notNullable()
      .primary()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The service whose incidents changed');
    table
      .string('since', 32)
      .notNullable()
      .comment('ISO 8601 time of the first change not yet rated');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_service_rating_due');
};
