import { copyRow } from './largeList';

describe('copyRow', () => {
  const row = {
    id: 'acme-marketing-x-00042',
    name: 'Acme Marketing X 00042',
    handle: 'acme_mar00042',
    profile_url: 'https://x.com/acme_mar00042',
    sort_name: 'acme marketing x 00042',
    search_text: 'acme marketing x 00042 acme_mar00042 brand announcements',
    platform: 'x',
    lifecycle_stage: 'operation',
    audience_size: 100042,
    controls: '{"credentialVaultRef":"vault://social/acme/x-42"}',
  };

  it('moves the number in the name, id, handle, address and search columns', () => {
    const copy = copyRow(row, 30_000);
    expect(copy).toEqual({
      ...row,
      id: 'acme-marketing-x-30042',
      name: 'Acme Marketing X 30042',
      handle: 'acme_mar30042',
      profile_url: 'https://x.com/acme_mar30042',
      sort_name: 'acme marketing x 30042',
      search_text: 'acme marketing x 30042 acme_mar30042 brand announcements',
    });
    // The original is left as it was.
    expect(row.id).toBe('acme-marketing-x-00042');
  });

  it('gives every copy of every row its own id and handle', () => {
    const rows = [1, 2, 10_000].map(n => {
      const number = String(n).padStart(5, '0');
      return {
        ...row,
        id: `acme-marketing-x-${number}`,
        name: `Acme Marketing X ${number}`,
        handle: `acme_mar${number}`,
      };
    });
    const copies = [0, 1, 2, 9].flatMap(k =>
      rows.map(r => (k === 0 ? r : copyRow(r, k * 10_000))),
    );
    expect(new Set(copies.map(c => c.id)).size).toBe(copies.length);
    expect(new Set(copies.map(c => c.handle)).size).toBe(copies.length);
    expect(copies.map(c => c.name)).toContain('Acme Marketing X 100000');
  });

  it('refuses a row without a number to move', () => {
    expect(() => copyRow({ ...row, name: 'Acme Marketing X' }, 10_000)).toThrow(
      /no number/,
    );
  });
});
