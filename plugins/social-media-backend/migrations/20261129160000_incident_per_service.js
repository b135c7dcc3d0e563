// @ts-check

/**
 * Any number of services per ITSM record: several catalogue services may map to the record an
 * incident is filed against, and each holds a copy of its incidents. An incident was unique per
 * connector and external id, so only one service could hold it; it is now unique per connector,
 * external id and service. The rows already stored are one per incident, so they fit the new key
 * as they are. The new index starts with the columns of the old one, so reading an incident's
 * copies by connector and external id stays an index lookup.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('social_service_incidents', table => {
    table.dropUnique(
      ['connector_id', 'external_id'],
      'social_service_incidents_external_uq',
    );
  });
  await knex.schema.alterTable('social_service_incidents', table => {
    // One copy of an incident per service it is linked to.
    table.unique(['connector_id', 'external_id', 'service_id'], {
      indexName: 'social_service_incidents_copy_uq',
    });
  });
};

/**
 * Back to one service per incident: of the copies of an incident, the one stored first stays
 * and the others go, and the services that lost a copy have their open incidents counted again
 * (their ratings follow at the next change of their incidents).
 *
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  /** @type {Array<{ connector_id: string; external_id: string; first_id: number }>} */
  const shared = await knex('social_service_incidents')
    .select('connector_id', 'external_id')
    .min({ first_id: 'id' })
    .groupBy('connector_id', 'external_id')
    .havingRaw('count(*) > 1');
  /** @type {Set<string>} */
  const recount = new Set();
  for (const { connector_id, external_id, first_id } of shared) {
    const others = knex('social_service_incidents')
      .where({ connector_id, external_id })
      .whereNot('id', first_id);
    for (const serviceId of await others.clone().pluck('service_id')) {
      recount.add(serviceId);
    }
    await others.delete();
  }
  for (const serviceId of recount) {
    const [{ n }] = await knex('social_service_incidents')
      .where({ service_id: serviceId, is_open: true })
      .count({ n: '*' });
    await knex('social_services')
      .where({ id: serviceId })
      .update({ open_incident_count: Number(n) });
  }
  await knex.schema.alterTable('social_service_incidents', table => {
    table.dropUnique(
      ['connector_id', 'external_id', 'service_id'],
      'social_service_incidents_copy_uq',
    );
  });
  await knex.schema.alterTable('social_service_incidents', table => {
    table.unique(['connector_id', 'external_id'], {
      indexName: 'social_service_incidents_external_uq',
    });
  });
};
