import { mockCredentials } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { AuditEntry } from '@internal/plugin-social-media-common';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { apiTestBackend, VALID } from '../__testUtils__/apiTestBackend';
import { aNewServiceRequest } from '../__testUtils__/serviceRequestBodies';
import { createTestDatabases } from '../__testUtils__/testDatabases';
import { DatabaseAuditStore } from '../stores/audit/DatabaseAuditStore';
import { stringify } from 'csv-stringify/sync';
import {
  AUDIT_EXPORT_COLUMNS,
  ExportedAuditEntry,
  hashEntry,
  toCsvRecord,
} from '../domain/auditExportFormat';

/*
 * Issue 13: the audit log page's API (filters, keyset paging newest first) and exports of the
 * trail that the offline command scripts/verify-audit-export.mjs checks without the portal.
 */

jest.setTimeout(120_000);

const { databases, ids } = createTestDatabases();
const BASE = '/api/social-media';
const SCRIPT = path.resolve(
  __dirname,
  '../../../../scripts/verify-audit-export.mjs',
);

/** Runs the offline command on a file, as a person would: a separate Node process. */
function verifyFile(file: string) {
  const run = spawnSync(process.execPath, [SCRIPT, file], {
    encoding: 'utf8',
  });
  return { code: run.status, out: `${run.stdout}${run.stderr}`.trim() };
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function writeTmp(name: string, text: string): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, text);
  return file;
}

describe.each(ids)('audit log and exports on %s', databaseId => {
  const api = apiTestBackend(databases, databaseId);
  let server: any;
  let auditor: Awaited<ReturnType<typeof api.start>>['auditor'];
  const get = (url: string) => api.asUser(request(server).get(`${BASE}${url}`));

  beforeAll(async () => {
    ({ server, auditor } = await api.start());
    const first = await api.create(server);
    if (first.status !== 201) throw new Error(`create: ${first.text}`);
    const second = await api.create(server, {
      ...VALID,
      name: 'Press X account',
      platform: 'x',
      handle: 'examplepress',
      profileUrl: 'https://x.com/examplepress',
      ownerGroup: 'communications',
      serviceOwner: 'user:default/communications-lead',
    });
    if (second.status !== 201) throw new Error(`create: ${second.text}`);
    const update = await api
      .asUser(request(server).put(`${BASE}/services/${first.body.id}`))
      .send({
        ...VALID,
        purpose: 'Brand storytelling and launches',
        version: first.body.version,
      });
    if (update.status !== 200) throw new Error(`update: ${update.text}`);
  });

  async function allEntries(): Promise<AuditEntry[]> {
    const res = await get('/audit/entries?limit=200');
    expect(res.status).toBe(200);
    return res.body.items;
  }

  it('lists the trail newest first and pages by the seq cursor', async () => {
    const everything = await allEntries();
    const seqs = everything.map(e => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));

    const first = await get('/audit/entries?limit=2');
    expect(first.body.items.map((e: AuditEntry) => e.seq)).toEqual(
      seqs.slice(0, 2),
    );
    expect(first.body.nextBefore).toBe(seqs[1]);
    const second = await get(
      `/audit/entries?limit=2&before=${first.body.nextBefore}`,
    );
    expect(second.body.items.map((e: AuditEntry) => e.seq)).toEqual(
      seqs.slice(2, 4),
    );
    const last = await get(`/audit/entries?limit=200&before=${seqs[1]}`);
    expect(last.body.nextBefore).toBeUndefined();
  });

  it('filters by service, group, actor, action and period', async () => {
    const everything = await allEntries();
    const brand = everything.find(
      e => e.entityType === 'service' && e.action === 'update',
    )!;
    const byService = await get(`/audit/entries?serviceId=${brand.entityId}`);
    expect(byService.body.items.length).toBeGreaterThanOrEqual(2);
    expect(
      byService.body.items.every(
        (e: AuditEntry) => e.entityId === brand.entityId,
      ),
    ).toBe(true);

    const byGroup = await get('/audit/entries?group=communications');
    expect(byGroup.body.items.length).toBeGreaterThan(0);
    expect(
      byGroup.body.items.some((e: AuditEntry) => e.entityId === brand.entityId),
    ).toBe(false);

    const updates = await get('/audit/entries?action=update&action=delete');
    expect(updates.body.items.map((e: AuditEntry) => e.action)).toEqual([
      'update',
    ]);

    const byActor = await get(
      `/audit/entries?actor=${encodeURIComponent(
        'user:default/marketing-lead',
      )}`,
    );
    expect(byActor.body.items.length).toBeGreaterThan(0);
    const nobody = await get(
      `/audit/entries?actor=${encodeURIComponent('user:default/nobody')}`,
    );
    expect(nobody.body.items).toEqual([]);

    const past = await get('/audit/entries?to=2000-01-01');
    expect(past.body.items).toEqual([]);
    const now = await get(
      '/audit/entries?limit=200&from=2000-01-01&to=2999-12-31',
    );
    expect(now.body.items.length).toBe(everything.length);
  });

  it('takes refs and times as a script types them, ":" and "/" not encoded', async () => {
    const encoded = await get(
      `/audit/entries?actor=${encodeURIComponent(
        'user:default/marketing-lead',
      )}&from=${encodeURIComponent('2000-01-01T00:00:00Z')}`,
    );
    const typed = await get(
      '/audit/entries?actor=user:default/marketing-lead&from=2000-01-01T00:00:00Z&to=2999-12-31T23:59:59.999Z',
    );
    expect(typed.status).toBe(200);
    expect(typed.body.items.length).toBeGreaterThan(0);
    expect(typed.body.items).toEqual(encoded.body.items);

    const byGroup = await get(
      '/audit/entries?group=group:default/communications',
    );
    expect(byGroup.status).toBe(200);
    expect(byGroup.body.items).toEqual(
      (await get('/audit/entries?group=communications')).body.items,
    );

    const exported = await get(
      '/audit/export?format=csv&actor=user:default/marketing-lead&from=2000-01-01T00:00:00Z',
    );
    expect(exported.status).toBe(200);
    expect(exported.text).toContain('user:default/marketing-lead');
  });

  it('refuses bad filters and cursors with a 400 naming the parameter', async () => {
    const bad = await get('/audit/entries?from=yesterday');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/from/);
    const badGroup = await get(
      `/audit/entries?group=${encodeURIComponent('user:default/x')}`,
    );
    expect(badGroup.status).toBe(400);
    expect(badGroup.body.error.message).toMatch(/group/);
    const reversed = await get('/audit/entries?from=2026-12-01&to=2026-11-01');
    expect(reversed.status).toBe(400);
    const limit = await get('/audit/entries?limit=500');
    expect(limit.status).toBe(400);
  });

  it('exports the whole trail as CSV and JSON that the offline command finds intact', async () => {
    for (const format of ['csv', 'json']) {
      const before = (await allEntries()).length;
      const res = await get(`/audit/export?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers['content-disposition']).toMatch(
        new RegExp(`attachment; filename="social-media-audit-.*\\.${format}"`),
      );
      const text = format === 'csv' ? res.text : JSON.stringify(res.body);
      const file = writeTmp(
        `whole.${format}`,
        format === 'csv' ? res.text : res.text,
      );
      expect(text.length).toBeGreaterThan(0);
      // The export includes its own entry in the trail.
      expect(verifyFile(file)).toEqual({
        code: 0,
        out: `intact: ${before + 1} entries`,
      });
    }
  });

  it('records every export in the trail and as an auditor event', async () => {
    auditor.createEvent.mockClear();
    const res = await get('/audit/export?format=json&action=update');
    expect(res.status).toBe(200);
    const [latest] = (await get('/audit/entries?limit=1')).body.items;
    expect(latest).toMatchObject({
      entityType: 'audit-export',
      action: 'export',
      actor: 'user:default/marketing-lead',
      after: { format: 'json', filter: { action: ['update'] } },
    });
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'audit-export',
        meta: { format: 'json', filter: { action: ['update'] } },
      }),
    );
    expect(res.body.export).toMatchObject({
      filtered: true,
      filter: { action: ['update'] },
    });
    expect(res.body.entries.map((e: { action: string }) => e.action)).toEqual([
      'update',
    ]);
  });

  it('exports a filtered part that still checks, gaps in seq and all', async () => {
    const everything = await allEntries();
    const serviceId = everything.find(e => e.action === 'update')!.entityId;
    for (const format of ['csv', 'json']) {
      const res = await get(
        `/audit/export?format=${format}&serviceId=${serviceId}`,
      );
      const file = writeTmp(`service.${format}`, res.text);
      expect(verifyFile(file)).toEqual({ code: 0, out: 'intact: 2 entries' });
    }
  });

  it('names the entry when an export was edited, cut or reordered', async () => {
    const res = await get('/audit/export?format=csv');
    const lines = res.text.split('\n');
    // Line 0 is the header, line 1 the columns, entries from line 2.
    const entryLine = (seq: number) =>
      lines.findIndex(l => l.startsWith(`${seq},`));

    const edited = [...lines];
    edited[entryLine(2)] = edited[entryLine(2)].replace(
      'user:default/marketing-lead',
      'user:default/communications-lead',
    );
    expect(verifyFile(writeTmp('edited.csv', edited.join('\n')))).toEqual({
      code: 1,
      out: 'not intact: entry 2: Entry 2 was changed after it was written (line 4)',
    });

    // An entry passed off as hashed the older way no longer matches its hash.
    const reformatted = [...lines];
    expect(reformatted[entryLine(2)]).toMatch(/,2$/);
    reformatted[entryLine(2)] = reformatted[entryLine(2)].replace(/,2$/, ',1');
    expect(
      verifyFile(writeTmp('reformatted.csv', reformatted.join('\n'))),
    ).toEqual({
      code: 1,
      out: 'not intact: entry 2: Entry 2 was changed after it was written (line 4)',
    });

    const cut = lines.filter((_, i) => i !== entryLine(2));
    expect(verifyFile(writeTmp('cut.csv', cut.join('\n')))).toEqual({
      code: 1,
      out: 'not intact: entry 2: Entry 2 is missing: entry 3 comes next (line 4)',
    });

    const swapped = [...lines];
    [swapped[entryLine(2)], swapped[entryLine(3)]] = [
      swapped[entryLine(3)],
      swapped[entryLine(2)],
    ];
    expect(verifyFile(writeTmp('swapped.csv', swapped.join('\n')))).toEqual({
      code: 1,
      out: 'not intact: entry 2: Entry 2 is missing: entry 3 comes next (line 4)',
    });

    const json = await get('/audit/export?format=json');
    const jsonLines = json.text.split('\n');
    const at = jsonLines.findIndex(l => l.startsWith('{"seq":3,'));
    const jsonSwapped = [...jsonLines];
    [jsonSwapped[at], jsonSwapped[at + 1]] = [
      jsonSwapped[at + 1],
      jsonSwapped[at],
    ];
    expect(
      verifyFile(writeTmp('swapped.json', jsonSwapped.join('\n'))),
    ).toEqual({
      code: 1,
      out: `not intact: entry 3: Entry 3 is missing: entry 4 comes next (line ${
        at + 1
      })`,
    });

    const filtered = await get('/audit/export?format=csv&action=create');
    const fLines = filtered.text.split('\n');
    [fLines[2], fLines[3]] = [fLines[3], fLines[2]];
    const out = verifyFile(writeTmp('filtered-swapped.csv', fLines.join('\n')));
    expect(out.code).toBe(1);
    expect(out.out).toMatch(
      /^not intact: entry \d+: Entry \d+ is out of order/,
    );
    const fCut = filtered.text.split('\n').filter((_, i) => i !== 2);
    expect(verifyFile(writeTmp('filtered-cut.csv', fCut.join('\n')))).toEqual({
      code: 1,
      out: 'not intact: The export says it holds 2 entries but 1 are there: entries were removed or added',
    });
  });

  it('neutralises CSV cells that a spreadsheet would run, and the export still checks', async () => {
    // An entry whose cells start with =, -, @ and a quote, appended as the trail appends.
    await new DatabaseAuditStore(api.knex).append(
      [
        {
          entityType: 'service',
          entityId: '=HYPERLINK("http://example.invalid")',
          action: '@import',
          actor: "'quoted",
          before: -5,
          after: { name: '+1 brand' },
        },
      ],
      new Date().toISOString(),
    );
    const res = await get('/audit/export?format=csv');
    const line = res.text.split('\n').find(l => l.includes('HYPERLINK'))!;
    expect(line).toContain(`"'=HYPERLINK(""http://example.invalid"")"`);
    expect(line).toContain(",'@import,");
    expect(line).toContain(",''quoted,");
    expect(line).toContain(",'-5,");
    expect(line).not.toMatch(/,[=+\-@]/);
    const file = writeTmp('formula.csv', res.text);
    expect(verifyFile(file).code).toBe(0);
    expect(verifyFile(file).out).toMatch(/^intact: \d+ entries$/);
  });

  it('names the records of a page as people call them, beside the entries', async () => {
    const gone = await api.create(server, {
      ...VALID,
      name: 'Old campaign X account',
      platform: 'x',
      handle: 'oldcampaign',
      profileUrl: 'https://x.com/oldcampaign',
    });
    expect(gone.status).toBe(201);
    const removed = await api.asUser(
      request(server).delete(
        `${BASE}/services/${gone.body.id}?version=${gone.body.version}`,
      ),
    );
    expect(removed.status).toBeLessThan(300);
    const filed = await api
      .asUser(request(server).post(`${BASE}/requests`))
      .send(aNewServiceRequest());
    expect(filed.status).toBe(201);
    const brand = (await allEntries()).find(
      e => e.entityType === 'service' && e.action === 'update',
    )!;
    const now = await get(`/services/${brand.entityId}`);
    const transfer = await api
      .asUser(
        request(server).post(`${BASE}/services/${brand.entityId}/handovers`),
      )
      .send({
        kind: 'transfer',
        version: now.body.version,
        toOwnerGroup: 'group:default/communications',
        toServiceOwner: 'user:default/communications-lead',
        reason: 'The press office runs it now',
      });
    expect(transfer.status).toBe(201);

    const page = await get('/audit/entries?limit=200');
    expect(page.status).toBe(200);
    // The service by its name, the deleted one by the last name the trail recorded (its row is
    // gone), the request by its proposed name, the transfer by its service.
    expect(page.body.names).toEqual(
      expect.objectContaining({
        [`service:${brand.entityId}`]: 'Brand Instagram',
        [`service:${gone.body.id}`]: 'Old campaign X account',
        [`service-request:${filed.body.id}`]: 'Spring campaign TikTok',
        [`service-handover:${transfer.body.id}`]: 'Brand Instagram',
      }),
    );
    // Every record of the page that has a name is named; the entries are as stored.
    for (const entry of page.body.items as AuditEntry[]) {
      if (entry.entityType === 'audit-export') continue;
      expect(page.body.names[`${entry.entityType}:${entry.entityId}`]).toEqual(
        expect.any(String),
      );
      expect(entry).not.toHaveProperty('name');
    }
    const verified = await get('/audit/verify');
    expect(verified.body.intact).toBe(true);
    // A filtered page names only the records it holds.
    const own = await get(`/audit/entries?serviceId=${gone.body.id}`);
    expect(Object.keys(own.body.names)).toEqual([`service:${gone.body.id}`]);
  });

  it('still lists an entry whose snapshot was replaced by text that is not JSON, showing that text, and verification names it', async () => {
    const [newest] = await allEntries();
    const trail = api.knex('social_media_audit_log').where({ seq: newest.seq });
    const [{ after_json: written }] = await trail.clone().select('after_json');
    await trail.clone().update({ after_json: '{"name": "Brand Insta' });
    try {
      const [listed] = await allEntries();
      expect(listed.seq).toBe(newest.seq);
      expect(listed.after).toBe('{"name": "Brand Insta');
      const verified = await get('/audit/verify');
      expect(verified.body.intact).toBe(false);
      expect(verified.body.firstBroken).toMatchObject({
        seq: newest.seq,
        problem: 'edited',
      });
    } finally {
      await trail.clone().update({ after_json: written });
    }
    expect((await get('/audit/verify')).body.intact).toBe(true);
  });

  it('refuses the log and exports to callers who may not read, writing nothing', async () => {
    const denied = apiTestBackend(databases, databaseId);
    const { server: deniedServer } = await denied.start({
      permission: AuthorizeResult.DENY,
    });
    const [{ n: before }] = await denied
      .knex('social_media_audit_log')
      .count({ n: '*' });
    for (const url of ['/audit/entries', '/audit/export?format=csv']) {
      const res = await request(deniedServer)
        .get(`${BASE}${url}`)
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/marketing-lead'),
        );
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to read the social media service catalogue',
      );
    }
    const [{ n: after }] = await denied
      .knex('social_media_audit_log')
      .count({ n: '*' });
    expect(Number(after)).toBe(Number(before));
  });
});

describe('exports written before entries named their hash format', () => {
  /** Three entries hashed in format 1, as an export of layout version 1 holds them. */
  function formatOneEntries(): ExportedAuditEntry[] {
    const entries: ExportedAuditEntry[] = [];
    let prevHash = '';
    for (let seq = 1; seq <= 3; seq++) {
      const content = {
        hashFormat: 1 as const,
        entityType: 'service',
        entityId: 'brand-instagram',
        action: seq === 1 ? 'create' : 'update',
        actor: 'user:default/it-service-owner',
        at: `2026-11-2${seq}T09:00:00.000Z`,
        beforeJson: seq === 1 ? null : `{"purpose":"Launches \\"${seq}\\""}`,
        afterJson: `{"purpose":"Launches \\"${seq + 1}\\""}`,
        prevHash,
      };
      const hash = hashEntry(content);
      entries.push({ ...content, seq, hash });
      prevHash = hash;
    }
    return entries;
  }

  function versionOneCsv(entries: ExportedAuditEntry[]): string {
    const last = entries[entries.length - 1];
    const header = {
      format: 'social-media-audit-export',
      version: 1,
      exportedAt: '2026-11-28T12:00:00.000Z',
      exportedBy: 'user:default/auditor',
      filter: {},
      filtered: false,
      head: { seq: last.seq, hash: last.hash },
      note: 'Whole trail',
    };
    return [
      `# ${JSON.stringify(header)}`,
      AUDIT_EXPORT_COLUMNS.slice(0, -1).join(','),
      stringify(entries.map(entry => toCsvRecord(entry).slice(0, -1))).trim(),
      `# end ${JSON.stringify({ entries: entries.length })}`,
      '',
    ].join('\n');
  }

  it('checks a layout version 1 export, whose entries are all in hash format 1', () => {
    const entries = formatOneEntries();
    expect(verifyFile(writeTmp('v1.csv', versionOneCsv(entries)))).toEqual({
      code: 0,
      out: 'intact: 3 entries',
    });
    entries[1].actor = 'user:default/someone-else';
    expect(
      verifyFile(writeTmp('v1-edited.csv', versionOneCsv(entries))),
    ).toEqual({
      code: 1,
      out: 'not intact: entry 2: Entry 2 was changed after it was written (line 4)',
    });
  });
});
