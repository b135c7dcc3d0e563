import {
  checkHandoverWithdraw,
  decideHandover,
  handoverDeciders,
} from './handovers';
import { DEFAULT_APPROVAL_POLICY } from './serviceRequests';

const hr = 'group:default/hr';
const requester = 'user:default/marketing-lead';
const hrPartner = { userRef: 'user:default/hr-partner', claims: [hr] };
const ALL_DONE = {
  'admins-reviewed': true,
  'credentials-rotated': true,
  'recovery-email-changed': true,
  'recovery-phone-changed': true,
};
const transfer = {
  kind: 'transfer' as const,
  status: 'submitted' as const,
  requester,
  deciders: [hr],
  checklist: {},
};

describe('handovers', () => {
  it('sends a transfer to the receiving group and a retirement to IT service management', () => {
    expect(handoverDeciders('transfer', hr, DEFAULT_APPROVAL_POLICY)).toEqual([
      hr,
    ]);
    expect(
      handoverDeciders('retirement', undefined, DEFAULT_APPROVAL_POLICY),
    ).toEqual(DEFAULT_APPROVAL_POLICY.serviceManagement);
  });

  it('accepts a transfer only with every checklist item done, naming those that are not', () => {
    expect(decideHandover(transfer, 'accept', hrPartner, ALL_DONE)).toEqual({
      status: 'completed',
      checklist: ALL_DONE,
    });
    expect(
      decideHandover(transfer, 'accept', hrPartner, {
        ...ALL_DONE,
        'credentials-rotated': false,
        'recovery-email-changed': false,
      }),
    ).toEqual({
      kind: 'incomplete',
      missing: [
        expect.objectContaining({ id: 'credentials-rotated' }),
        expect.objectContaining({ id: 'recovery-email-changed' }),
      ],
    });
    // Declining needs no checklist.
    expect(decideHandover(transfer, 'decline', hrPartner, undefined)).toEqual({
      status: 'declined',
      checklist: {},
    });
  });

  it('never lets the filer decide, even from the receiving group, nor anyone outside it', () => {
    const filerInHr = { userRef: requester.toUpperCase(), claims: [hr] };
    expect(decideHandover(transfer, 'accept', filerInHr, ALL_DONE)).toEqual(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    const outsider = {
      userRef: 'user:default/x',
      claims: ['group:default/it'],
    };
    expect(decideHandover(transfer, 'accept', outsider, ALL_DONE)).toEqual(
      expect.objectContaining({ kind: 'forbidden' }),
    );
    expect(
      decideHandover(
        { ...transfer, status: 'completed' },
        'decline',
        hrPartner,
        undefined,
      ),
    ).toEqual(expect.objectContaining({ kind: 'conflict' }));
  });

  it('lets only the filer withdraw, and only while it waits', () => {
    expect(
      checkHandoverWithdraw(transfer, { userRef: requester, claims: [] }),
    ).toBeUndefined();
    expect(checkHandoverWithdraw(transfer, hrPartner)?.kind).toBe('forbidden');
    expect(
      checkHandoverWithdraw(
        { ...transfer, status: 'declined' },
        { userRef: requester, claims: [] },
      )?.kind,
    ).toBe('conflict');
  });
});
