import type { ServiceEvidence } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockSocialMediaApi } from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

const evidence: ServiceEvidence = {
  service: {
    id: 'careers-linkedin',
    name: 'Careers LinkedIn',
    platform: 'linkedin',
    handle: 'larkmoor-careers',
    lifecycleStage: 'operation',
    ownerGroup: 'group:default/hr',
    serviceOwner: 'user:default/hr-partner',
  },
  period: {
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-12-31T23:59:59.999Z',
  },
  generatedAt: '2026-11-29T10:00:00.000Z',
  generatedBy: 'user:default/auditor',
  owners: [
    {
      serviceId: 'careers-linkedin',
      serviceName: 'Careers LinkedIn',
      serviceOwnerInOrganisation: true,
      problems: [],
      ownerGroup: 'group:default/marketing',
      serviceOwner: 'user:default/marketing-lead',
      from: '2026-02-01T09:00:00.000Z',
      to: '2026-06-01T09:00:00.000Z',
      setBy: {
        action: 'create',
        actor: 'user:default/marketing-lead',
        at: '2026-02-01T09:00:00.000Z',
        request: {
          id: 3,
          kind: 'request',
          approvedBy: ['user:default/it-service-manager'],
        },
      },
    },
    {
      serviceId: 'careers-linkedin',
      serviceName: 'Careers LinkedIn',
      serviceOwnerInOrganisation: false,
      problems: ['service-owner-left'],
      ownerGroup: 'group:default/hr',
      serviceOwner: 'user:default/hr-partner',
      from: '2026-06-01T09:00:00.000Z',
      setBy: {
        action: 'transfer',
        actor: 'user:default/hr-partner',
        at: '2026-06-01T09:00:00.000Z',
        request: {
          id: 6,
          kind: 'transfer',
          approvedBy: ['user:default/hr-partner'],
        },
      },
    },
  ],
  request: {
    id: 3,
    requestedBy: 'user:default/marketing-lead',
    approvedBy: [
      'user:default/it-service-manager',
      'user:default/it-service-owner',
    ],
  },
  handovers: [
    {
      id: 6,
      kind: 'transfer',
      serviceId: 'careers-linkedin',
      serviceName: 'Careers LinkedIn',
      status: 'completed',
      requester: 'user:default/marketing-lead',
      reason: 'Hiring posts belong with HR',
      fromOwnerGroup: 'group:default/marketing',
      toOwnerGroup: 'group:default/hr',
      toServiceOwner: 'user:default/hr-partner',
      checklist: {},
      deciders: ['group:default/hr'],
      steps: [
        {
          action: 'submit',
          actor: 'user:default/marketing-lead',
          at: '2026-05-20T09:00:00.000Z',
          to: 'submitted',
        },
        {
          action: 'accept',
          actor: 'user:default/hr-partner',
          at: '2026-06-01T09:00:00.000Z',
          from: 'submitted',
          to: 'completed',
        },
      ],
      createdAt: '2026-05-20T09:00:00.000Z',
      updatedAt: '2026-06-01T09:00:00.000Z',
      version: 2,
    },
  ],
  moves: [],
  accessReviews: [
    {
      id: 1,
      serviceId: 'careers-linkedin',
      reviewer: 'user:default/hr-partner',
      at: '2026-07-01T09:00:00.000Z',
      decisions: [
        { account: 'recruiter', decision: 'remove', leftOrganisation: true },
      ],
    },
  ],
  riskHistory: [],
  incidents: [],
  auditEntries: [],
};

describe('the evidence page', () => {
  it('shows who owned the service, who approved each change and every access decision, for the period asked', async () => {
    const api = mockSocialMediaApi({
      getServiceEvidence: async () => evidence,
    });
    renderPlugin('/social-media/services/careers-linkedin/evidence', api);
    const owners = await screen.findByRole('table', { name: 'Owners' });
    const rows = within(owners).getAllByRole('row');
    expect(rows[1]).toHaveTextContent(
      'approved by it-service-manager in request 3',
    );
    expect(rows[2]).toHaveTextContent('still');
    expect(rows[2]).toHaveTextContent('No valid owner');
    expect(
      screen.getByRole('table', { name: 'Access reviews' }),
    ).toHaveTextContent('recruiter: remove (had left the organisation)');
    // Requests name people and groups as the catalog does, not by their refs.
    const requests = within(
      screen.getByRole('table', { name: 'Requests and approvals' }),
    ).getAllByRole('row');
    expect(requests[1]).toHaveTextContent(
      'New service: request 3marketing-leadProvisionedit-service-manager and it-service-owner',
    );
    expect(requests[2]).toHaveTextContent(
      'Transfer 6 to hrmarketing-leadTransferredhr-partner',
    );
    expect(
      screen.getByRole('table', { name: 'Requests and approvals' }),
    ).not.toHaveTextContent(/user:default|group:default/);
    // Each opens on its own page, with its timeline.
    expect(
      within(requests[1]).getByRole('link', {
        name: 'New service: request 3',
      }),
    ).toHaveAttribute('href', '/social-media/requests/3');
    expect(
      within(requests[2]).getByRole('link', { name: 'Transfer 6' }),
    ).toHaveAttribute('href', '/social-media/handovers/6');
    expect(
      within(screen.getByRole('region', { name: 'Incidents' })).getByText(
        'None in this period.',
      ),
    ).toBeInTheDocument();

    // The fields show the period the document covers, also when none was asked for.
    expect(api.getServiceEvidence).toHaveBeenLastCalledWith(
      'careers-linkedin',
      {},
    );
    expect(screen.getByLabelText('From')).toHaveValue('2026-01-01');
    expect(screen.getByLabelText('To')).toHaveValue('2026-12-31');

    await userEvent.clear(screen.getByLabelText('From'));
    await userEvent.type(screen.getByLabelText('From'), '2026-03-01');
    await userEvent.click(
      screen.getByRole('button', { name: 'Show this period' }),
    );
    await waitFor(() =>
      expect(api.getServiceEvidence).toHaveBeenLastCalledWith(
        'careers-linkedin',
        { from: '2026-03-01', to: '2026-12-31' },
      ),
    );
  });
});
