// @ts-check

/**
 * The people a request names to run the service (its service owner and owning group) follow it
 * once it is submitted: their "My requests" list finds it by these columns, lowercased as entity
 * refs compare. Requests already filed take them from what they asked for.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_service_requests', table => {
    table
      .string('service_owner', 255)
      .nullable()
      .comment('Entity ref of the User named to own the service, lowercased');
    table
      .string('owner_group', 255)
      .nullable()
      .comment('Entity ref of the Group named to own the service, lowercased');
  });
  const rows = await knex('social_service_requests').select(
    'id',
    'fields_json',
  );
  for (const row of rows) {
    let fields = {};
    try {
      fields = JSON.parse(row.fields_json) ?? {};
    } catch {
      // A row whose fields do not parse names nobody; it keeps null columns.
    }
    const ref = (/** @type {unknown} */ value) =>
      typeof value === 'string' && value ? value.toLowerCase() : null;
    await knex('social_service_requests')
      .where({ id: row.id })
      .update({
        service_owner: ref(/** @type {any} */ (fields).serviceOwner),
        owner_group: ref(/** @type {any} */ (fields).ownerGroup),
      });
  }
  await knex.schema.alterTable('social_service_requests', table => {
    table.index(['service_owner'], 'social_service_requests_owner_idx');
    table.index(['owner_group'], 'social_service_requests_owner_group_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.alterTable('social_service_requests', table => {
    table.dropIndex(['service_owner'], 'social_service_requests_owner_idx');
    table.dropIndex(['owner_group'], 'social_service_requests_owner_group_idx');
    table.dropColumn('service_owner');
    table.dropColumn('owner_group');
  });
};
