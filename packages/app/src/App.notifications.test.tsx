import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';
import { fakeBackend, useFakeBackend } from './__testUtils__/fakeBackend';

/** A notice from the social media plugin, as the notifications backend lists it. */
const notice = (id: string, requestId: number, title: string) => ({
  id,
  user: 'user:development/guest',
  created: '2026-11-29T10:00:00.000Z',
  origin: 'plugin:social-media',
  payload: {
    title,
    description: 'Submitted by marketing-lead for marketing: @springcampaign.',
    link: `/social-media/requests/${requestId}`,
    topic: `social-media-request-${requestId}`,
    severity: 'normal',
  },
});
const WAITING = notice(
  'n1',
  7,
  'Service request 7 waits for your approval: Spring campaign TikTok (TikTok)',
);
const DECIDED = notice('n2', 8, 'Service request 8 was rejected');

/**
 * The signals connection, in place of the browser's WebSocket: it opens at once and lets the test
 * push what the signals backend would.
 */
class FakeSignalSocket {
  static CONNECTING = 0;
  static OPEN = 1;
  static CLOSING = 2;
  static CLOSED = 3;
  static latest: FakeSignalSocket | undefined;
  readyState = FakeSignalSocket.OPEN;
  sent: unknown[] = [];
  onopen?: () => void;
  onmessage?: (event: { data: string }) => void;
  onerror?: () => void;
  onclose?: (event: { code: number }) => void;

  constructor(readonly url: string) {
    FakeSignalSocket.latest = this;
  }

  send(data: string) {
    this.sent.push(JSON.parse(data));
  }

  close() {
    this.readyState = FakeSignalSocket.CLOSED;
  }

  push(channel: string, message: unknown) {
    this.onmessage?.({ data: JSON.stringify({ channel, message }) });
  }
}

describe('App notifications', () => {
  useFakeBackend();
  const realWebSocket = globalThis.WebSocket;
  let notices = [WAITING];

  beforeEach(() => {
    notices = [WAITING];
    FakeSignalSocket.latest = undefined;
    (globalThis as any).WebSocket = FakeSignalSocket;
    jest.mocked(globalThis.fetch).mockImplementation(async input => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      const json = (body: unknown) =>
        new Response(JSON.stringify(body), {
          headers: { 'Content-Type': 'application/json' },
        });
      switch (url.pathname) {
        case '/api/notifications/status':
          return json({ unread: notices.length, read: 0 });
        case '/api/notifications/notifications':
          return json({ notifications: notices, totalCount: notices.length });
        case '/api/notifications/notifications/n2':
          return json(DECIDED);
        case '/api/notifications/topics':
          return json({ topics: notices.map(n => n.payload.topic) });
        default:
          return fakeBackend(url.toString());
      }
    });
  });

  afterEach(() => {
    globalThis.WebSocket = realWebSocket;
  });

  it('shows the unread count in the sidebar, updates it live, and lists the notices on /notifications', async () => {
    render(App.createRoot());
    await userEvent.click(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 10_000 }),
    );
    const nav = within(
      await screen.findByRole(
        'navigation',
        { name: 'sidebar nav' },
        { timeout: 10_000 },
      ),
    );
    const item = await nav.findByRole('link', { name: /Notifications/ });
    expect(item).toHaveAttribute('href', '/notifications');
    await waitFor(
      () =>
        expect(
          within(item).getByRole('grid', { name: 'Unread notifications' }),
        ).toHaveTextContent('1'),
      { timeout: 10_000 },
    );

    // The notifications backend signals a new notice: the count and a pop-up follow at once.
    await waitFor(() =>
      expect(FakeSignalSocket.latest?.sent).toContainEqual({
        action: 'subscribe',
        channel: 'notifications',
      }),
    );
    expect(FakeSignalSocket.latest!.url).toBe(
      'ws://localhost:7007/api/signals',
    );
    notices = [DECIDED, WAITING];
    act(() =>
      FakeSignalSocket.latest!.push('notifications', {
        action: 'new_notification',
        notification_id: 'n2',
      }),
    );
    // A loaded machine may take a while to fetch the new count; what matters is that it comes.
    await waitFor(
      () =>
        expect(
          within(item).getByRole('grid', { name: 'Unread notifications' }),
        ).toHaveTextContent('2'),
      { timeout: 10_000 },
    );
    expect(
      await screen.findByText('Service request 8 was rejected', undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();

    await userEvent.click(item);
    expect(
      await screen.findByText(WAITING.payload.title, undefined, {
        timeout: 10_000,
      }),
    ).toBeInTheDocument();
  }, 30_000);
});
