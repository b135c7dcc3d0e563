import type { CmdbExportReport } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aDashboard,
  aResponseError,
  aServiceNowConnector,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const exportingServiceNow = { ...aServiceNowConnector, cmdbExport: true };

/** A dry run with one of each: to create, to update, in conflict, unmatched. */
const preview: CmdbExportReport = {
  connectorId: 'servicenow',
  dryRun: true,
  creates: [
    {
      serviceId: 'careers-linkedin',
      name: 'Careers LinkedIn page',
      fields: [
        { field: 'name', to: 'Careers LinkedIn page' },
        { field: 'life_cycle_stage', to: 'Operational' },
      ],
    },
  ],
  updates: [
    {
      serviceId: 'corporate-x',
      name: 'Corporate X account',
      externalId: 'a1',
      version: '3',
      fields: [
        { field: 'life_cycle_stage', from: 'Design', to: 'Operational' },
      ],
    },
  ],
  conflicts: [
    {
      serviceId: 'support-x',
      name: 'Customer support X account',
      externalId: 'b2',
      version: '7',
      storedVersion: '5',
      reason: 'Changed in ServiceNow since the last export (version 5, now 7)',
      fields: [
        {
          field: 'name',
          from: 'Support on X',
          to: 'Customer support X account',
        },
      ],
    },
    {
      serviceId: 'brand-youtube',
      name: 'Brand YouTube channel',
      externalId: 'c3',
      version: '2',
      storedVersion: '1',
      reason: 'Changed in ServiceNow since the last export (version 1, now 2)',
      fields: [
        { field: 'life_cycle_stage', from: 'Retired', to: 'Operational' },
      ],
    },
  ],
  overwritten: [],
  unmatched: [
    {
      serviceId: 'careers-linkedin',
      field: 'serviceOwner',
      ref: 'user:default/talent-lead',
      message:
        'No active ServiceNow user for user:default/talent-lead (user_name talent-lead); owned_by is left as it is',
    },
  ],
  unchanged: 4,
  mappings: [],
};

const exported: CmdbExportReport = {
  ...preview,
  dryRun: false,
  creates: [{ ...preview.creates[0], externalId: 'd4', version: '1' }],
  conflicts: [preview.conflicts[1]],
  overwritten: [{ ...preview.conflicts[0], version: '8' }],
  mappings: [
    {
      serviceId: 'careers-linkedin',
      result: 'set',
      reference: 'd4',
      message:
        'Careers LinkedIn page now maps to the ServiceNow record d4 the export made for it',
    },
  ],
};

function apiWith(overrides: Parameters<typeof mockSocialMediaApi>[0] = {}) {
  return mockSocialMediaApi({
    getDashboard: async () => aDashboard,
    listItsmConnectors: async () => ({ items: [exportingServiceNow] }),
    ...overrides,
  });
}

async function card() {
  return screen.findByRole('region', { name: 'CMDB export to ServiceNow' });
}

describe('CMDB export card', () => {
  it('previews with a dry run, listing each group in plain words', async () => {
    const user = userEvent.setup({ delay: null });
    const api = apiWith({ runCmdbExport: async () => preview });
    renderPlugin('/social-media/dashboard', api);

    const region = await card();
    expect(region).toHaveTextContent(
      'Business service offerings in ServiceNow',
    );
    await user.click(within(region).getByRole('button', { name: 'Preview' }));
    expect(api.runCmdbExport).toHaveBeenCalledWith('servicenow', {
      dryRun: true,
    });

    const created = await within(region).findByRole('table', {
      name: 'Will be created',
    });
    expect(created).toHaveTextContent('Careers LinkedIn page');
    // A new record's fields on one line, without an "empty" before each.
    expect(created).toHaveTextContent(
      'name Careers LinkedIn page · life_cycle_stage Operational',
    );

    const updated = within(region).getByRole('table', {
      name: 'Will be updated',
    });
    expect(updated).toHaveTextContent('Corporate X account');
    expect(updated).toHaveTextContent('life_cycle_stage: Design → Operational');

    const conflicts = within(region).getByRole('table', {
      name: 'Changed in ServiceNow since the last export',
    });
    const supportRow = within(conflicts).getAllByRole('row')[1];
    expect(supportRow).toHaveTextContent('Customer support X account');
    expect(supportRow).toHaveTextContent(
      'Changed in ServiceNow since the last export (version 5, now 7)',
    );
    expect(supportRow).toHaveTextContent(
      'name: Support on X → Customer support X account',
    );

    expect(
      within(region).getByRole('table', {
        name: 'Owners and groups without a match in ServiceNow',
      }),
    ).toHaveTextContent(
      'No active ServiceNow user for user:default/talent-lead',
    );
    // Services whose record is created are mapped to it: the preview says so.
    expect(region).toHaveTextContent(
      'A service whose record is created is then mapped to it for incidents',
    );
    expect(region).toHaveTextContent(
      'Already up to date in ServiceNow: 4 record(s).',
    );
    // Nothing written by a preview, nothing to overwrite yet.
    expect(api.runCmdbExport).toHaveBeenCalledTimes(1);
    expect(within(region).queryByRole('alert')).not.toBeInTheDocument();
  });

  it('shows the first ten records of a long group, and all of them on asking', async () => {
    const user = userEvent.setup({ delay: null });
    const many: CmdbExportReport = {
      ...preview,
      creates: Array.from({ length: 12 }, (_, i) => ({
        serviceId: `service-${i + 1}`,
        name: `Service ${i + 1}`,
        fields: [{ field: 'name', to: `Service ${i + 1}` }],
      })),
    };
    renderPlugin(
      '/social-media/dashboard',
      apiWith({ runCmdbExport: async () => many }),
    );
    const region = await card();
    await user.click(within(region).getByRole('button', { name: 'Preview' }));
    const created = await within(region).findByRole('table', {
      name: 'Will be created',
    });
    expect(region).toHaveTextContent('Will be created (12)');
    // A header row and ten records.
    expect(within(created).getAllByRole('row')).toHaveLength(11);
    expect(created).not.toHaveTextContent('Service 11');
    await user.click(
      within(region).getByRole('button', { name: 'Show all 12' }),
    );
    expect(within(created).getAllByRole('row')).toHaveLength(13);
    expect(created).toHaveTextContent('Service 12');
    expect(
      within(region).queryByRole('button', { name: 'Show all 12' }),
    ).not.toBeInTheDocument();
  });

  it('keeps Export disabled until a preview exists, then exports and shows the outcome', async () => {
    const user = userEvent.setup({ delay: null });
    const api = apiWith({
      runCmdbExport: async (_id, request) =>
        request.dryRun
          ? preview
          : { ...exported, overwritten: [], conflicts: preview.conflicts },
    });
    renderPlugin('/social-media/dashboard', api);

    const region = await card();
    const exportButton = within(region).getByRole('button', { name: 'Export' });
    expect(exportButton).toBeDisabled();

    await user.click(within(region).getByRole('button', { name: 'Preview' }));
    await waitFor(() => expect(exportButton).toBeEnabled());
    await user.click(exportButton);

    expect(api.runCmdbExport).toHaveBeenLastCalledWith('servicenow', {
      dryRun: false,
    });
    expect(
      await within(region).findByText(
        'Export finished: 1 created, 1 updated; 2 changed record(s) left as they are.',
      ),
    ).toBeInTheDocument();
    expect(
      within(region).getByRole('table', { name: 'Mappings for incidents' }),
    ).toHaveTextContent(
      'Careers LinkedIn page now maps to the ServiceNow record d4 the export made for it',
    );
    // What was previewed is written: the next export needs a new preview.
    expect(
      within(region).getByRole('button', { name: 'Export' }),
    ).toBeDisabled();
  });

  it('overwrites only the ticked conflicts, after a warning', async () => {
    const user = userEvent.setup({ delay: null });
    const api = apiWith({
      runCmdbExport: async (_id, request) =>
        request.dryRun ? preview : exported,
    });
    renderPlugin('/social-media/dashboard', api);

    const region = await card();
    await user.click(within(region).getByRole('button', { name: 'Preview' }));
    const tick = await within(region).findByRole('checkbox', {
      name: 'Overwrite Customer support X account',
    });
    expect(within(region).queryByText(/will be overwritten/)).toBeNull();
    await user.click(tick);
    expect(
      within(region).getByText(
        "1 record(s) changed in ServiceNow since the last export will be overwritten with the catalogue's values: what was changed on them in ServiceNow is lost.",
      ),
    ).toBeInTheDocument();

    await user.click(within(region).getByRole('button', { name: 'Export' }));
    expect(api.runCmdbExport).toHaveBeenLastCalledWith('servicenow', {
      dryRun: false,
      overwrite: ['support-x'],
    });
    expect(
      await within(region).findByText(
        'Export finished: 1 created, 1 updated, 1 overwritten; 1 changed record(s) left as they are.',
      ),
    ).toBeInTheDocument();
    expect(
      within(region).getByRole('table', {
        name: "Overwritten with the catalogue's values",
      }),
    ).toHaveTextContent('Customer support X account');
  });

  it("shows the API's message when an export is already running", async () => {
    const user = userEvent.setup({ delay: null });
    const busy = await aResponseError(
      409,
      'ConflictError',
      'An export to ServiceNow (servicenow) is already running since 2026-11-26T09:00:00.000Z; try again when it has finished',
    );
    const api = apiWith({
      runCmdbExport: async () => {
        throw busy;
      },
    });
    renderPlugin('/social-media/dashboard', api);

    const region = await card();
    await user.click(within(region).getByRole('button', { name: 'Preview' }));
    expect(
      await within(region).findByText(
        'An export to ServiceNow (servicenow) is already running since 2026-11-26T09:00:00.000Z; try again when it has finished',
      ),
    ).toBeInTheDocument();
    expect(
      within(region).getByRole('button', { name: 'Export' }),
    ).toBeDisabled();
  });

  it('is not shown for a connector that cannot export, nor to people who may not sync', async () => {
    const { unmount } = renderPlugin(
      '/social-media/dashboard',
      apiWith({
        listItsmConnectors: async () => ({ items: [aServiceNowConnector] }),
      }),
    );
    // The sync section is there, with its connector, but no export card.
    expect(
      await screen.findByRole('table', { name: 'ITSM connectors' }),
    ).toHaveTextContent('ServiceNow');
    expect(
      screen.queryByRole('region', { name: /CMDB export/ }),
    ).not.toBeInTheDocument();
    unmount();

    renderPlugin('/social-media/dashboard', apiWith(), {
      denied: ['social-media.itsm.sync'],
    });
    expect(
      await screen.findByRole('table', { name: 'ITSM connectors' }),
    ).toHaveTextContent('ServiceNow');
    expect(
      screen.queryByRole('region', { name: /CMDB export/ }),
    ).not.toBeInTheDocument();
  });
});
