import type { ServiceEvidence } from '@internal/plugin-social-media-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockSocialMediaApi } from '../../__testUtils__/fixtures';
import { renderPlugin } from '../../__testUtils__/renderPlugin';

jest.setTimeout(30_000);

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
  handovers: [],
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
    expect(
      within(screen.getByRole('region', { name: 'Incidents' })).getByText(
        'None in this period.',
      ),
    ).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText('From'), '2026-03-01');
    await userEvent.click(
      screen.getByRole('button', { name: 'Show this period' }),
    );
    await waitFor(() =>
      expect(api.getServiceEvidence).toHaveBeenLastCalledWith(
        'careers-linkedin',
        { from: '2026-03-01' },
      ),
    );
  });
});
