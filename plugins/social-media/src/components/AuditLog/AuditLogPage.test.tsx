import type {
  AuditEntry,
  AuditLogPage,
} from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockSocialMediaApi } from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const entry = (
  seq: number,
  overrides: Partial<AuditEntry> = {},
): AuditEntry => ({
  seq,
  entityType: 'service',
  entityId: 'brand-instagram',
  action: 'update',
  actor: 'user:default/marketing-lead',
  at: '2026-11-20T10:00:00.000Z',
  before: { purpose: 'Brand storytelling' },
  after: { purpose: 'Brand storytelling and launches' },
  prevHash: 'p',
  hash: 'h',
  ...overrides,
});

describe('the audit log page', () => {
  it('is linked from the catalogue', async () => {
    const api = mockSocialMediaApi({
      listServices: async () => ({
        items: [],
        totalCount: 0,
        limit: 50,
        offset: 0,
      }),
      listAuditEntries: async () => ({ items: [] }),
    });
    renderPlugin('/social-media', api);
    const link = await screen.findByRole('link', { name: /audit log/i });
    expect(link).toHaveAttribute('href', '/social-media/audit');
  });

  it('shows the entries newest first with their changes in words, and loads older ones', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: async (_filter, page) =>
        page?.before === undefined
          ? {
              items: [
                entry(7),
                entry(6, { action: 'delete', after: undefined }),
              ],
              nextBefore: 6,
            }
          : {
              items: [
                entry(2, {
                  entityType: 'audit-export',
                  entityId: 'x',
                  action: 'export',
                  actor: 'user:default/auditor',
                  before: undefined,
                  after: {
                    format: 'csv',
                    filter: { group: 'group:default/marketing' },
                  },
                }),
              ],
            },
    });
    renderPlugin('/social-media/audit', api);
    const first = await screen.findByTestId('audit-entry-7');
    expect(
      within(first).getByText(
        'Purpose: Brand storytelling → Brand storytelling and launches',
      ),
    ).toBeInTheDocument();
    expect(
      within(screen.getByTestId('audit-entry-6')).getByText(
        'Removed from the catalogue',
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    const exported = await screen.findByTestId('audit-entry-2');
    expect(within(exported).getByText('Exported')).toBeInTheDocument();
    expect(
      within(exported).getByText('Filter: group: group:default/marketing'),
    ).toBeInTheDocument();
    expect(api.listAuditEntries).toHaveBeenLastCalledWith(
      {},
      { before: 6, limit: 50 },
    );
    expect(
      screen.queryByRole('button', { name: 'Load more' }),
    ).not.toBeInTheDocument();
  });

  it('shows a snapshot that is not one the catalogue wrote as the text it is, and reads the rest as usual', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: async () => ({
        items: [
          entry(9, { after: '{"purpose": "Brand sto' }),
          entry(8, {
            entityType: 'audit-export',
            action: 'export',
            before: undefined,
            after: 'format=csv',
          }),
          entry(7),
        ],
      }),
    });
    renderPlugin('/social-media/audit', api);
    const edited = await screen.findByTestId('audit-entry-9');
    expect(edited).toHaveTextContent(
      'The record after the change is not one the catalogue wrote: “{"purpose": "Brand sto” (verify the chain)',
    );
    expect(screen.getByTestId('audit-entry-8')).toHaveTextContent(
      'The record after the change is not one the catalogue wrote: “format=csv”',
    );
    expect(screen.getByTestId('audit-entry-7')).toHaveTextContent(
      'Purpose: Brand storytelling → Brand storytelling and launches',
    );
  });

  it('links each record to its page: a service, a request, a transfer or retirement', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: async () => ({
        items: [
          entry(9, {
            entityType: 'service-handover',
            entityId: '5',
            action: 'retirement-submit',
            before: undefined,
            after: { status: 'submitted', kind: 'retirement' },
          }),
          entry(8, {
            entityType: 'service-request',
            entityId: '3',
            action: 'submit',
            before: { status: 'draft' },
            after: { status: 'submitted' },
          }),
          entry(7),
        ],
      }),
    });
    renderPlugin('/social-media/audit', api);
    const linkIn = async (seq: number, name: string) =>
      within(await screen.findByTestId(`audit-entry-${seq}`)).getByRole(
        'link',
        { name },
      );
    expect(await linkIn(9, '5')).toHaveAttribute(
      'href',
      '/social-media/handovers/5',
    );
    expect(await linkIn(8, '3')).toHaveAttribute(
      'href',
      '/social-media/requests/3',
    );
    expect(await linkIn(7, 'brand-instagram')).toHaveAttribute(
      'href',
      '/social-media/services/brand-instagram',
    );
  });

  it('names each record as people call it, its id beneath, also on the pages loaded later', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: async (_filter, page): Promise<AuditLogPage> =>
        page?.before === undefined
          ? {
              items: [
                entry(9, {
                  entityType: 'service-request',
                  entityId: '3',
                  action: 'submit',
                  before: { status: 'draft' },
                  after: { status: 'submitted' },
                }),
                entry(8),
              ],
              nextBefore: 8,
              names: {
                'service-request:3': 'Spring campaign TikTok',
                'service:brand-instagram': 'Brand Instagram',
              },
            }
          : {
              items: [entry(4, { entityId: 'careers-linkedin' })],
              names: { 'service:careers-linkedin': 'Careers LinkedIn' },
            },
    });
    renderPlugin('/social-media/audit', api);
    const request = await screen.findByTestId('audit-entry-9');
    expect(
      within(request).getByRole('link', { name: 'Spring campaign TikTok' }),
    ).toHaveAttribute('href', '/social-media/requests/3');
    expect(within(request).getByText('number 3')).toBeInTheDocument();
    const service = screen.getByTestId('audit-entry-8');
    expect(
      within(service).getByRole('link', { name: 'Brand Instagram' }),
    ).toHaveAttribute('href', '/social-media/services/brand-instagram');
    expect(within(service).getByText('brand-instagram')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Load more' }));
    const older = await screen.findByTestId('audit-entry-4');
    expect(
      within(older).getByRole('link', { name: 'Careers LinkedIn' }),
    ).toBeInTheDocument();
    // The names of the first page stay.
    expect(
      within(screen.getByTestId('audit-entry-8')).getByRole('link', {
        name: 'Brand Instagram',
      }),
    ).toBeInTheDocument();
  });

  it('filters by service, group, actor, action and period', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: async () => ({ items: [] }),
    });
    const { currentUrl } = renderPlugin('/social-media/audit', api);
    await screen.findByText('No entries match these filters.');
    await userEvent.type(
      screen.getByLabelText('Service id'),
      'brand-instagram',
    );
    await userEvent.type(screen.getByLabelText('Owner group'), 'marketing');
    await userEvent.type(
      screen.getByLabelText('Actor'),
      'user:default/marketing-lead',
    );
    await userEvent.type(
      screen.getByLabelText('Actions'),
      'update, transition',
    );
    await userEvent.type(screen.getByLabelText('From'), '2026-11-01');
    await userEvent.type(screen.getByLabelText('To'), '2026-11-30');
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    await waitFor(() =>
      expect(api.listAuditEntries).toHaveBeenLastCalledWith(
        {
          serviceId: 'brand-instagram',
          group: 'marketing',
          actor: 'user:default/marketing-lead',
          actions: ['update', 'transition'],
          from: '2026-11-01',
          to: '2026-11-30',
        },
        { before: undefined, limit: 50 },
      ),
    );
    // The filters applied are in the address, to bookmark, send, or come Back to.
    expect(currentUrl()).toBe(
      `/social-media/audit?serviceId=brand-instagram&group=marketing&actor=${encodeURIComponent(
        'user:default/marketing-lead',
      )}&action=update&action=transition&from=2026-11-01&to=2026-11-30`,
    );
  });

  it('applies the filters a link carries, and shows them in the form', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: jest.fn(async () => ({ items: [] })),
    });
    const { currentUrl } = renderPlugin(
      '/social-media/audit?group=marketing&action=update&action=transition&from=2026-11-01',
      api,
    );
    await screen.findByText('No entries match these filters.');
    expect(api.listAuditEntries).toHaveBeenCalledTimes(1);
    expect(api.listAuditEntries).toHaveBeenCalledWith(
      {
        group: 'marketing',
        actions: ['update', 'transition'],
        from: '2026-11-01',
      },
      { before: undefined, limit: 50 },
    );
    expect(screen.getByLabelText('Owner group')).toHaveValue('marketing');
    expect(screen.getByLabelText('From')).toHaveValue('2026-11-01');
    expect(screen.getByRole('button', { name: 'Updated' })).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() =>
      expect(api.listAuditEntries).toHaveBeenLastCalledWith(
        {},
        { before: undefined, limit: 50 },
      ),
    );
    expect(currentUrl()).toBe('/social-media/audit');
    expect(screen.getByLabelText('Owner group')).toHaveValue('');
  });

  it('offers the actions by the names the log gives them, and filters by what the trail stores', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      listAuditEntries: async () => ({ items: [] }),
    });
    renderPlugin('/social-media/audit', api);
    await screen.findByText('No entries match these filters.');
    const actions = screen.getByRole('combobox', { name: 'Actions' });
    await user.type(actions, 'moved');
    await user.click(await screen.findByRole('option', { name: 'Moved' }));
    await user.type(actions, 'transfer');
    // Listed under the kind of record it changes.
    expect(screen.getByText('Transfers and retirements')).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'Transfer accepted' }));
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() =>
      expect(api.listAuditEntries).toHaveBeenLastCalledWith(
        { actions: ['transition', 'transfer-accept'] },
        { before: undefined, limit: 50 },
      ),
    );
    expect(screen.getByRole('button', { name: 'Moved' })).toBeInTheDocument();
  });

  it('verifies the chain and shows the first broken entry, and what the keyed checkpoints say', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: async () => ({ items: [] }),
      verifyAuditTrail: jest
        .fn()
        .mockResolvedValueOnce({
          intact: true,
          entries: 1200,
          checkpoints: {
            configured: true,
            count: 3,
            newest: { seq: 1200, at: '2026-11-29T01:00:00.000Z' },
          },
        })
        .mockResolvedValueOnce({
          intact: false,
          entries: 12,
          firstBroken: {
            seq: 12,
            problem: 'edited',
            message: 'Entry 12 was changed after it was written',
          },
          checkpoints: {
            configured: true,
            count: 3,
            firstBroken: {
              seq: 20,
              at: '2026-11-29T01:00:00.000Z',
              problem: 'truncated',
              message: 'The newest 8 entries after entry 12 are missing',
            },
          },
        }),
    });
    renderPlugin('/social-media/audit', api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Verify the chain' }),
    );
    expect(
      await screen.findByText(
        /The audit trail is intact: 1200 entries checked/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^3 keyed checkpoints agree with the chain; the newest vouches for entry 1200/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Verify the chain' }),
    );
    expect(
      await screen.findByText(
        /broken at entry 12 \(edited\): Entry 12 was changed after it was written/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        /^Checkpoint of entry 20 .* fails \(truncated\): The newest 8 entries after entry 12 are missing/,
      ),
    ).toBeInTheDocument();
  });

  it('downloads the export of the current filter as a file', async () => {
    const blob = new Blob(['# {}\n']);
    const api = mockSocialMediaApi({
      listAuditEntries: async () => ({ items: [] }),
      downloadAuditExport: async () => ({
        blob,
        fileName: 'social-media-audit-filtered-2026.csv',
      }),
    });
    const created: Blob[] = [];
    const clicked: string[] = [];
    Object.assign(URL, {
      createObjectURL: (b: Blob) => {
        created.push(b);
        return 'blob:export';
      },
      revokeObjectURL: () => {},
    });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function recordClick(this: HTMLAnchorElement) {
        clicked.push(this.download);
      });
    renderPlugin('/social-media/audit', api);
    await userEvent.type(
      await screen.findByLabelText('Service id'),
      'brand-instagram',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Apply filters' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    await waitFor(() =>
      expect(clicked).toEqual(['social-media-audit-filtered-2026.csv']),
    );
    expect(created).toEqual([blob]);
    expect(api.downloadAuditExport).toHaveBeenCalledWith('csv', {
      serviceId: 'brand-instagram',
    });
    click.mockRestore();
  });

  it('says why an export failed', async () => {
    const api = mockSocialMediaApi({
      listAuditEntries: async () => ({ items: [] }),
      downloadAuditExport: async () => {
        throw Object.assign(new Error('Forbidden'), {
          name: 'ResponseError',
          statusCode: 403,
          response: { status: 403 },
        });
      },
    });
    renderPlugin('/social-media/audit', api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download JSON' }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(/the export/);
  });
});
