import type {
  OwnershipPeriod,
  OwnershipReport,
  ServiceOwnership,
} from '@internal/plugin-social-media-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DateTime } from 'luxon';
import {
  aServiceDetails,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';
import { formatDateTime } from '../../utils/format';

const CREATED = '2026-01-10T09:00:00.000Z';
const LEFT = '2026-04-01T00:00:00.000Z';
const TRANSFERRED = '2026-06-01T00:00:00.000Z';

const created: OwnershipPeriod = {
  serviceId: 'corporate-x',
  serviceName: 'Corporate X',
  ownerGroup: 'group:default/marketing',
  serviceOwner: 'user:default/social-media-manager',
  serviceOwnerInOrganisation: true,
  from: CREATED,
  to: LEFT,
  setBy: {
    action: 'create',
    actor: 'user:default/it-service-manager',
    at: CREATED,
    request: {
      id: 3,
      kind: 'request',
      requestedBy: 'user:default/marketing-lead',
      approvedBy: ['user:default/it-service-manager'],
    },
  },
  endedBy: { action: 'leaver-detection', at: LEFT },
  problems: [],
};
const ownerLeft: OwnershipPeriod = {
  ...created,
  serviceOwnerInOrganisation: false,
  from: LEFT,
  to: TRANSFERRED,
  setBy: {
    action: 'leaver-detection',
    actor: 'user:default/guardian',
    at: LEFT,
  },
  endedBy: { action: 'transfer', at: TRANSFERRED },
  problems: ['service-owner-left'],
};
const transferred: OwnershipPeriod = {
  ...created,
  ownerGroup: 'group:default/hr',
  serviceOwner: 'user:default/hr-partner',
  from: TRANSFERRED,
  to: undefined,
  endedBy: undefined,
  setBy: {
    action: 'transfer',
    actor: 'user:default/hr-partner',
    at: TRANSFERRED,
    request: {
      id: 41,
      kind: 'transfer',
      requestedBy: 'user:default/marketing-lead',
      approvedBy: ['user:default/hr-partner'],
    },
  },
};
const TIMELINE = [created, ownerLeft, transferred];

function ownershipAt(at: string): ServiceOwnership {
  const service = {
    id: 'corporate-x',
    name: 'Corporate X',
    cataloguedAt: CREATED,
  };
  if (at < CREATED) return { service, at, owner: null, timeline: TIMELINE };
  const period = TIMELINE.filter(p => p.from <= at).pop()!;
  const first = period === transferred ? transferred : created;
  return {
    service,
    at,
    owner: {
      ownerGroup: period.ownerGroup,
      serviceOwner: period.serviceOwner,
      since: first.from,
      setBy: first.setBy,
      period,
    },
    timeline: TIMELINE,
  };
}

/** A datetime-local value for an instant, as the person's browser shows it. */
const local = (iso: string) =>
  DateTime.fromISO(iso).toFormat("yyyy-MM-dd'T'HH:mm");

describe('the Ownership tab of a service', () => {
  it('answers who owned the service at the chosen moment, in a sentence with the approver, and shows the timeline', async () => {
    const api = mockSocialMediaApi({
      getService: async () => aServiceDetails(),
      getServiceOwnership: jest.fn(async (_id: string, at?: string) =>
        ownershipAt(at!),
      ),
    });
    renderPlugin('/social-media/services/corporate-x?tab=ownership', api);
    expect(
      await screen.findByRole('tab', { name: 'Ownership' }),
    ).toHaveAttribute('aria-selected', 'true');
    const section = within(
      await screen.findByRole('region', { name: 'Ownership' }),
    );

    const picker = section.getByLabelText(/Who owned it on/);
    fireEvent.change(picker, {
      target: { value: local('2026-03-01T09:00:00.000Z') },
    });
    const sentence = await section.findByTestId('owner-sentence');
    await waitFor(() =>
      expect(sentence).toHaveTextContent(
        `On ${formatDateTime(
          '2026-03-01T09:00:00.000Z',
        )} Corporate X was owned by marketing, service owner social-media-manager, since ${formatDateTime(
          CREATED,
        )} when it-service-manager created it, approved by it-service-manager in request 3 (requested by marketing-lead).`,
      ),
    );
    expect(api.getServiceOwnership).toHaveBeenLastCalledWith(
      'corporate-x',
      '2026-03-01T09:00:00.000Z',
    );

    // While the service owner had left, the answer warns in words.
    fireEvent.change(picker, {
      target: { value: local('2026-05-01T09:00:00.000Z') },
    });
    expect(
      await section.findByText(
        'No valid owner at that moment: the service owner had left the organisation.',
      ),
    ).toBeInTheDocument();

    fireEvent.change(picker, {
      target: { value: local('2026-07-01T09:00:00.000Z') },
    });
    await waitFor(() =>
      expect(section.getByTestId('owner-sentence')).toHaveTextContent(
        `owned by hr, service owner hr-partner, since ${formatDateTime(
          TRANSFERRED,
        )} when hr-partner accepted its transfer, approved by hr-partner in transfer 41 (requested by marketing-lead).`,
      ),
    );

    fireEvent.change(picker, {
      target: { value: local('2025-12-01T09:00:00.000Z') },
    });
    await waitFor(() =>
      expect(section.getByTestId('owner-sentence')).toHaveTextContent(
        `Corporate X was not yet catalogued: it was catalogued on ${formatDateTime(
          CREATED,
        )}.`,
      ),
    );

    const rows = within(
      section.getByRole('table', { name: 'Ownership timeline' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(4);
    expect(rows[1]).toHaveTextContent('Yes');
    expect(rows[2]).toHaveTextContent(
      'No valid owner: the service owner had left the organisation',
    );
    expect(rows[3]).toHaveTextContent('now');
  });
});

describe('the ownership report', () => {
  const report: OwnershipReport = {
    group: 'group:default/marketing',
    from: '2025-11-29T00:00:00.000Z',
    to: '2026-11-29T23:59:59.999Z',
    items: [
      {
        serviceId: 'corporate-x',
        serviceName: 'Corporate X',
        lifecycleStage: 'operation',
        ownerGroupNow: 'group:default/hr',
        periods: [
          {
            from: CREATED,
            to: TRANSFERRED,
            ownerGroups: ['group:default/marketing'],
            serviceOwners: ['user:default/social-media-manager'],
            setBy: created.setBy,
            endedBy: { action: 'transfer', at: TRANSFERRED },
            withoutValidOwner: [
              { from: LEFT, to: TRANSFERRED, problems: ['service-owner-left'] },
            ],
          },
        ],
      },
      {
        serviceId: 'old-events-x',
        serviceName: 'Old events X',
        deletedAt: '2026-02-01T00:00:00.000Z',
        periods: [
          {
            from: '2026-01-01T00:00:00.000Z',
            to: '2026-02-01T00:00:00.000Z',
            ownerGroups: ['group:default/marketing'],
            serviceOwners: [],
            setBy: {
              action: 'import',
              actor: 'user:default/portal-admin',
              at: '2026-01-01T00:00:00.000Z',
            },
            endedBy: { action: 'delete', at: '2026-02-01T00:00:00.000Z' },
            withoutValidOwner: [
              {
                from: '2026-01-01T00:00:00.000Z',
                to: '2026-02-01T00:00:00.000Z',
                problems: ['no-service-owner'],
              },
            ],
          },
        ],
      },
    ],
  };

  it('is reached from the catalogue and lists what a group owned over a period, transferred and deleted services too', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      listServices: async () => ({
        items: [],
        totalCount: 0,
        limit: 25,
        offset: 0,
      }),
      getOwnershipReport: jest.fn(async () => report),
    });
    const { currentUrl } = renderPlugin('/social-media', api);
    await user.click(
      await screen.findByRole('link', { name: 'Ownership report' }),
    );
    expect(currentUrl()).toBe('/social-media/ownership');
    expect(
      await screen.findByRole('heading', { name: 'Ownership report' }),
    ).toBeInTheDocument();

    const show = screen.getByRole('button', { name: 'Show the services' });
    expect(show).toBeDisabled();
    await user.type(
      screen.getByRole('combobox', { name: /Owner group/ }),
      'marketing',
    );
    await user.click(show);

    expect(api.getOwnershipReport).toHaveBeenCalledWith({
      group: 'marketing',
      from: DateTime.now().minus({ years: 1 }).startOf('day').toUTC().toISO(),
      to: DateTime.now().endOf('day').toUTC().toISO(),
    });
    // The report asked for is in the address, to bookmark, send, or come Back to.
    expect(currentUrl()).toBe(
      `/social-media/ownership?group=marketing&from=${DateTime.now()
        .minus({ years: 1 })
        .toISODate()}&to=${DateTime.now().toISODate()}`,
    );
    const table = within(
      await screen.findByRole('table', { name: 'Services owned' }),
    );
    const [, first, second] = table.getAllByRole('row');
    expect(
      within(first).getByRole('link', { name: 'Corporate X' }),
    ).toHaveAttribute(
      'href',
      '/social-media/services/corporate-x?tab=ownership',
    );
    expect(first).toHaveTextContent('Catalogued, now owned by hr');
    expect(first).toHaveTextContent('(transferred)');
    expect(first).toHaveTextContent(
      'No valid owner: the service owner had left the organisation',
    );
    expect(second).toHaveTextContent('Old events X');
    expect(second).toHaveTextContent('Deleted on');
    expect(second).toHaveTextContent('No valid owner: no service owner named');
    expect(
      within(second).queryByRole('link', { name: 'Old events X' }),
    ).toBeNull();
  });

  it('shows the report a link asks for, with the form filled in as it was asked', async () => {
    const getOwnershipReport = jest.fn(async () => ({
      ...report,
      group: undefined,
      person: 'user:default/hr-partner',
    }));
    const api = mockSocialMediaApi({ getOwnershipReport });
    renderPlugin(
      `/social-media/ownership?person=${encodeURIComponent(
        'user:default/hr-partner',
      )}&from=2026-01-01&to=2026-06-30`,
      api,
    );
    expect(
      await screen.findByRole('table', { name: 'Services owned' }),
    ).toBeInTheDocument();
    expect(getOwnershipReport).toHaveBeenCalledTimes(1);
    expect(getOwnershipReport).toHaveBeenCalledWith({
      person: 'user:default/hr-partner',
      from: DateTime.fromISO('2026-01-01').startOf('day').toUTC().toISO(),
      to: DateTime.fromISO('2026-06-30').endOf('day').toUTC().toISO(),
    });
    expect(screen.getByRole('radio', { name: 'A person' })).toBeChecked();
    expect(screen.getByRole('combobox', { name: /Service owner/ })).toHaveValue(
      'user:default/hr-partner',
    );
    expect(screen.getByLabelText(/From/)).toHaveValue('2026-01-01');
    expect(screen.getByLabelText(/To/)).toHaveValue('2026-06-30');
  });

  it('asks for a person and says so when they owned nothing, and shows a refusal in words', async () => {
    const user = userEvent.setup({ delay: null });
    const getOwnershipReport = jest
      .fn()
      .mockResolvedValueOnce({
        ...report,
        group: undefined,
        person: 'user:default/hr-partner',
        items: [],
      })
      .mockRejectedValueOnce(
        new Error('Invalid query: to: must not be before from'),
      );
    const api = mockSocialMediaApi({ getOwnershipReport });
    renderPlugin('/social-media/ownership', api);
    await user.click(await screen.findByRole('radio', { name: 'A person' }));
    await user.type(
      screen.getByRole('combobox', { name: /Service owner/ }),
      'user:default/hr-partner',
    );
    await user.click(screen.getByRole('button', { name: 'Show the services' }));
    expect(getOwnershipReport).toHaveBeenCalledWith(
      expect.objectContaining({ person: 'user:default/hr-partner' }),
    );
    expect(
      await screen.findByText(/The person owned no service between/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Show the services' }));
    expect(
      await screen.findByText(/must not be before from/),
    ).toBeInTheDocument();
  });
});
