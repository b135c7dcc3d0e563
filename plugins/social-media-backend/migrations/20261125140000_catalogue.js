// @ts-check

/**
 * The full catalogue: service details, guardianship controls, admins, lifecycle transitions,
 * linked incidents and the hash-chained audit trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_services', table => {
    table
      .text('purpose')
      .notNullable()
      .defaultTo('')
      .comment('What the business uses the account for');
    table
      .string('business_unit', 200)
      .notNullable()
      .defaultTo('')
      .comment('Business unit the service serves');
    table
      .string('service_owner', 255)
      .nullable()
      .comment('Entity ref of the named service owner (catalog User)');
    table
      .string('business_requester', 255)
      .nullable()
      .comment('Entity ref of the catalog User who asked for the service');
    table
      .bigInteger('audience_size')
      .notNullable()
      .defaultTo(0)
      .comment('Followers or subscribers, roughly');
    table
      .text('tags')
      .notNullable()
      .defaultTo('[]')
      .comment('JSON array of tags');
    table
      .text('controls')
      .notNullable()
      .defaultTo('{}')
      .comment(
        'JSON guardianship controls (MFA, vault reference, risk assessment, access revoked, account status); never a secret',
      );
    table
      .string('itsm_system', 64)
      .nullable()
      .comment(
        'ITSM the incidents are filed in: servicenow, jira-service-management, pagerduty',
      );
    table
      .string('itsm_reference', 255)
      .nullable()
      .comment(
        'ITSM record the incidents are filed against (service, CI, project/component)',
      );
    table
      .integer('open_incident_count')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Linked incidents not resolved yet; maintained with the incidents',
      );
    table
      .integer('admin_count')
      .notNullable()
      .defaultTo(0)
      .comment('People holding access; maintained with the admins');
    table
      .string('sort_name', 200)
      .notNullable()
      .defaultTo('')
      .comment(
        'Lowercased name, for case-insensitive sorting on every database',
      );
    table
      .integer('stage_rank')
      .notNullable()
      .defaultTo(0)
      .comment(
        'Position of the lifecycle stage, for sorting in lifecycle order',
      );
    table
      .integer('risk_rank')
      .nullable()
      .comment('1 low to 4 critical, for sorting; null when not rated');
    table
      .text('search_text')
      .notNullable()
      .defaultTo('')
      .comment(
        'Lowercased name, handle, purpose and business unit, for text search',
      );
    table.index(['platform'], 'social_services_platform_idx');
    table.index(['sort_name', 'id'], 'social_services_sort_name_idx');
    table.index(['risk_rank'], 'social_services_risk_rank_idx');
    table.index(
      ['open_incident_count'],
      'social_services_open_incident_count_idx',
    );
    table.index(['updated_at'], 'social_services_updated_at_idx');
  });
  // Rows of the first migration get their derived columns.
  await knex('social_services').update({
    sort_name: knex.raw('lower(name)'),
    search_text: knex.raw("lower(name || ' ' || handle)"),
  });

  await knex.schema.createTable('social_service_admins', table => {
    table.comment('People who hold access to the account of a service');
    table.increments('id').comment('Surrogate key');
    table
      .string('service_id', 64)
      .notNullable()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The service');
    table
      .string('account', 255)
      .notNullable()
      .comment('Login or display name on the platform');
    table
      .string('account_key', 255)
      .notNullable()
      .comment('Lowercased account, unique per service');
    table
      .string('user_ref', 255)
      .nullable()
      .comment('Entity ref of the catalog User behind the account, when known');
    table
      .string('role', 32)
      .notNullable()
      .comment('owner, admin, editor or analyst');
    table
      .boolean('in_organisation')
      .notNullable()
      .defaultTo(true)
      .comment('False when the person is no longer a User in the catalog');
    table
      .string('added_at', 32)
      .notNullable()
      .comment('ISO 8601 time the access was recorded');
    table.unique(['service_id', 'account_key'], {
      indexName: 'social_service_admins_account_uq',
    });
  });

  await knex.schema.createTable('social_service_transitions', table => {
    table.comment('Every move of a service through the ITIL lifecycle');
    table.increments('id').comment('Surrogate key, in order of recording');
    table
      .string('service_id', 64)
      .notNullable()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The service');
    table.string('from_stage', 32).notNullable().comment('Stage before');
    table.string('to_stage', 32).notNullable().comment('Stage after');
    table
      .string('actor', 255)
      .notNullable()
      .comment('Entity ref of who moved it');
    table.text('reason').notNullable().comment('Why');
    table.string('at', 32).notNullable().comment('ISO 8601 time');
    table.index(['service_id', 'id'], 'social_service_transitions_service_idx');
  });

  await knex.schema.createTable('social_service_incidents', table => {
    table.comment('Incidents synced from the ITSM tool and linked to services');
    table.increments('id').comment('Surrogate key');
    table
      .string('service_id', 64)
      .notNullable()
      .references('id')
      .inTable('social_services')
      .onDelete('CASCADE')
      .comment('The linked service');
    table.string('connector_id', 64).notNullable().comment('ITSM connector id');
    table
      .string('external_id', 255)
      .notNullable()
      .comment('The ITSM record id, e.g. a ServiceNow sys_id');
    table.string('number', 64).notNullable().comment('e.g. INC0010023');
    table.text('title').notNullable().comment('Short description');
    table.string('priority', 64).notNullable().comment('ITSM priority');
    table.string('state', 64).notNullable().comment('ITSM state');
    table.string('category', 128).nullable().comment('ITSM category');
    table
      .boolean('is_open')
      .notNullable()
      .comment('Not resolved or closed yet');
    table.string('opened_at', 32).notNullable().comment('ISO 8601 time');
    table.string('resolved_at', 32).nullable().comment('ISO 8601 time');
    table.string('updated_at', 32).notNullable().comment('ISO 8601 time');
    table.text('url').notNullable().comment('Link back to the ITSM record');
    table.unique(['connector_id', 'external_id'], {
      indexName: 'social_service_incidents_external_uq',
    });
    table.index(
      ['service_id', 'is_open'],
      'social_service_incidents_service_idx',
    );
  });

  await knex.schema.createTable('social_media_audit_log', table => {
    table.comment(
      'Append-only audit trail; each entry carries the hash of the previous one',
    );
    table
      .bigInteger('seq')
      .primary()
      .notNullable()
      .comment('Position in the chain, from 1');
    table.string('entity_type', 32).notNullable().comment('e.g. service');
    table.string('entity_id', 64).notNullable().comment('Id of the record');
    table
      .string('action', 64)
      .notNullable()
      .comment('create, update, transition, update-admins, delete, import');
    table
      .string('actor', 255)
      .notNullable()
      .comment('Entity ref of who changed it');
    table.string('at', 32).notNullable().comment('ISO 8601 time');
    table
      .text('before_json')
      .nullable()
      .comment('Canonical JSON of the record before');
    table
      .text('after_json')
      .nullable()
      .comment('Canonical JSON of the record after');
    table
      .string('prev_hash', 64)
      .notNullable()
      .comment('Hash of the previous entry; empty for the first');
    table.string('hash', 64).notNullable().comment('SHA-256 of this entry');
    table.index(
      ['entity_type', 'entity_id', 'seq'],
      'social_media_audit_log_entity_idx',
    );
  });

  await knex.schema.createTable('social_media_audit_head', table => {
    table.comment(
      'The end of the audit chain; locking this row serialises appends across backend instances',
    );
    table.integer('id').primary().notNullable().comment('Always 1');
    table
      .bigInteger('seq')
      .notNullable()
      .comment('Seq of the last entry, 0 when empty');
    table.string('hash', 64).notNullable().comment('Hash of the last entry');
  });
  await knex('social_media_audit_head').insert({ id: 1, seq: 0, hash: '' });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_media_audit_head');
  await knex.schema.dropTable('social_media_audit_log');
  await knex.schema.dropTable('social_service_incidents');
  await knex.schema.dropTable('social_service_transitions');
  await knex.schema.dropTable('social_service_admins');
  await knex.schema.alterTable('social_services', table => {
    table.dropIndex([], 'social_services_platform_idx');
    table.dropIndex([], 'social_services_sort_name_idx');
    table.dropIndex([], 'social_services_risk_rank_idx');
    table.dropIndex([], 'social_services_open_incident_count_idx');
    table.dropIndex([], 'social_services_updated_at_idx');
    table.dropColumns(
      'purpose',
      'business_unit',
      'service_owner',
      'business_requester',
      'audience_size',
      'tags',
      'controls',
      'itsm_system',
      'itsm_reference',
      'open_incident_count',
      'admin_count',
      'sort_name',
      'stage_rank',
      'risk_rank',
      'search_text',
    );
  });
};
