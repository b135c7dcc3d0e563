// @ts-check

/**
 * Requests for new social services: what a business team asks for, the approvals it needs and
 * every step of its way (filed, submitted, decided, withdrawn, provisioned), with who and when.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_service_requests', table => {
    table.comment('Requests for new social services');
    table.increments('id').comment('The request number');
    table
      .string('status', 32)
      .notNullable()
      .comment(
        'draft, submitted, changes-requested, approved, rejected, withdrawn, provisioned',
      );
    table.integer('version').notNullable().comment('Increases with every step');
    table
      .string('requester', 255)
      .notNullable()
      .comment('Entity ref of who filed it');
    table
      .string('requesting_team', 255)
      .notNullable()
      .comment('Entity ref of the team asking');
    table.string('platform', 32).notNullable().comment('The platform');
    table
      .string('handle_key', 255)
      .notNullable()
      .comment('The handle, lowercased, to find requests for the same account');
    table
      .text('fields_json')
      .notNullable()
      .comment('JSON of what was asked for');
    table
      .text('prediction_json')
      .notNullable()
      .comment(
        'JSON of the predicted rating and the requirements of operation',
      );
    table
      .text('approvals_json')
      .notNullable()
      .comment('JSON of the approvals needed and who gave them');
    table
      .string('service_id', 64)
      .nullable()
      .comment('The service it became, once provisioned');
    table.string('created_at', 32).notNullable().comment('ISO 8601 time');
    table.string('updated_at', 32).notNullable().comment('ISO 8601 time');
    table.index(['status'], 'social_service_requests_status_idx');
    table.index(['requester'], 'social_service_requests_requester_idx');
    table.index(
      ['platform', 'handle_key'],
      'social_service_requests_account_idx',
    );
  });

  await knex.schema.createTable('social_service_request_steps', table => {
    table.comment('Every step of a request, in order');
    table.increments('id').comment('Surrogate key, in order of recording');
    table
      .integer('request_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('social_service_requests')
      .onDelete('CASCADE')
      .comment('The request');
    table
      .string('action', 32)
      .notNullable()
      .comment(
        'create, update, submit, approve, reject, request-changes, withdraw, provision',
      );
    table
      .string('actor', 255)
      .notNullable()
      .comment('Entity ref of who did it');
    table.string('at', 32).notNullable().comment('ISO 8601 time');
    table.string('from_status', 32).nullable().comment('Status before');
    table.string('to_status', 32).notNullable().comment('Status after');
    table.text('comment').nullable().comment('What they said');
    table.index(
      ['request_id', 'id'],
      'social_service_request_steps_request_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_service_request_steps');
  await knex.schema.dropTable('social_service_requests');
};
