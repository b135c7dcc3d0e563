// @ts-check

/**
 * The catalogue list filters by named service owner (`serviceOwner`) as it does by owning group:
 * an index of the owner, as the owning group has, so that "the services this person owns" reads
 * that person's rows instead of every service.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_services', table => {
    table.index(['service_owner'], 'social_services_service_owner_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_services', table => {
    table.dropIndex(['service_owner'], 'social_services_service_owner_idx');
  });
};
