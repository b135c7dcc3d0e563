import { createHash } from 'node:crypto';
import {
  canonicalJson,
  hashEntry,
  hashedText,
  HashFormat,
  matchesItsHash,
  StoredAuditEntry,
  verifyChain,
} from './auditChain';

type Content = Omit<StoredAuditEntry, 'seq' | 'hash' | 'prevHash'>;

const CONTENTS: Content[] = [
  ['create', null, { id: 'corp-x', stage: 'strategy' }],
  ['update', { name: 'Corp X' }, { name: 'Corporate X' }],
  ['transition', { stage: 'strategy' }, { stage: 'design' }],
  ['update-admins', { admins: [] }, { admins: ['comms-lead'] }],
  ['delete', { id: 'corp-x' }, null],
].map(([action, before, after], i) => ({
  // A trail written before format 2 carries on in format 2 after an upgrade.
  hashFormat: (i < 2 ? 1 : 2) as HashFormat,
  entityType: 'service',
  entityId: 'corp-x',
  action: action as string,
  actor: 'user:default/communications-lead',
  at: `2026-11-2${i}T10:00:00.000Z`,
  beforeJson: canonicalJson(before),
  afterJson: canonicalJson(after),
}));

/** Links entries the way the store appends them: each names the hash of the one before. */
function buildChain(contents: Content[] = CONTENTS): StoredAuditEntry[] {
  const entries: StoredAuditEntry[] = [];
  let prevHash = '';
  contents.forEach((content, i) => {
    const hash = hashEntry({ ...content, prevHash });
    entries.push({ ...content, seq: i + 1, prevHash, hash });
    prevHash = hash;
  });
  return entries;
}

function headOf(entries: StoredAuditEntry[]) {
  const last = entries[entries.length - 1];
  return { seq: last.seq, hash: last.hash };
}

/** Reads entries the way the store does: ordered by seq. */
function bySeq(entries: StoredAuditEntry[]) {
  return [...entries].sort((a, b) => a.seq - b.seq);
}

describe('verifyChain', () => {
  const chain = buildChain();
  const head = headOf(chain);

  it('finds an untouched chain intact', () => {
    expect(chain).toHaveLength(5);
    expect(verifyChain(chain, head)).toEqual({ intact: true, entries: 5 });
  });

  it('links each entry to the hash of the one before', () => {
    expect(chain[0].prevHash).toBe('');
    expect(chain[3].prevHash).toBe(chain[2].hash);
    expect(new Set(chain.map(e => e.hash)).size).toBe(5);
  });

  it('finds an empty chain with an empty head intact', () => {
    expect(verifyChain([], { seq: 0, hash: '' })).toEqual({
      intact: true,
      entries: 0,
    });
  });

  describe('an entry edited in place', () => {
    it.each<[number, keyof StoredAuditEntry, string | null]>([
      [2, 'action', 'delete'],
      [1, 'actor', 'user:default/someone-else'],
      [3, 'at', '2020-01-01T00:00:00.000Z'],
      [2, 'beforeJson', canonicalJson({ name: 'Other' })],
      [4, 'afterJson', null],
      [5, 'afterJson', canonicalJson({ stage: 'operation' })],
      [3, 'entityId', 'other-service'],
      [1, 'entityType', 'group'],
      [4, 'prevHash', 'f'.repeat(64)],
    ])('changing entry %i %s is reported as edited', (seq, field, value) => {
      const tampered = chain.map(e =>
        e.seq === seq ? { ...e, [field]: value } : e,
      );
      expect(verifyChain(tampered, head)).toEqual({
        intact: false,
        entries: seq,
        firstBroken: {
          seq,
          problem: 'edited',
          message: `Entry ${seq} was changed after it was written`,
        },
      });
    });
  });

  describe('entries deleted', () => {
    it.each<[number[], number, string]>([
      [[1], 1, 'Entry 1 is missing'],
      [[3], 3, 'Entry 3 is missing'],
      [[3, 4], 3, 'Entries 3 to 4 are missing'],
      [[2, 3, 4], 2, 'Entries 2 to 4 are missing'],
    ])('deleting entries %j reports entry %i missing', (gone, seq, message) => {
      const remaining = chain.filter(e => !gone.includes(e.seq));
      expect(verifyChain(remaining, head)).toEqual({
        intact: false,
        entries: seq,
        firstBroken: { seq, problem: 'missing', message },
      });
    });

    it.each<[number, number, string]>([
      [1, 5, 'Entry 5 is missing from the end of the trail'],
      [2, 4, 'Entries 4 to 5 are missing from the end of the trail'],
      [5, 1, 'Entries 1 to 5 are missing from the end of the trail'],
    ])(
      'deleting the last %i entries while the head still says 5 reports them missing from the end',
      (count, seq, message) => {
        const remaining = chain.slice(0, chain.length - count);
        expect(verifyChain(remaining, head)).toEqual({
          intact: false,
          entries: remaining.length,
          firstBroken: { seq, problem: 'missing', message },
        });
      },
    );
  });

  it('swapping the seq numbers of entries 2 and 4 is reported as reordered at seq 2', () => {
    const swapped = bySeq(
      chain.map(e => {
        if (e.seq === 2) return { ...e, seq: 4 };
        if (e.seq === 4) return { ...e, seq: 2 };
        return e;
      }),
    );
    expect(verifyChain(swapped, head)).toEqual({
      intact: false,
      entries: 2,
      firstBroken: {
        seq: 2,
        problem: 'reordered',
        message:
          'Entry 2 does not follow entry 1: entries were reordered or the one before it was rewritten',
      },
    });
  });

  it('rewriting entry 3 and recomputing its hash is caught at entry 4 as reordered (the link breaks, not the entry)', () => {
    const rewritten = chain.map(e => {
      if (e.seq !== 3) return e;
      const forged = { ...e, actor: 'user:default/intruder' };
      return { ...forged, hash: hashEntry(forged) };
    });
    expect(verifyChain(rewritten, head)).toEqual({
      intact: false,
      entries: 4,
      firstBroken: {
        seq: 4,
        problem: 'reordered',
        message:
          'Entry 4 does not follow entry 3: entries were reordered or the one before it was rewritten',
      },
    });
  });

  it('rewriting the last entry and recomputing its hash is caught by the head', () => {
    const rewritten = chain.map(e => {
      if (e.seq !== 5) return e;
      const forged = { ...e, action: 'update' };
      return { ...forged, hash: hashEntry(forged) };
    });
    expect(verifyChain(rewritten, head)).toEqual({
      intact: false,
      entries: 5,
      firstBroken: {
        seq: 5,
        problem: 'edited',
        message: 'Entry 5 does not match the recorded end of the trail',
      },
    });
  });

  it('reports a head hash that does not match the last entry', () => {
    expect(verifyChain(chain, { seq: 5, hash: 'a'.repeat(64) })).toEqual({
      intact: false,
      entries: 5,
      firstBroken: {
        seq: 5,
        problem: 'edited',
        message: 'Entry 5 does not match the recorded end of the trail',
      },
    });
  });

  it('reports entries missing when the chain is empty but the head is not', () => {
    expect(verifyChain([], head).firstBroken).toEqual({
      seq: 1,
      problem: 'missing',
      message: 'Entries 1 to 5 are missing from the end of the trail',
    });
  });

  it('accepts any iterable, such as a generator', () => {
    function* entries() {
      yield* chain;
    }
    expect(verifyChain(entries(), head)).toEqual({ intact: true, entries: 5 });
  });
});

describe('hashEntry', () => {
  const content = { ...CONTENTS[2], prevHash: '' };

  it('hashes format 1 entries over the JSON array of their fields, as they were written', () => {
    const old = { ...CONTENTS[0], prevHash: 'a'.repeat(64) };
    const fields = [
      old.prevHash,
      old.entityType,
      old.entityId,
      old.action,
      old.actor,
      old.at,
      old.beforeJson,
      old.afterJson,
    ];
    expect(hashEntry(old)).toBe(
      createHash('sha256').update(JSON.stringify(fields)).digest('hex'),
    );
  });

  it('covers format 2 fields by their UTF-8 length and text, with a dash for none', () => {
    expect(
      hashedText({
        hashFormat: 2,
        prevHash: '',
        entityType: 'service',
        entityId: 'café-x',
        action: 'update',
        actor: 'user:default/it-service-owner',
        at: '2026-11-29T10:00:00.000Z',
        beforeJson: null,
        afterJson: '{"name":"Café \\"X\\""}',
      }),
    ).toBe(
      [
        '2',
        '0:',
        '7:service',
        '7:café-x',
        '6:update',
        '29:user:default/it-service-owner',
        '24:2026-11-29T10:00:00.000Z',
        '-',
        '22:{"name":"Café \\"X\\""}',
      ].join('\n'),
    );
  });

  it('tells an absent snapshot from one that reads as a dash, and the formats apart', () => {
    expect(hashEntry({ ...content, beforeJson: '-' })).not.toBe(
      hashEntry({ ...content, beforeJson: null }),
    );
    expect(hashEntry({ ...content, hashFormat: 1 })).not.toBe(
      hashEntry(content),
    );
  });

  it('never matches an entry whose format it does not know', () => {
    const hash = hashEntry(content);
    expect(matchesItsHash({ ...content, hash })).toBe(true);
    expect(
      matchesItsHash({ ...content, hashFormat: 3 as HashFormat, hash }),
    ).toBe(false);
  });

  it('is a hex SHA-256 that ignores the position of the entry', () => {
    expect(hashEntry(content)).toMatch(/^[0-9a-f]{64}$/);
    expect(
      hashEntry({ ...content, seq: 7, hash: 'x' } as StoredAuditEntry),
    ).toBe(hashEntry(content));
  });

  it('depends on the previous hash', () => {
    expect(hashEntry({ ...content, prevHash: 'abc' })).not.toBe(
      hashEntry(content),
    );
  });

  it.each<HashFormat>([1, 2])(
    'does not confuse values moved between fields (format %s)',
    hashFormat => {
      const entry = { ...content, hashFormat };
      expect(hashEntry({ ...entry, action: 'a', actor: 'bc' })).not.toBe(
        hashEntry({ ...entry, action: 'ab', actor: 'c' }),
      );
      expect(
        hashEntry({ ...entry, entityId: 'x\n3:abc', action: 'y' }),
      ).not.toBe(hashEntry({ ...entry, entityId: 'x', action: '3:abc\ny' }));
    },
  );
});

describe('canonicalJson', () => {
  it.each<[unknown, unknown]>([
    [
      { b: 1, a: 2 },
      { a: 2, b: 1 },
    ],
    [
      { outer: { z: [1, { y: 1, x: 2 }], a: null } },
      { outer: { a: null, z: [1, { x: 2, y: 1 }] } },
    ],
  ])('writes %j and %j the same', (one, other) => {
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('sorts keys', () => {
    expect(canonicalJson({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
  });

  it('keeps the order of arrays', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it.each<[unknown, string | null]>([
    [undefined, null],
    [null, 'null'],
    ['text', '"text"'],
    [42, '42'],
    [{ a: undefined, b: 1 }, '{"b":1}'],
  ])('writes %p as %p', (value, text) => {
    expect(canonicalJson(value)).toBe(text);
  });
});
