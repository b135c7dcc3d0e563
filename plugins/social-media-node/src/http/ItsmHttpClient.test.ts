import {
  createServer,
  IncomingMessage,
  Server,
  ServerResponse,
} from 'node:http';
import { AddressInfo } from 'node:net';
import {
  ItsmHttpClient,
  ItsmHttpClientOptions,
  ItsmRequestError,
  parseRetryAfter,
} from './ItsmHttpClient';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A loopback server that answers each request with the next handler. */
async function serve(
  handlers: Handler[],
): Promise<{ url: string; server: Server; requests: IncomingMessage[] }> {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    const handler = handlers[Math.min(requests.length, handlers.length) - 1];
    handler(req, res);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, requests };
}

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}) =>
  (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };

const TOKEN = 'tok-3f9a1c77e2';

describe('ItsmHttpClient', () => {
  let servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.map(s => new Promise(resolve => s.close(resolve))),
    );
    servers = [];
  });

  async function client(
    handlers: Handler[],
    options: Partial<ItsmHttpClientOptions> = {},
  ) {
    const served = await serve(handlers);
    servers.push(served.server);
    const waits: number[] = [];
    const http = new ItsmHttpClient({
      system: 'Tool',
      baseUrl: `${served.url}/`,
      secrets: [TOKEN],
      authorize: async () => `Bearer ${TOKEN}`,
      retryBaseDelayMs: 5,
      maxRetries: 3,
      sleep: async ms => {
        waits.push(ms);
      },
      ...options,
    });
    return { http, requests: served.requests, waits };
  }

  it('honours Retry-After, backs off on 5xx and returns the parsed body', async () => {
    const { http, requests, waits } = await client([
      json(429, {}, { 'Retry-After': '2' }),
      json(503, {}),
      json(200, { items: [1, 2] }),
    ]);
    const response = await http.request({ method: 'GET', path: '/things' });
    expect(response.body).toEqual({ items: [1, 2] });
    expect(requests).toHaveLength(3);
    expect(waits).toEqual([2000, 10]);
    expect(requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("reads the wait from the tool's own rate-limit header when there is no Retry-After", async () => {
    const { http, waits } = await client(
      [json(429, {}, { 'ratelimit-reset': '12' }), json(200, { ok: true })],
      {
        rateLimitWait: headers =>
          Number(headers.get('ratelimit-reset')) * 1000 || undefined,
      },
    );
    await http.request({ method: 'GET', path: '/things' });
    expect(waits).toEqual([12_000]);
  });

  it('gives up after the retries with the last reason, and never waits longer than allowed', async () => {
    const { http } = await client([json(502, {})]);
    await expect(
      http.request({ method: 'GET', path: '/things' }),
    ).rejects.toThrow(
      /Tool failed to answer GET \/things \(HTTP 502\); gave up after 4 attempts/,
    );
    const slow = await client([json(429, {}, { 'Retry-After': '3600' })], {
      maxRetryDelayMs: 1000,
    });
    await expect(
      slow.http.request({ method: 'GET', path: '/things' }),
    ).rejects.toThrow(/asked to wait 3600 s/);
  });

  it('does not retry 401, 403 or malformed bodies, and keeps secrets out of messages', async () => {
    const explained = await client(
      [json(403, { message: `denied for ${TOKEN}` })],
      {
        errorDetail: body => (body as { message?: string }).message,
      },
    );
    const error = await explained.http
      .request({ method: 'GET', path: '/things' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ItsmRequestError);
    expect(error.kind).toBe('forbidden');
    expect(error.message).toBe(
      "Tool denied GET /things to the connector's account (HTTP 403: denied for ***)",
    );
    expect(explained.requests).toHaveLength(1);

    const malformed = await client([
      (_req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end('<html>maintenance</html>');
      },
    ]);
    await expect(
      malformed.http.request({ method: 'GET', path: '/things' }),
    ).rejects.toThrow(/malformed JSON .*<html>/);
    expect(malformed.requests).toHaveLength(1);
  });

  it('quotes a malformed body without the part of a secret it starts with', async () => {
    const basic = Buffer.from(`bot:${'p'.repeat(40)}`).toString('base64');
    const echo = await client(
      [
        (req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json' });
          res.end(`${req.headers.authorization} is not signed in`);
        },
      ],
      { secrets: [basic], authorize: async () => `Basic ${basic}` },
    );
    const error = await echo.http
      .request({ method: 'GET', path: '/things' })
      .catch(e => e);
    expect(error.message).toMatch(
      /malformed JSON .*starting 'Basic \*\*\* is not/,
    );
    expect(error.message).not.toContain(basic.slice(0, 20));
  });

  it('renews the credentials once after a 401', async () => {
    const renewals: boolean[] = [];
    const { http, requests } = await client(
      [json(401, {}), json(200, { ok: true })],
      {
        authorize: async ({ renew }) => {
          renewals.push(renew);
          return renew ? 'Bearer fresh-token' : 'Bearer stale-token';
        },
      },
    );
    const response = await http.request({ method: 'GET', path: '/things' });
    expect(response.body).toEqual({ ok: true });
    expect(renewals).toEqual([false, true]);
    expect(requests[1].headers.authorization).toBe('Bearer fresh-token');
  });

  it('retries a body cut off mid-way and then reports it as truncated', async () => {
    const { http, requests } = await client([
      (_req, res) => {
        res.writeHead(200, {
          'Content-Type': 'application/json',
          'Content-Length': '100',
        });
        res.write('{"items": [', () => res.socket?.destroy());
      },
    ]);
    await expect(
      http.request({ method: 'GET', path: '/things' }),
    ).rejects.toThrow(/truncated.*gave up after 4 attempts/);
    expect(requests).toHaveLength(4);
  });

  it('does not send a creating POST again after a timeout or a 500, but does after a 429', async () => {
    const failing = await client([json(500, {})]);
    await expect(
      failing.http.request({ method: 'POST', path: '/incidents', json: {} }),
    ).rejects.toThrow(
      /HTTP 500\); not sent again, since Tool may have acted on it/,
    );
    expect(failing.requests).toHaveLength(1);

    const limited = await client([
      json(429, {}, { 'Retry-After': '1' }),
      json(201, { id: 'created' }),
    ]);
    const created = await limited.http.request({
      method: 'POST',
      path: '/incidents',
      json: {},
    });
    expect(created.body).toEqual({ id: 'created' });
    expect(limited.requests).toHaveLength(2);

    const token = await client([json(502, {}), json(200, { token: 'x' })]);
    await token.http.request({
      method: 'POST',
      path: '/token',
      form: {},
      repeatable: true,
    });
    expect(token.requests).toHaveLength(2);
  });

  it('sends JSON and form bodies and repeated query parameters', async () => {
    const bodies: string[] = [];
    const { http, requests } = await client([
      (req, res) => {
        let body = '';
        req.on('data', chunk => (body += chunk));
        req.on('end', () => {
          bodies.push(`${req.headers['content-type']} ${body}`);
          json(201, { id: 'x' })(req, res);
        });
      },
    ]);
    await http.request({
      method: 'POST',
      path: '/things',
      json: { title: 'Suspected takeover' },
      query: { 'ids[]': ['a', 'b'] },
    });
    await http.request({
      method: 'POST',
      path: '/token',
      form: { grant_type: 'client_credentials' },
      authorize: false,
    });
    expect(requests[0].url).toBe('/things?ids%5B%5D=a&ids%5B%5D=b');
    expect(bodies).toEqual([
      'application/json {"title":"Suspected takeover"}',
      'application/x-www-form-urlencoded grant_type=client_credentials',
    ]);
    expect(requests[1].headers.authorization).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-20T10:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});
