import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeToken, useFakeBackend } from '../../__testUtils__/fakeBackend';
import { PortalSignInPage } from './PortalSignInPage';

/** The people app-config.yaml offers, or some of them. */
const PEOPLE = [
  { user: 'marketing-lead', role: 'Marketing lead', team: 'marketing' },
  {
    user: 'it-service-manager',
    role: 'IT service manager',
    team: 'IT service management',
  },
  {
    user: 'security-analyst',
    role: 'Security analyst',
    team: 'security office',
  },
  { user: 'auditor', role: 'Auditor', team: 'internal audit' },
];

const config = (auth: object) => ({
  app: { title: 'Social media service catalogue' },
  backend: { baseUrl: 'http://localhost:7007' },
  auth,
});

const LOCAL = {
  environment: 'development',
  providers: { guest: {}, demoPeople: { people: PEOPLE } },
};

/** The backend: the demo people's sign-in answers as the auth backend does. */
function backendWithPeople(known: string[]) {
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  jest.mocked(globalThis.fetch).mockImplementation(async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    if (!url.endsWith('/auth/demoPeople/refresh')) {
      return json({ error: { name: 'NotFoundError', message: url } }, 404);
    }
    const name = new Headers(init?.headers).get('x-demo-person') ?? '';
    if (!known.includes(name)) {
      return json(
        {
          error: {
            name: 'NotFoundError',
            message: `There is no User "${name}" in the catalog`,
          },
          response: { statusCode: 404 },
        },
        404,
      );
    }
    const ref = `user:default/${name}`;
    return json({
      profile: { displayName: name },
      backstageIdentity: {
        token: fakeToken(),
        identity: {
          type: 'user',
          userEntityRef: ref,
          ownershipEntityRefs: [ref],
        },
      },
    });
  });
}

/** The people a sign-in asked the backend for, in order. */
function askedFor(): string[] {
  return jest
    .mocked(globalThis.fetch)
    .mock.calls.filter(([input]) =>
      String(input).endsWith('/auth/demoPeople/refresh'),
    )
    .map(([, init]) => new Headers(init?.headers).get('x-demo-person') ?? '');
}

/** Renders the sign-in page as the app does; resolves with who signed in, when someone does. */
async function renderSignInPage(auth: object) {
  const onSignInSuccess = jest.fn();
  const { container, unmount } = await renderInTestApp(
    <PortalSignInPage onSignInSuccess={onSignInSuccess} />,
    { config: config(auth) },
  );
  return {
    container,
    unmount,
    signedIn: async () => {
      await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1), {
        timeout: 5_000,
      });
      const identity = onSignInSuccess.mock.calls[0][0];
      return (await identity.getBackstageIdentity()).userEntityRef;
    },
    onSignInSuccess,
  };
}

describe('the sign-in page', () => {
  useFakeBackend();

  it('offers the guest and the demo organisation by role, and signs in as the person chosen', async () => {
    backendWithPeople(['security-analyst']);
    const page = await renderSignInPage(LOCAL);

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Select a sign-in method' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText('Sign in as a person of the demo organisation'),
    ).toBeInTheDocument();
    const people = within(
      screen.getByRole('radiogroup', {
        name: 'Person of the demo organisation',
      }),
    );
    expect(
      people
        .getAllByRole('radio')
        .map(radio => radio.closest('label')?.textContent),
    ).toEqual([
      'Marketing lead (marketing)',
      'IT service manager (IT service management)',
      'Security analyst (security office)',
      'Auditor (internal audit)',
    ]);
    const signIn = screen.getByRole('button', { name: 'Sign in' });
    expect(signIn).toBeDisabled();
    expect(globalThis.fetch).not.toHaveBeenCalled();

    await userEvent.click(
      people.getByRole('radio', { name: 'Security analyst (security office)' }),
    );
    await userEvent.click(signIn);

    expect(await page.signedIn()).toBe('user:default/security-analyst');
    expect(askedFor()).toEqual(['security-analyst']);

    // A reload signs the same person in again, without the choices.
    page.unmount();
    const again = await renderSignInPage(LOCAL);
    expect(await again.signedIn()).toBe('user:default/security-analyst');
    expect(askedFor()).toEqual(['security-analyst', 'security-analyst']);
  });

  it('forgets the person on signing out', async () => {
    backendWithPeople(['auditor']);
    const page = await renderSignInPage(LOCAL);
    await userEvent.click(
      screen.getByRole('radio', { name: 'Auditor (internal audit)' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    await page.signedIn();

    await page.onSignInSuccess.mock.calls[0][0].signOut();
    page.unmount();

    const again = await renderSignInPage(LOCAL);
    expect(
      within(again.container).getByRole('button', { name: 'Sign in' }),
    ).toBeDisabled();
    expect(again.onSignInSuccess).not.toHaveBeenCalled();
    expect(askedFor()).toEqual(['auditor']);
  });

  it('says why a sign-in failed and offers the people again', async () => {
    backendWithPeople([]);
    const page = await renderSignInPage(LOCAL);

    await userEvent.click(
      screen.getByRole('radio', { name: 'Marketing lead (marketing)' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not sign in: There is no User "marketing-lead" in the catalog',
    );
    expect(
      screen.getByRole('radio', { name: 'Marketing lead (marketing)' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(page.onSignInSuccess).not.toHaveBeenCalled();
    expect(askedFor()).toEqual(['marketing-lead']);

    // Nothing is remembered: a reload shows the choices, not another attempt.
    page.unmount();
    const again = await renderSignInPage(LOCAL);
    expect(
      within(again.container).getByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(askedFor()).toEqual(['marketing-lead']);
  });

  it('offers only the guest outside the local configuration', async () => {
    await renderSignInPage({ ...LOCAL, environment: 'production' });

    expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    expect(
      screen.queryByText('Sign in as a person of the demo organisation'),
    ).toBeNull();
    expect(screen.queryByRole('radio')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Sign in' })).toBeNull();
  });
});
