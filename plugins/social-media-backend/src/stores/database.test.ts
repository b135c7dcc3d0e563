import { Knex } from 'knex';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { upsertRows } from './database';

jest.setTimeout(60_000);

const { databases } = createTestDatabases();

describe('upsertRows on SQLite', () => {
  let knex: Knex;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await knex.schema.createTable('bulk_rows', table => {
      table.string('id').primary();
      table.text('value').notNullable();
    });
  });

  const rows = (count: number, value: string) =>
    Array.from({ length: count }, (_, i) => ({ id: `row-${i}`, value }));

  it('lets other work run between slices of a large write, and writes every row', async () => {
    // Counts the event loop's turns while the write runs: an ITSM sync reads its next pages then.
    let turns = 0;
    let writing = true;
    const turn = () => {
      if (!writing) return;
      turns += 1;
      setImmediate(turn);
    };
    setImmediate(turn);
    await knex.transaction(tx =>
      upsertRows(tx, 'bulk_rows', rows(10_000, 'first'), ['id']),
    );
    writing = false;
    expect(turns).toBeGreaterThanOrEqual(9);

    await upsertRows(knex, 'bulk_rows', rows(10_000, 'second'), ['id']);
    const counts: Array<{ value: string; count: string | number }> = await knex(
      'bulk_rows',
    )
      .select('value')
      .count({ count: '*' })
      .groupBy('value');
    expect(counts.map(c => [c.value, Number(c.count)])).toEqual([
      ['second', 10_000],
    ]);
  });
});
