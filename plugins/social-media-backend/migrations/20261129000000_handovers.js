// @ts-check

/**
 * Transfers of a service to another group and retirements, as requests: who asked, who must
 * decide, the checklist as answered, and every step with who and when.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_service_handovers', table => {
    table.comment(
      'Requests to transfer a service to another group or retire it',
    );
    table.increments('id').comment('The request number');
    table
      .string('kind', 16)
      .notNullable()
      .checkIn(
        ['transfer', 'retirement'],
        'social_service_handovers_kind_check',
      )
      .comment('transfer or retirement');
    table
      .string('service_id', 64)
      .notNullable()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The service');
    table
      .string('service_name', 255)
      .notNullable()
      .comment("The service's name when the request was filed");
    table
      .string('status', 16)
      .notNullable()
      .checkIn(
        ['submitted', 'completed', 'declined', 'withdrawn'],
        'social_service_handovers_status_check',
      )
      .comment('submitted, completed, declined, withdrawn');
    table.integer('version').notNullable().comment('Increases with every step');
    table
      .string('requester', 255)
      .notNullable()
      .comment('Entity ref of who filed it');
    table.text('reason').notNullable().comment('Why');
    table
      .string('from_owner_group', 255)
      .nullable()
      .comment('Owner group when filed');
    table
      .string('from_service_owner', 255)
      .nullable()
      .comment('Service owner when filed');
    table
      .string('to_owner_group', 255)
      .nullable()
      .comment('Transfer: the receiving group');
    table
      .string('to_service_owner', 255)
      .nullable()
      .comment('Transfer: the new service owner');
    table
      .string('handle', 16)
      .nullable()
      .comment('Retirement: kept or released');
    table
      .text('checklist_json')
      .notNullable()
      .comment('JSON of the checklist as last answered');
    table
      .text('deciders_json')
      .notNullable()
      .comment('JSON of the entity refs who may decide');
    table.string('created_at', 32).notNullable().comment('ISO 8601 time');
    table.string('updated_at', 32).notNullable().comment('ISO 8601 time');
    table.index(['service_id'], 'social_service_handovers_service_idx');
    table.index(['status'], 'social_service_handovers_status_idx');
    table.index(['requester'], 'social_service_handovers_requester_idx');
  });

  await knex.schema.createTable('social_service_handover_steps', table => {
    table.comment('Every step of a transfer or retirement, in order');
    table.increments('id').comment('Surrogate key, in order of recording');
    table
      .integer('handover_id')
      .unsigned()
      .notNullable()
      .references('id')
      .inTable('social_service_handovers')
      .onDelete('CASCADE')
      .comment('The transfer or retirement');
    table
      .string('action', 16)
      .notNullable()
      .comment('submit, accept, decline, withdraw');
    table
      .string('actor', 255)
      .notNullable()
      .comment('Entity ref of who did it');
    table.string('at', 32).notNullable().comment('ISO 8601 time');
    table.string('from_status', 16).nullable().comment('Status before');
    table.string('to_status', 16).notNullable().comment('Status after');
    table.text('comment').nullable().comment('What they said');
    table
      .text('checklist_json')
      .nullable()
      .comment('JSON of the checklist as answered with this step');
    table.index(
      ['handover_id', 'id'],
      'social_service_handover_steps_handover_idx',
    );
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_service_handover_steps');
  await knex.schema.dropTable('social_service_handovers');
};
