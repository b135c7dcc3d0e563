// @ts-check

/**
 * Digital asset guardianship: the explained risk rating and its history, access reviews and
 * leavers. The extended controls live in the existing `controls` JSON column.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_services', table => {
    table
      .text('risk_json')
      .nullable()
      .comment(
        'JSON of the current risk assessment: levels and every factor with its contribution',
      );
    table
      .string('risk_assessed_at', 32)
      .nullable()
      .comment('ISO 8601 time the rating was last computed');
    table
      .integer('leaver_count')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Admins and the service owner who are no longer Users in the catalog',
      );
    table
      .boolean('service_owner_in_organisation')
      .notNullable()
      .defaultTo(true)
      .comment(
        'False when the named service owner is no longer a User in the catalog',
      );
    table
      .string('access_review_due_at', 32)
      .nullable()
      .comment('ISO 8601 time the next access review is due');
    table.index(['leaver_count'], 'social_services_leaver_count_idx');
    table.index(
      ['access_review_due_at'],
      'social_services_access_review_due_idx',
    );
  });

  await knex.schema.createTable('social_service_risk_history', table => {
    table.comment('Every change of a service risk rating, with its reasons');
    table.increments('id').comment('Surrogate key, in order of recording');
    table
      .string('service_id', 64)
      .notNullable()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The service');
    table.string('rating', 16).notNullable().comment('The new rating');
    table
      .string('previous_rating', 16)
      .nullable()
      .comment('The rating before; null for the first');
    table.integer('likelihood_level').notNullable().comment('1 to 4');
    table.integer('impact_level').notNullable().comment('1 to 4');
    table
      .text('reasons_json')
      .notNullable()
      .comment('JSON of the factors that raised the new rating');
    table
      .string('trigger', 64)
      .notNullable()
      .comment(
        'What caused it: create, update, access-review, leaver-detection, schedule, …',
      );
    table.string('at', 32).notNullable().comment('ISO 8601 time');
    table.index(
      ['service_id', 'id'],
      'social_service_risk_history_service_idx',
    );
    table.index(['at'], 'social_service_risk_history_at_idx');
  });

  await knex.schema.createTable('social_service_access_reviews', table => {
    table.comment('Attestations of the admin list of a service');
    table.increments('id').comment('Surrogate key, in order of recording');
    table
      .string('service_id', 64)
      .notNullable()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The service');
    table
      .string('reviewer', 255)
      .notNullable()
      .comment('Entity ref of who attested the list');
    table.string('at', 32).notNullable().comment('ISO 8601 time');
    table
      .text('decisions_json')
      .notNullable()
      .comment('JSON of one keep-or-remove decision per admin');
    table.text('note').nullable().comment('What the reviewer added');
    table.index(
      ['service_id', 'id'],
      'social_service_access_reviews_service_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_service_access_reviews');
  await knex.schema.dropTable('social_service_risk_history');
  await knex.schema.alterTable('social_services', table => {
    table.dropIndex([], 'social_services_leaver_count_idx');
    table.dropIndex([], 'social_services_access_review_due_idx');
    table.dropColumns(
      'risk_json',
      'risk_assessed_at',
      'leaver_count',
      'service_owner_in_organisation',
      'access_review_due_at',
    );
  });
};
