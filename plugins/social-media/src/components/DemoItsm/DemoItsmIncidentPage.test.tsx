import type { DemoItsmIncident } from '@internal/plugin-social-media-common';
import { screen, within } from '@testing-library/react';
import {
  aResponseError,
  mockSocialMediaApi,
} from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const impersonation: DemoItsmIncident = {
  number: 'DEMO-1011',
  title: 'Second impersonation account replying to customers as support',
  service: 'Customer support X account',
  serviceId: 'customer-support-x-account',
  state: 'In progress',
  priority: 'P2 - High',
  category: 'Security',
  openedAt: '2026-11-20T08:40:00.000Z',
  updatedAt: '2026-11-21T10:15:00.000Z',
  reportedFromPortal: false,
  description:
    'An account with a near-identical handle answers customers and asks them for order numbers.',
  workNotes: [
    {
      at: '2026-11-20T08:40:00.000Z',
      state: 'New',
      note: 'Raised by the social care team after two customers asked',
    },
    {
      at: '2026-11-21T10:15:00.000Z',
      state: 'In progress',
      note: 'Impersonation report filed with the platform',
    },
  ],
};

const reported: DemoItsmIncident = {
  number: 'DEMO-2001',
  title: 'Posts we did not write',
  service: 'Corporate X account',
  serviceId: 'corporate-x-account',
  state: 'New',
  priority: 'P3 - Moderate',
  category: 'Unauthorised post',
  openedAt: '2026-11-28T09:00:00.000Z',
  updatedAt: '2026-11-28T09:00:00.000Z',
  reportedFromPortal: true,
  description: 'Three posts appeared overnight',
  workNotes: [],
};

describe('the demo ITSM incident page', () => {
  it('shows the incident as the demo ITSM has it: what the demo ITSM is, details, description, work notes and the way back to its service', async () => {
    const api = mockSocialMediaApi({
      getDemoItsmIncident: jest.fn(async () => impersonation),
    });
    renderPlugin('/social-media/demo-itsm/incidents/DEMO-1011', api);

    expect(
      await screen.findByRole('heading', {
        name: 'DEMO-1011: Second impersonation account replying to customers as support',
      }),
    ).toBeInTheDocument();
    expect(api.getDemoItsmIncident).toHaveBeenCalledWith('DEMO-1011');
    // Named as the demo, never as an ITSM tool.
    const banner = screen.getByRole('note', { name: 'About the demo ITSM' });
    expect(banner).toHaveTextContent('This is the demo ITSM');
    expect(banner).toHaveTextContent('not ServiceNow or any other ITSM tool');

    expect(screen.getByLabelText('Number')).toHaveTextContent('DEMO-1011');
    expect(screen.getByLabelText('State')).toHaveTextContent('In progress');
    expect(screen.getByLabelText('Priority')).toHaveTextContent('P2 - High');
    expect(screen.getByLabelText('Category')).toHaveTextContent('Security');
    expect(screen.queryByLabelText('Resolved')).not.toBeInTheDocument();
    expect(
      within(screen.getByLabelText('Business service')).getByRole('link', {
        name: 'Customer support X account',
      }),
    ).toHaveAttribute(
      'href',
      '/social-media/services/customer-support-x-account?tab=incidents',
    );

    expect(
      screen.getByRole('region', { name: 'Description' }),
    ).toHaveTextContent(
      'An account with a near-identical handle answers customers and asks them for order numbers.',
    );
    const notes = within(
      screen.getByRole('region', { name: 'Work notes' }),
    ).getAllByRole('listitem');
    expect(notes).toHaveLength(2);
    expect(notes[0]).toHaveTextContent(
      'New: Raised by the social care team after two customers asked',
    );
    expect(notes[1]).toHaveTextContent(
      'In progress: Impersonation report filed with the platform',
    );

    expect(
      screen.getByRole('link', {
        name: 'Back to Customer support X account in the catalogue',
      }),
    ).toHaveAttribute(
      'href',
      '/social-media/services/customer-support-x-account?tab=incidents',
    );
  });

  it('says an incident was reported from the portal, with what was reported', async () => {
    const api = mockSocialMediaApi({
      getDemoItsmIncident: async () => reported,
    });
    renderPlugin('/social-media/demo-itsm/incidents/DEMO-2001', api);

    expect(
      await screen.findByRole('heading', {
        name: 'DEMO-2001: Posts we did not write',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('region', { name: 'Description' }),
    ).toHaveTextContent(
      'Reported from the portal. Three posts appeared overnight',
    );
    expect(
      screen.getByRole('region', { name: 'Work notes' }),
    ).toHaveTextContent('nobody works on incidents reported to the demo ITSM');
  });

  it('says clearly when the demo ITSM knows no incident with the number', async () => {
    const api = mockSocialMediaApi({
      getDemoItsmIncident: async () => {
        throw await aResponseError(
          404,
          'NotFoundError',
          'The demo ITSM knows no incident DEMO-9999; its incidents are numbered like DEMO-1001',
        );
      },
    });
    renderPlugin('/social-media/demo-itsm/incidents/DEMO-9999', api);

    expect(
      await screen.findByText(/The demo ITSM knows no incident DEMO-9999\./),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'its incidents' })).toHaveAttribute(
      'href',
      '/social-media/demo-itsm/incidents',
    );
    expect(screen.queryByRole('region', { name: 'Details' })).toBeNull();
  });

  it('says when the person may not read the catalogue', async () => {
    const api = mockSocialMediaApi({
      getDemoItsmIncident: async () => {
        throw await aResponseError(
          403,
          'NotAllowedError',
          'You are not allowed to read the social media service catalogue',
        );
      },
    });
    renderPlugin('/social-media/demo-itsm/incidents/DEMO-1011', api);

    expect(
      await screen.findByText(
        /You do not have permission to read the incident/,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Details' })).toBeNull();
  });
});

describe('the demo ITSM incidents page', () => {
  it('lists every incident, each linking to its page and its service', async () => {
    const api = mockSocialMediaApi({
      listDemoItsmIncidents: async () => ({
        items: [reported, impersonation],
      }),
    });
    renderPlugin('/social-media/demo-itsm/incidents', api);

    const table = await screen.findByRole('table', { name: 'Incidents' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent('DEMO-2001Posts we did not write');
    expect(
      within(rows[2]).getByRole('link', { name: 'DEMO-1011' }),
    ).toHaveAttribute('href', '/social-media/demo-itsm/incidents/DEMO-1011');
    expect(
      within(rows[2]).getByRole('link', {
        name: 'Customer support X account',
      }),
    ).toHaveAttribute(
      'href',
      '/social-media/services/customer-support-x-account?tab=incidents',
    );
    expect(
      screen.getByRole('note', { name: 'About the demo ITSM' }),
    ).toBeInTheDocument();
  });

  it('says the demo ITSM exists only with the demo data when the backend has none', async () => {
    const api = mockSocialMediaApi({
      listDemoItsmIncidents: async () => {
        throw await aResponseError(404, 'NotFoundError', 'Not found');
      },
    });
    renderPlugin('/social-media/demo-itsm/incidents', api);

    expect(
      await screen.findByText(
        'The demo ITSM exists only while the portal runs with its demo data (socialMedia.demoData).',
      ),
    ).toBeInTheDocument();
  });
});
