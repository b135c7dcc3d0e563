// @ts-check

/**
 * The catalogue of social media services. Later migrations add lifecycle transitions, admins,
 * guardianship controls, incidents, requests and the audit trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('social_services', table => {
    table.comment('Social media presences run as catalogued business services');
    table
      .string('id', 64)
      .primary()
      .notNullable()
      .comment(
        'Stable id of the service (a slug, also its catalog entity name)',
      );
    table.string('name', 255).notNullable().comment('Display name');
    table
      .string('platform', 32)
      .notNullable()
      .comment(
        'x, facebook, instagram, linkedin, youtube, tiktok, mastodon, blog or other',
      );
    table
      .string('handle', 255)
      .notNullable()
      .comment('Account handle on the platform');
    table
      .string('profile_url', 2048)
      .nullable()
      .comment('https URL of the public profile');
    table
      .string('owner_group', 255)
      .notNullable()
      .comment('Entity ref of the owning catalog Group');
    table
      .string('lifecycle_stage', 32)
      .notNullable()
      .comment('ITIL lifecycle stage');
    table
      .string('risk_rating', 16)
      .nullable()
      .comment('low, medium, high or critical; null until first assessed');
    table
      .integer('version')
      .notNullable()
      .defaultTo(1)
      .comment('Optimistic concurrency version, incremented on every change');
    table
      .timestamp('created_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('When the service was catalogued');
    table
      .timestamp('updated_at', { useTz: true, precision: 3 })
      .notNullable()
      .comment('When the service last changed');
    table.unique(['platform', 'handle'], {
      indexName: 'social_services_platform_handle_uq',
    });
    table.index(['owner_group'], 'social_services_owner_group_idx');
    table.index(['lifecycle_stage'], 'social_services_lifecycle_stage_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('social_services');
};
