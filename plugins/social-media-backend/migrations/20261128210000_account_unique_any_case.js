// @ts-check

/**
 * One service per platform account, whatever the case of its handle: `@Brand` and `@brand` on
 * Instagram are the same account. The catalogue already refuses a second one before writing;
 * this index makes the database refuse it too when two people catalogue the account at the same
 * moment (the first index only compares handles letter for letter). `lower()` on an expression
 * index works the same way on PostgreSQL and SQLite for the handles' letters A to Z.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  /** @type {Array<{ platform: string; account: string }>} */
  const twice = await knex('social_services')
    .select('platform', knex.raw('lower(handle) as account'))
    .groupBy('platform', knex.raw('lower(handle)'))
    .havingRaw('count(*) > 1');
  if (twice.length > 0) {
    const accounts = [];
    for (const { platform, account } of twice) {
      const ids = await knex('social_services')
        .where({ platform })
        .whereRaw('lower(handle) = ?', [account])
        .orderBy('id')
        .pluck('id');
      accounts.push(`${platform} ${account} (${ids.join(', ')})`);
    }
    throw new Error(
      `These social media accounts are catalogued more than once, with handles that differ only in case: ${accounts.join(
        '; ',
      )}. Keep one service per account: delete the others (or correct their platform or handle) with the previous release of the plugin, then start the backend again.`,
    );
  }
  await knex.raw(
    'create unique index social_services_account_any_case_uq on social_services (platform, lower(handle))',
  );
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.raw('drop index social_services_account_any_case_uq');
};
