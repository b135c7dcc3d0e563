import type { ImportReport } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  aResponseError,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';
import { guessFormat } from './ImportPage';

const csv = `name,platform,handle,purpose,businessUnit,ownerGroup
Corporate X,x,@acme,News,Comms,group:default/comms
Careers,linkedin,Bad Handle,Jobs,HR,group:default/hr`;

const invalid: ImportReport = {
  dryRun: true,
  valid: false,
  rows: 2,
  created: [],
  problems: [
    {
      row: 3,
      field: 'handle',
      message:
        'A LinkedIn page id is 2 to 100 lowercase letters, digits or dashes (the part after /company/)',
    },
  ],
  outOfCompliance: [],
};

describe('ImportPage', () => {
  it('checks a pasted CSV and lists the problems by row and field', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({ importServices: async () => invalid });
    renderPlugin('/social-media/import', api);

    await screen.findByRole('heading', { name: 'Import an inventory' });
    await user.click(
      screen.getByRole('textbox', { name: 'Inventory (CSV or YAML)' }),
    );
    await user.paste(csv);
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));

    expect(api.importServices).toHaveBeenCalledWith({
      format: 'csv',
      content: csv,
      dryRun: true,
    });
    const report = within(
      await screen.findByRole('region', { name: 'Import report' }),
    );
    expect(report.getByRole('status')).toHaveTextContent(
      'The file has problems2 rows read, 1 problem to fix.',
    );
    const rows = within(
      report.getByRole('table', { name: 'Problems' }),
    ).getAllByRole('row');
    expect(rows.map(row => row.textContent)).toEqual([
      'RowFieldMessage',
      `3handle${invalid.problems[0].message}`,
    ]);
    // problems block; nothing is said to be recorded
    expect(
      report.queryByRole('list', { name: 'Out of compliance' }),
    ).not.toBeInTheDocument();
  });

  it('warns of rows recorded out of compliance, apart from the problems that block', async () => {
    const user = userEvent.setup({ delay: null });
    const outOfCompliance: ImportReport['outOfCompliance'] = [
      {
        row: 3,
        id: 'corporate-x',
        stage: 'operation',
        missing: ['MFA enabled', 'credentials in a vault'],
      },
      {
        row: 5,
        id: 'careers',
        stage: 'retired',
        missing: ['access revoked'],
      },
    ];
    const api = mockSocialMediaApi({
      importServices: async request => ({
        dryRun: Boolean(request.dryRun),
        valid: true,
        rows: 4,
        created: ['brand-news', 'corporate-x', 'support', 'careers'],
        problems: [],
        outOfCompliance,
      }),
    });
    renderPlugin('/social-media/import', api);
    await screen.findByRole('heading', { name: 'Import an inventory' });
    await user.click(
      screen.getByRole('textbox', { name: 'Inventory (CSV or YAML)' }),
    );
    await user.paste(csv);
    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));

    const report = within(
      await screen.findByRole('region', { name: 'Import report' }),
    );
    // the file is fine: nothing blocks the import
    expect(report.getByRole('status')).toHaveTextContent(
      'The file is ready to import4 rows checked, no problems. 4 services would be created.',
    );
    expect(
      report.queryByRole('table', { name: 'Problems' }),
    ).not.toBeInTheDocument();
    expect(
      report.getByText('2 services would be recorded out of compliance'),
    ).toBeInTheDocument();
    const warned = report.getByRole('list', { name: 'Out of compliance' });
    expect(
      within(warned)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'Row 3, corporate-x: to be recorded in operation as found, out of compliance: lacks MFA enabled and credentials in a vault',
      'Row 5, careers: to be recorded in retired as found, out of compliance: lacks access revoked',
    ]);

    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByText('Import complete')).toBeInTheDocument();
    expect(
      screen.getByText('2 services recorded out of compliance'),
    ).toBeInTheDocument();
    const recorded = within(
      screen.getByRole('list', { name: 'Out of compliance' }),
    );
    expect(recorded.getAllByRole('listitem')[0]).toHaveTextContent(
      'Row 3, corporate-x: recorded in operation as found, out of compliance: lacks MFA enabled and credentials in a vault',
    );
    expect(recorded.getByRole('link', { name: 'corporate-x' })).toHaveAttribute(
      'href',
      '/social-media/services/corporate-x',
    );
  });

  it('imports an uploaded YAML file and links the created services', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      importServices: async request => ({
        dryRun: Boolean(request.dryRun),
        valid: true,
        rows: 2,
        created: ['corporate-x', 'careers'],
        problems: [],
        outOfCompliance: [],
      }),
    });
    renderPlugin('/social-media/import', api);
    await screen.findByRole('heading', { name: 'Import an inventory' });

    const yaml = '- name: Corporate X\n  platform: x\n';
    await user.upload(
      screen.getByLabelText('Upload a file'),
      new File([yaml], 'inventory.yaml', { type: 'application/yaml' }),
    );
    expect(
      await screen.findByText('Loaded inventory.yaml'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('textbox', { name: 'Inventory (CSV or YAML)' }),
    ).toHaveValue(yaml);

    await user.click(screen.getByRole('button', { name: 'Check (dry run)' }));
    expect(
      await screen.findByText(
        '2 rows checked, no problems. 2 services would be created.',
      ),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Import' }));
    await waitFor(() =>
      expect(api.importServices).toHaveBeenLastCalledWith({
        format: 'yaml',
        content: yaml,
        dryRun: false,
      }),
    );
    expect(await screen.findByText('Import complete')).toBeInTheDocument();
    const created = within(
      screen.getByRole('list', { name: 'Created services' }),
    );
    expect(created.getByRole('link', { name: 'corporate-x' })).toHaveAttribute(
      'href',
      '/social-media/services/corporate-x',
    );
  });

  it('asks for content, and shows errors that are not reports', async () => {
    const user = userEvent.setup({ delay: null });
    const api = mockSocialMediaApi({
      importServices: async () => {
        throw await aResponseError(403, 'NotAllowedError', 'Unauthorized');
      },
    });
    renderPlugin('/social-media/import', api);
    await screen.findByRole('heading', { name: 'Import an inventory' });

    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(
      screen.getByText('Paste the inventory or upload a file first.'),
    ).toBeInTheDocument();
    expect(api.importServices).not.toHaveBeenCalled();

    await user.click(
      screen.getByRole('textbox', { name: 'Inventory (CSV or YAML)' }),
    );
    await user.paste(csv);
    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'You are not allowed to make this change: Unauthorized',
    );
  });

  it('tells that a file with spreadsheet formulas is refused, and that a handle is no formula', async () => {
    renderPlugin('/social-media/import', mockSocialMediaApi());
    await screen.findByRole('table', { name: 'CSV columns' });
    expect(
      screen.getByText(/Cells hold values, never spreadsheet formulas/),
    ).toHaveTextContent(
      /is refused, with the row and column of each such cell named\. A handle such as @acme is a value\./,
    );
  });

  it('documents every CSV column', async () => {
    renderPlugin('/social-media/import', mockSocialMediaApi());
    const table = await screen.findByRole('table', { name: 'CSV columns' });
    const names = within(table)
      .getAllByRole('row')
      .slice(1)
      .map(row => row.querySelector('code')?.textContent);
    expect(names).toEqual([
      'name',
      'platform',
      'handle',
      'profileUrl',
      'purpose',
      'businessUnit',
      'ownerGroup',
      'serviceOwner',
      'businessRequester',
      'audienceSize',
      'tags',
      'lifecycleStage',
      'mfaEnabled',
      'mfaMethod',
      'ssoEnabled',
      'credentialVaultRef',
      'sharedLogin',
      'verified',
      'recoveryOwnedByCompany',
      'regulatedContent',
      'brandLevel',
      'accessRevoked',
      'accountStatus',
      'itsmSystem',
      'itsmReference',
      'id',
    ]);
    // the dates that events record are not columns, and the page says why
    expect(
      screen.getByText(
        /no column for the last access review or the risk sign-off/,
      ),
    ).toBeInTheDocument();
  });

  it('names every platform the platform column accepts, Threads and Bluesky too', async () => {
    renderPlugin('/social-media/import', mockSocialMediaApi());
    const table = await screen.findByRole('table', { name: 'CSV columns' });
    const platformRow = within(table)
      .getAllByRole('row')
      .find(row => row.querySelector('code')?.textContent === 'platform')!;
    expect(platformRow).toHaveTextContent(
      'x, facebook, instagram, linkedin, youtube, tiktok, mastodon, threads, bluesky, blog or other',
    );
  });
});

describe('guessFormat', () => {
  it('tells YAML lists from CSV', () => {
    expect(guessFormat('- name: a')).toBe('yaml');
    expect(guessFormat('services:\n  - name: a')).toBe('yaml');
    expect(guessFormat('name,platform\nA,x')).toBe('csv');
  });
});
