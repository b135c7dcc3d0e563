import {
  AuditExportChecker,
  AuditExportHeader,
  ExportedAuditEntry,
} from '@internal/plugin-social-media-backend/auditTrail';
import { AuditRow, AuditTrailGenerator } from './auditTrailFill';
import { generateInventory } from './inventory';

const inventory = generateInventory(200);

function generate(head: { seq: number; hash: string }, count: number) {
  const generator = new AuditTrailGenerator({
    rows: inventory.rows,
    head,
    startAt: new Date('2025-01-01T00:00:00.000Z'),
  });
  const rows: AuditRow[] = [];
  while (rows.length < count) rows.push(...generator.next(300));
  return { rows, generator };
}

/** The backend's own check of an export, over the generated rows. */
function check(rows: AuditRow[], head: { seq: number; hash: string }) {
  const header: AuditExportHeader = {
    format: 'social-media-audit-export',
    version: 2,
    exportedAt: '2026-11-29T00:00:00.000Z',
    exportedBy: 'user:default/auditor',
    filter: {},
    filtered: false,
    head,
    note: '',
  };
  const checker = new AuditExportChecker(header);
  for (const row of rows) {
    const problem = checker.add(
      {
        seq: row.seq,
        entityType: row.entity_type,
        entityId: row.entity_id,
        action: row.action,
        actor: row.actor,
        at: row.at,
        beforeJson: row.before_json,
        afterJson: row.after_json,
        prevHash: row.prev_hash,
        hash: row.hash,
        hashFormat: row.hash_format as ExportedAuditEntry['hashFormat'],
      },
      `entry ${row.seq}`,
    );
    if (problem) return problem;
  }
  return checker.finish({ entries: rows.length });
}

describe('AuditTrailGenerator', () => {
  it('writes a chain that the backend checks as intact, ending at its head', () => {
    const { rows, generator } = generate({ seq: 0, hash: '' }, 3000);
    expect(rows.map(r => r.seq)).toEqual(rows.map((_, i) => i + 1));
    expect(check(rows, generator.head)).toEqual({
      intact: true,
      entries: 3000,
    });
  });

  it('is found out by the same check when an entry is edited', () => {
    const { rows, generator } = generate({ seq: 0, hash: '' }, 600);
    rows[299] = { ...rows[299], actor: 'user:default/someone-else' };
    expect(check(rows, generator.head)).toMatchObject({
      intact: false,
      seq: 300,
    });
  });

  it('continues the chain after an existing head', () => {
    const first = generate({ seq: 0, hash: '' }, 300);
    const more = generate(first.generator.head, 300);
    expect(more.rows[0]).toMatchObject({
      seq: 301,
      prev_hash: first.generator.head.hash,
    });
    expect(check([...first.rows, ...more.rows], more.generator.head)).toEqual({
      intact: true,
      entries: 600,
    });
  });

  it('makes entries of realistic size and variety', () => {
    const { rows, generator } = generate({ seq: 0, hash: '' }, 3000);
    const average = generator.snapshotBytes / generator.snapshots;
    expect(average).toBeGreaterThan(500);
    expect(average).toBeLessThanOrEqual(1024);
    const distinct = (key: keyof AuditRow) =>
      new Set(rows.map(r => r[key])).size;
    expect(distinct('action')).toBeGreaterThanOrEqual(8);
    expect(distinct('actor')).toBeGreaterThan(100);
    expect(distinct('entity_id')).toBeGreaterThan(100);
    expect(new Set(rows.map(r => r.entity_type))).toEqual(
      new Set(['service', 'service-request', 'audit-export']),
    );
    // Snapshots are JSON the entries page can parse, and times only move forward.
    const snapshots = rows.flatMap(r => [r.before_json, r.after_json]);
    expect(() =>
      snapshots.forEach(json => json !== null && JSON.parse(json)),
    ).not.toThrow();
    expect([...rows.map(r => r.at)].sort()).toEqual(rows.map(r => r.at));
  });
});
