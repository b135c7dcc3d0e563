// @ts-check

/**
 * Stage compliance and risk sign-offs: whether each service meets the requirements of the stage
 * it is in (kept with its rating, so that the catalogue can filter and the dashboard count by
 * it), and every sign-off of a service's risk assessment with who signed which rating.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_services', table => {
    table
      .boolean('out_of_compliance')
      .nullable()
      .comment(
        'True when the service lacks a requirement of its lifecycle stage; null until rated again',
      );
    table.index(['out_of_compliance'], 'social_services_out_of_compliance_idx');
    table
      .string('access_reviewed_at', 32)
      .nullable()
      .comment(
        'ISO 8601 time of the last access review recorded; null when there never was one',
      );
  });
  // The last review comes from the reviews recorded, no longer from a date typed into the
  // controls.
  await knex('social_services').update({
    access_reviewed_at: knex('social_service_access_reviews')
      .max('at')
      .where('service_id', knex.ref('social_services.id')),
  });

  await knex.schema.createTable('social_service_sign_offs', table => {
    table.comment('Sign-offs of the risk assessment of a service');
    table.increments('id').comment('Surrogate key, in order of signing');
    table
      .string('service_id', 64)
      .notNullable()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The service');
    table
      .string('signed_by', 255)
      .notNullable()
      .comment(
        'Entity ref of the service owner or security officer who signed',
      );
    table.string('signed_at', 32).notNullable().comment('ISO 8601 time');
    table.string('rating', 16).notNullable().comment('The rating signed off');
    table.text('note').notNullable().comment('Why the signer accepts it');
    table.index(['service_id', 'id'], 'social_service_sign_offs_service_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_service_sign_offs');
  await knex.schema.alterTable('social_services', table => {
    table.dropIndex([], 'social_services_out_of_compliance_idx');
    table.dropColumn('out_of_compliance');
    table.dropColumn('access_reviewed_at');
  });
};
