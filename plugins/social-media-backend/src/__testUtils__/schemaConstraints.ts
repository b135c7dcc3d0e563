import { Knex } from 'knex';

/** One constraint of the plugin's schema, as the migrated database declares it. */
export interface SchemaConstraint {
  table: string;
  kind: 'primary key' | 'unique' | 'foreign key' | 'not null' | 'check';
  /** Columns, or expressions such as `lower(handle)`, in declaration order. */
  columns: string[];
  /** The table and columns a foreign key points at. */
  references?: { table: string; columns: string[] };
  /** The database's name of the constraint or index, where it has one. */
  name?: string;
  /** The expression of a CHECK constraint. */
  expression?: string;
}

/**
 * The same words on both databases: `lower((handle)::text)` (PostgreSQL) and `lower(handle)`
 * (SQLite) are both `lower(handle)`; quotes and casts go.
 */
function normalizeExpression(expression: string): string {
  let text = expression
    .replace(/::[a-z ]+(\([0-9]+\))?/gi, '')
    .replace(/["`]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
  // PostgreSQL doubles parentheses: lower((handle)) → lower(handle).
  for (let before = ''; before !== text; ) {
    before = text;
    text = text.replace(/\(\(([^()]*)\)\)/g, '($1)');
  }
  return text;
}

/**
 * How a constraint reads in the case table and in messages, the same on every database, e.g.
 * `social_services: unique (platform, lower(handle))`.
 */
export function constraintKey(c: SchemaConstraint): string {
  const columns = `(${c.columns.join(', ')})`;
  switch (c.kind) {
    case 'not null':
      return `${c.table}: not null ${c.columns[0]}`;
    case 'foreign key':
      return `${c.table}: foreign key ${columns} references ${
        c.references!.table
      } (${c.references!.columns.join(', ')})`;
    case 'check':
      return `${c.table}: check ${c.name ?? c.expression}`;
    default:
      return `${c.table}: ${c.kind} ${columns}`;
  }
}

/** Tables of the plugin; knex's own bookkeeping of migrations is not part of its schema. */
const isPluginTable = (name: string) =>
  !name.startsWith('knex_') && !name.startsWith('sqlite_');

/** Splits `a, lower(b), c` at the commas outside parentheses. */
function splitTopLevel(list: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of list) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts.map(p => normalizeExpression(p));
}

/** The text between the parenthesis at `open` and its match. */
function balanced(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    if (text[i] === ')') depth--;
    if (depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

async function postgresConstraints(knex: Knex): Promise<SchemaConstraint[]> {
  const constraints: SchemaConstraint[] = [];
  const declared = await knex.raw(`
    select c.relname as table_name, con.conname as name, con.contype as type,
      array(select a.attname::text from unnest(con.conkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.n
            order by k.i) as columns,
      f.relname as ref_table,
      array(select a.attname::text from unnest(con.confkey) with ordinality k(n, i)
            join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.n
            order by k.i) as ref_columns,
      pg_get_constraintdef(con.oid) as definition
    from pg_constraint con
    join pg_class c on c.oid = con.conrelid
    join pg_namespace n on n.oid = c.relnamespace
    left join pg_class f on f.oid = con.confrelid
    where n.nspname = current_schema() and con.contype in ('p', 'u', 'f', 'c')`);
  for (const row of declared.rows) {
    if (!isPluginTable(row.table_name)) continue;
    const kind = (
      { p: 'primary key', u: 'unique', f: 'foreign key', c: 'check' } as const
    )[row.type as 'p' | 'u' | 'f' | 'c'];
    constraints.push({
      table: row.table_name,
      kind,
      columns: row.columns,
      name: row.name,
      ...(kind === 'foreign key'
        ? { references: { table: row.ref_table, columns: row.ref_columns } }
        : {}),
      ...(kind === 'check'
        ? {
            expression: normalizeExpression(
              balanced(row.definition, row.definition.indexOf('(')),
            ),
          }
        : {}),
    });
  }
  // Unique indexes that back no constraint, such as ones on expressions.
  const indexes = await knex.raw(`
    select t.relname as table_name, i.relname as name,
      array(select pg_get_indexdef(ix.indexrelid, k, true)
            from generate_series(1, ix.indnkeyatts) k order by k) as columns
    from pg_index ix
    join pg_class i on i.oid = ix.indexrelid
    join pg_class t on t.oid = ix.indrelid
    join pg_namespace n on n.oid = t.relnamespace
    where n.nspname = current_schema() and ix.indisunique
      and not exists (select 1 from pg_constraint con where con.conindid = ix.indexrelid)`);
  for (const row of indexes.rows) {
    if (!isPluginTable(row.table_name)) continue;
    constraints.push({
      table: row.table_name,
      kind: 'unique',
      columns: row.columns.map(normalizeExpression),
      name: row.name,
    });
  }
  const notNull = await knex.raw(`
    select table_name, column_name from information_schema.columns
    where table_schema = current_schema() and is_nullable = 'NO'`);
  for (const row of notNull.rows) {
    if (!isPluginTable(row.table_name)) continue;
    constraints.push({
      table: row.table_name,
      kind: 'not null',
      columns: [row.column_name],
    });
  }
  return constraints;
}

async function sqliteConstraints(knex: Knex): Promise<SchemaConstraint[]> {
  const constraints: SchemaConstraint[] = [];
  const tables: Array<{ name: string; sql: string }> = await knex.raw(
    "select name, sql from sqlite_master where type = 'table'",
  );
  for (const { name: table, sql } of tables.filter(t =>
    isPluginTable(t.name),
  )) {
    const columns: Array<{ name: string; notnull: number; pk: number }> =
      await knex.raw(`pragma table_info(${JSON.stringify(table)})`);
    const pk = columns.filter(c => c.pk > 0).sort((a, b) => a.pk - b.pk);
    if (pk.length) {
      constraints.push({
        table,
        kind: 'primary key',
        columns: pk.map(c => c.name),
      });
    }
    for (const column of columns.filter(c => c.notnull)) {
      constraints.push({ table, kind: 'not null', columns: [column.name] });
    }
    const indexes: Array<{ name: string; unique: number; origin: string }> =
      await knex.raw(`pragma index_list(${JSON.stringify(table)})`);
    for (const index of indexes.filter(i => i.unique && i.origin !== 'pk')) {
      const [{ sql: indexSql } = { sql: null }] = await knex.raw(
        "select sql from sqlite_master where type = 'index' and name = ?",
        [index.name],
      );
      let keyColumns: string[];
      if (indexSql) {
        const on = /\bon\s+\S+\s*\(/i.exec(indexSql)!;
        keyColumns = splitTopLevel(
          balanced(indexSql, on.index + on[0].length - 1),
        );
      } else {
        const info: Array<{ name: string }> = await knex.raw(
          `pragma index_info(${JSON.stringify(index.name)})`,
        );
        keyColumns = info.map(i => i.name);
      }
      constraints.push({
        table,
        kind: 'unique',
        columns: keyColumns,
        ...(index.origin === 'c' ? { name: index.name } : {}),
      });
    }
    const keys: Array<{
      id: number;
      seq: number;
      table: string;
      from: string;
      to: string;
    }> = await knex.raw(`pragma foreign_key_list(${JSON.stringify(table)})`);
    for (const id of [...new Set(keys.map(k => k.id))]) {
      const parts = keys.filter(k => k.id === id).sort((a, b) => a.seq - b.seq);
      constraints.push({
        table,
        kind: 'foreign key',
        columns: parts.map(p => p.from),
        references: { table: parts[0].table, columns: parts.map(p => p.to) },
      });
    }
    const check = /(?:constraint\s+("?)([\w]+)\1\s+)?\bcheck\s*\(/gi;
    for (let m = check.exec(sql); m; m = check.exec(sql)) {
      constraints.push({
        table,
        kind: 'check',
        columns: [],
        ...(m[2] ? { name: m[2] } : {}),
        expression: normalizeExpression(
          balanced(sql, m.index + m[0].length - 1),
        ),
      });
    }
  }
  return constraints;
}

/**
 * Every constraint of the migrated schema, read from the database itself: primary keys, unique
 * constraints and unique indexes, foreign keys, NOT NULL columns and CHECK constraints.
 */
export async function listSchemaConstraints(
  knex: Knex,
): Promise<SchemaConstraint[]> {
  const client = String(knex.client.config.client);
  const constraints = client.includes('sqlite')
    ? await sqliteConstraints(knex)
    : await postgresConstraints(knex);
  return constraints.sort((a, b) =>
    constraintKey(a).localeCompare(constraintKey(b)),
  );
}

/** Every table and snake_case column name of the schema: words no answer may contain. */
export async function listSchemaNames(knex: Knex): Promise<string[]> {
  const constraints = await listSchemaConstraints(knex);
  const tables = [...new Set(constraints.map(c => c.table))];
  const names = new Set<string>(tables);
  for (const table of tables) {
    for (const column of Object.keys(await knex(table).columnInfo())) {
      if (column.includes('_')) names.add(column);
    }
  }
  return [...names];
}
