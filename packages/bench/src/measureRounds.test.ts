import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Backend } from './backendProcess';
import { measureRounds, warmupRounds } from './measureRounds';

describe('measureRounds', () => {
  let server: http.Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(req.url!);
      res.statusCode = req.url === '/broken' ? 500 : 200;
      res.end('{}');
    });
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise(resolve => server.close(resolve)));
  beforeEach(() => {
    seen.length = 0;
  });

  const running = { name: 'test' } as Backend;

  it('rotates the endpoints each round and keeps only the measured rounds', async () => {
    const times = await measureRounds(
      running,
      [
        { key: 'a', urls: [`${base}/a1`, `${base}/a2`] },
        { key: 'b', urls: [`${base}/b`] },
      ],
      { samples: 3, warmup: 1 },
    );
    expect(seen).toEqual(['/a1', '/b', '/b', '/a2', '/a1', '/b', '/b', '/a2']);
    expect(times.a).toHaveLength(3);
    expect(times.b).toHaveLength(3);
  });

  it('stops at an answer other than 200, naming the endpoint', async () => {
    await expect(
      measureRounds(
        running,
        [{ key: 'broken', label: 'the broken page', urls: [`${base}/broken`] }],
        { samples: 2, warmup: 0 },
      ),
    ).rejects.toThrow(/^the broken page: /);
  });

  it('stops when the backend has exited', async () => {
    const exited = {
      name: 'test',
      logPath: '/nonexistent',
      exitInfo: { code: 1, signal: null },
    } as Backend;
    await expect(
      measureRounds(exited, [{ key: 'a', urls: [`${base}/a1`] }], {
        samples: 1,
        warmup: 0,
      }),
    ).rejects.toThrow(/the backend exited/);
    expect(seen).toEqual([]);
  });

  it('warms up with a tenth of the samples, at most 20 rounds', () => {
    expect(warmupRounds(50)).toBe(5);
    expect(warmupRounds(1000)).toBe(20);
  });
});
