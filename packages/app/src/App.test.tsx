import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';

/** An unsigned JWT, shaped like the tokens the auth backend issues. */
function fakeToken() {
  const encode = (value: object) =>
    btoa(JSON.stringify(value))
      .replace(/=+$/, '')
      .replace(/\+/g, '-')
      .replace(/\//g, '_');
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `${encode({ alg: 'none' })}.${encode({
    sub: 'user:development/guest',
    exp,
  })}.signature`;
}

/** What the backend answers, just enough for the app's first screens. */
function fakeBackend(url: string): Response {
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    });
  const { pathname } = new URL(url);
  if (pathname === '/api/auth/guest/refresh') {
    return json({
      profile: { displayName: 'Guest' },
      backstageIdentity: {
        token: fakeToken(),
        identity: {
          type: 'user',
          userEntityRef: 'user:development/guest',
          ownershipEntityRefs: ['user:development/guest'],
        },
      },
    });
  }
  if (pathname === '/api/social-media/status') {
    return json({
      status: 'ready',
      database: {
        client: 'better-sqlite3',
        latestMigration: '20261120000000_init.js',
      },
      services: {
        total: 0,
        byStage: {
          strategy: 0,
          design: 0,
          transition: 0,
          operation: 0,
          improvement: 0,
          retired: 0,
        },
      },
      connectors: [],
    });
  }
  return json({ error: { name: 'NotFoundError', message: 'Not found' } }, 404);
}

describe('App', () => {
  beforeEach(() => {
    localStorage.clear();
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: {
              title: 'Social media service catalogue',
              baseUrl: 'http://localhost:3000',
            },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };
    jest
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async input =>
        fakeBackend(input instanceof Request ? input.url : String(input)),
      );
  });

  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('offers guest sign-in and opens on the social media page', async () => {
    render(App.createRoot());

    const enter = await screen.findByRole(
      'button',
      { name: 'Enter' },
      { timeout: 10_000 },
    );
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(globalThis.fetch).not.toHaveBeenCalled();

    await userEvent.click(enter);

    expect(
      await screen.findByRole(
        'heading',
        { level: 2, name: 'Social media service catalogue' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    const nav = within(screen.getByRole('navigation', { name: 'sidebar nav' }));
    expect(nav.getByRole('link', { name: 'Social media' })).toBeInTheDocument();
    expect(nav.getByRole('link', { name: 'Catalog' })).toBeInTheDocument();
    expect(
      await screen.findByText('No ITSM connector installed yet'),
    ).toBeInTheDocument();
  }, 30_000);
});
