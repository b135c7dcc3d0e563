/*
 * Secrets never leak (issue 15, R8). The real social-media backend runs with all three ITSM
 * connector modules, each given credentials made up for this run, against local servers that speak
 * the tools' wire formats. The test does what an operator does (maps services, syncs, raises
 * incidents, and meets refused logins, 5xx answers, timeouts, cut connections and malformed bodies),
 * reads every page that shows ITSM state, the audit trail and its exports and a service's evidence,
 * provokes error responses, and then looks for every secret, in every form it could take, in
 * everything the run produced: each response body and header, each log line of the root logger
 * (and the console), and each row of each table of the plugin's database.
 */
import {
  coreServices,
  createServiceFactory,
  LoggerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import socialMediaPlugin from '@internal/plugin-social-media-backend';
import jiraServiceManagementModule from '@internal/plugin-social-media-backend-module-jira-service-management';
import { FakeJira } from '@internal/plugin-social-media-backend-module-jira-service-management/testUtils';
import pagerDutyModule from '@internal/plugin-social-media-backend-module-pagerduty';
import { FakePagerDuty } from '@internal/plugin-social-media-backend-module-pagerduty/testUtils';
import serviceNowModule from '@internal/plugin-social-media-backend-module-servicenow';
import { FakeServiceNow } from '@internal/plugin-social-media-backend-module-servicenow/testUtils';
import { randomBytes } from 'node:crypto';
import { ServerResponse } from 'node:http';
import { format } from 'node:util';
import request from 'supertest';

jest.setTimeout(300_000);

/** SQLite always; PostgreSQL too when SOCIAL_MEDIA_TEST_POSTGRES names one (e.g. POSTGRES_15). */
const DATABASE_IDS: TestDatabaseId[] = [
  'SQLITE_3',
  ...(process.env.SOCIAL_MEDIA_TEST_POSTGRES
    ? [process.env.SOCIAL_MEDIA_TEST_POSTGRES as TestDatabaseId]
    : []),
];
const databases = TestDatabases.create({ ids: DATABASE_IDS });
type Knex = Awaited<ReturnType<typeof databases.init>>;

const API = '/api/social-media';
/** A block of configuration, as the test backend's config takes it. */
type ConfigData = NonNullable<mockServices.rootConfig.Options['data']>;
const OPERATOR = 'user:default/it-service-owner';

// ---------------------------------------------------------------------------------------------
// The secrets and the forms they could leak in

/** A random part, so that each run's secrets are its own. */
const random = (bytes = 12) => randomBytes(bytes).toString('base64url');

/** A named secret and the other value it is sent with (a user name or email), if any. */
interface Secret {
  name: string;
  value: string;
  /** For basic auth: the `user:` part sent before the secret. */
  basicUser?: string;
}

/**
 * Every form a secret may take on its way out: as it is, JSON-escaped (once, and twice for JSON
 * kept inside JSON), URL-encoded (path and form style), base64 and base64url, and for basic auth
 * the header value `user:secret` in base64. The plain secret is also looked for in pieces of 16
 * characters, so that a message cut short inside a secret is found too.
 */
function leakForms(secret: Secret): { form: string; text: string }[] {
  const { value, basicUser } = secret;
  const forms = [
    { form: 'plain', text: value },
    { form: 'JSON-escaped', text: JSON.stringify(value).slice(1, -1) },
    {
      form: 'JSON-escaped twice',
      text: JSON.stringify(JSON.stringify(value)).slice(1, -1),
    },
    { form: 'URL-encoded', text: encodeURIComponent(value) },
    {
      form: 'form-encoded',
      text: new URLSearchParams({ x: value }).toString().slice(2),
    },
    { form: 'base64', text: Buffer.from(value).toString('base64') },
    { form: 'base64url', text: Buffer.from(value).toString('base64url') },
  ];
  if (basicUser !== undefined) {
    const pair = `${basicUser}:${value}`;
    forms.push(
      {
        form: 'basic auth (base64 of user:secret)',
        text: Buffer.from(pair).toString('base64'),
      },
      {
        form: 'basic auth (base64url of user:secret)',
        text: Buffer.from(pair).toString('base64url'),
      },
    );
  }
  // Pieces: of the secret itself, and of the basic auth value from where the secret's bytes start.
  for (let i = 0; i + 16 <= value.length; i += 4) {
    forms.push({
      form: `plain, characters ${i}-${i + 15}`,
      text: value.slice(i, i + 16),
    });
  }
  if (basicUser !== undefined) {
    const encoded = Buffer.from(`${basicUser}:${value}`).toString('base64');
    const from = Math.ceil((Buffer.byteLength(basicUser) + 1) / 3) * 4;
    for (let i = from; i + 12 <= encoded.length; i += 4) {
      forms.push({
        form: `basic auth, characters ${i}-${i + 11}`,
        text: encoded.slice(i, i + 12),
      });
    }
  }
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Everything the run produced

/** Errors with their message, stack, cause and own fields, as a log sink would write them. */
function jsonOf(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Error) {
      return {
        ...v,
        name: v.name,
        message: v.message,
        stack: v.stack,
        cause: (v as { cause?: unknown }).cause,
      };
    }
    if (typeof v === 'bigint') return String(v);
    if (Buffer.isBuffer(v)) return v.toString('utf8');
    return v;
  });
}

interface Captured {
  /** Where it came from, e.g. `GET /itsm/status → body`. */
  source: string;
  text: string;
}

class Capture {
  readonly items: Captured[] = [];

  add(source: string, value: unknown) {
    let text: string;
    if (typeof value === 'string') text = value;
    else if (Buffer.isBuffer(value)) text = value.toString('utf8');
    else text = jsonOf(value) ?? String(value);
    this.items.push({ source, text });
  }

  /** Every captured text whose source starts with `prefix`, joined. */
  text(prefix = ''): string {
    return this.items
      .filter(i => i.source.startsWith(prefix))
      .map(i => i.text)
      .join('\n');
  }

  /** Each place a secret shows, in any of its forms, with the text around it (secret masked). */
  leaks(secrets: Secret[]) {
    const found: {
      source: string;
      secret: string;
      form: string;
      around: string;
    }[] = [];
    for (const secret of secrets) {
      const forms = leakForms(secret);
      for (const item of this.items) {
        for (const { form, text } of forms) {
          const at = item.text.indexOf(text);
          if (at < 0) continue;
          const around = `${item.text.slice(Math.max(0, at - 60), at)}<${
            secret.name
          }>${item.text.slice(at + text.length, at + text.length + 60)}`;
          found.push({
            source: item.source,
            secret: secret.name,
            form,
            around,
          });
          break;
        }
      }
    }
    return found;
  }
}

/** The backend's root logger, recording every line of every plugin, module and service. */
function recordingRootLogger(capture: Capture) {
  const logger = (fields: Record<string, unknown>): LoggerService => {
    const log =
      (level: string) =>
      (message: string, meta?: Error | Record<string, unknown>) => {
        capture.add(
          `log ${level}`,
          `${message} ${jsonOf({ ...fields, meta })}`,
        );
      };
    return {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => logger({ ...fields, ...meta }),
    };
  };
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger({}),
  });
}

/** Every row of every table of the plugin's database, cell by cell. */
async function dumpDatabase(knex: Knex, capture: Capture) {
  const client = String(knex.client.config.client);
  const tables: string[] = client.includes('sqlite')
    ? (await knex('sqlite_master').where({ type: 'table' }).select('name')).map(
        (r: { name: string }) => r.name,
      )
    : (
        await knex('information_schema.tables')
          .whereRaw('table_schema = current_schema()')
          .select('table_name')
      ).map((r: { table_name: string }) => r.table_name);
  let rows = 0;
  for (const table of tables) {
    for (const row of await knex(table).select()) {
      rows++;
      for (const [column, value] of Object.entries(row)) {
        if (value === null || value === undefined) continue;
        capture.add(
          `database ${table}.${column}`,
          value instanceof Date ? value.toISOString() : value,
        );
      }
    }
  }
  return { tables, rows };
}

// ---------------------------------------------------------------------------------------------
// Faults, written the same way whichever tool's server answers

type Writer = (res: ServerResponse) => void;

/** An error document that quotes the request's credentials, as a careless proxy might. */
const quotingAuthorization = (res: ServerResponse) =>
  `refused request with Authorization: ${res.req?.headers.authorization}`;

const faults = {
  status:
    (status: number, body: (res: ServerResponse) => unknown): Writer =>
    res => {
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body(res)));
    },
  htmlPage:
    (status: number): Writer =>
    res => {
      res.writeHead(status, { 'Content-Type': 'text/html' });
      res.end(
        `<html><body><h1>${status}</h1><pre>${res.req?.headers.authorization}</pre></body></html>`,
      );
    },
  /** No answer at all: the connector's timeout ends the attempt. */
  hang: (): Writer => () => {},
  /** The connection closes before any answer. */
  cut: (): Writer => res => res.socket?.destroy(),
  /** Half a body, then the connection closes. */
  truncated: (): Writer => res => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Content-Length': '4096',
    });
    res.write('{"result":[{"sys_id":"', () => res.socket?.destroy());
  },
  /** A login page where JSON was expected. */
  malformed: (): Writer => res => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(
      `${res.req?.headers.authorization} has no session here. <html><body>Sign in again</body></html>`,
    );
  },
};

// ---------------------------------------------------------------------------------------------

const ENTITIES: Entity[] = [
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'marketing', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

describe('ITSM secrets never leak', () => {
  // Each run has its own ITSM tools on loopback, stopped after it.
  let servicenow: FakeServiceNow;
  let jira: FakeJira;
  let pagerduty: FakePagerDuty;
  beforeEach(async () => {
    servicenow = new FakeServiceNow();
    jira = new FakeJira();
    pagerduty = new FakePagerDuty();
    // The connector reads the real clock, so the PagerDuty server does too.
    pagerduty.realClock = true;
    await Promise.all([servicenow.start(), jira.start(), pagerduty.start()]);
    jira.setClock(Date.now() - 3 * 86_400_000);
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all([servicenow.stop(), jira.stop(), pagerduty.stop()]);
  });

  it('finds a secret in each form it looks for', () => {
    const secret: Secret = {
      name: 'password',
      value: 'pw "quoted" \\ &+%/= tail-0123456789',
      basicUser: 'integration',
    };
    const capture = new Capture();
    capture.add(
      'nothing',
      'the sync failed: check socialMedia.itsm.servicenow.auth',
    );
    for (const { form, text } of leakForms(secret)) {
      capture.add(form, `message: ${text}.`);
    }
    capture.add('cut short', `message: ${secret.value.slice(0, 20)}…`);
    capture.add(
      'basic header',
      `Authorization: Basic ${Buffer.from(
        `integration:${secret.value}`,
      ).toString('base64')}`,
    );
    capture.add(
      'basic header cut short',
      `starting '${`Basic ${Buffer.from(`integration:${secret.value}`).toString(
        'base64',
      )}`.slice(0, 40)}'`,
    );
    const sources = capture.leaks([secret]).map(l => l.source);
    expect(sources).not.toContain('nothing');
    expect(sources).toEqual(
      expect.arrayContaining([
        'plain',
        'JSON-escaped',
        'JSON-escaped twice',
        'URL-encoded',
        'form-encoded',
        'base64',
        'basic auth (base64 of user:secret)',
        'cut short',
        'basic header',
        'basic header cut short',
      ]),
    );
  });

  it.each(DATABASE_IDS)(
    'shows no ITSM credential or token anywhere a full run on %s produced',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const capture = new Capture();

      // Credentials made up for this run: a password with the characters that change under
      // JSON, URL and form encoding, and tokens in the tools' own styles. The user name and the
      // email are short, so that a message quoting the start of a basic auth header would quote
      // much of the secret after them.
      const username = `sn-${random(3)}`;
      const secrets = {
        servicenowPassword: `Pw "${random()}" \\ &+%/= ${random()}`,
        servicenowClientSecret: `cs+${random()}/&="${random()}`,
        jiraApiToken: `ATATT3xFfGF0${random(24)}+/=`,
        jiraPersonalAccessToken: `NjM4${random(24)}`,
        pagerdutyToken: `u+${random(15)}`,
        pagerdutyRotatedToken: `y_${random(15)}`,
      };
      const clientId = `portal-${random(4)}`;
      const jiraEmail = `j${randomBytes(2).toString('hex')}@x.io`;
      servicenow.auth = {
        type: 'basic',
        username,
        password: secrets.servicenowPassword,
      };
      jira.deployment = 'cloud';
      jira.account.email = jiraEmail;
      jira.account.apiToken = secrets.jiraApiToken;
      jira.account.pat = secrets.jiraPersonalAccessToken;
      pagerduty.apiToken = secrets.pagerdutyToken;

      // Console output is captured too, in case anything writes there directly.
      for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
        jest.spyOn(console, level).mockImplementation((...args) => {
          capture.add(`console ${level}`, format(...args));
        });
      }

      const common = { pageSize: 2, timeoutMs: 1_000, maxRetries: 1 };
      async function start(itsm: ConfigData) {
        const backend = await startTestBackend({
          features: [
            socialMediaPlugin,
            serviceNowModule,
            jiraServiceManagementModule,
            pagerDutyModule,
            mockServices.rootConfig.factory({
              data: { socialMedia: { itsm } },
            }),
            mockServices.database.factory({ knex }),
            mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
            mockServices.permissions.factory({
              result: AuthorizeResult.ALLOW,
            }),
            catalogServiceMock.factory({ entities: ENTITIES }),
            recordingRootLogger(capture),
          ],
        });
        return backend;
      }

      let backend = await start({
        servicenow: {
          instanceUrl: servicenow.url,
          auth: { username, password: secrets.servicenowPassword },
          ...common,
        },
        jiraServiceManagement: {
          baseUrl: jira.url,
          auth: { email: jiraEmail, apiToken: secrets.jiraApiToken },
          ...common,
        },
        pagerduty: {
          baseUrl: pagerduty.url,
          apiToken: secrets.pagerdutyToken,
          fromEmail: 'integration-bot@example.com',
          ...common,
        },
      });

      /** A call to the API, recorded: status, every header and the body as sent. */
      async function call(
        method: 'get' | 'post' | 'put' | 'delete',
        path: string,
        options: { body?: unknown; signedIn?: boolean } = {},
      ) {
        let req = request(backend.server)[method](`${API}${path}`);
        req = req.set(
          'Authorization',
          options.signedIn === false
            ? mockCredentials.user.invalidHeader()
            : mockCredentials.user.header(OPERATOR),
        );
        if (options.body !== undefined) req = req.send(options.body as object);
        const res = await req;
        const what = `${method.toUpperCase()} ${path}`;
        capture.add(`response ${what} → ${res.status} headers`, res.headers);
        capture.add(`response ${what} → ${res.status} body`, res.text ?? '');
        return res;
      }
      const ok = async (...args: Parameters<typeof call>) => {
        const res = await call(...args);
        if (res.status >= 300) {
          throw new Error(
            `${args[0].toUpperCase()} ${args[1]} answered ${res.status}: ${
              res.text
            }`,
          );
        }
        return res;
      };
      const syncNow = async () => (await ok('post', '/itsm/sync')).body.items;
      /** Per connector: 'ok' when its last run succeeded, else the error it recorded. */
      const lastErrors = (
        items: Array<{
          connectorId: string;
          lastError?: string;
          lastErrorAt?: string;
          lastSuccessAt?: string;
        }>,
      ) =>
        Object.fromEntries(
          items.map(i => [
            i.connectorId,
            i.lastErrorAt &&
            (!i.lastSuccessAt || i.lastErrorAt > i.lastSuccessAt)
              ? i.lastError
              : 'ok',
          ]),
        );
      const allOk = {
        servicenow: 'ok',
        'jira-service-management': 'ok',
        pagerduty: 'ok',
      };

      // ---- An operator maps services to each tool ----------------------------------------
      const brandAccount = servicenow.addCi('Brand account');
      servicenow.addIncident({
        short_description: 'Suspected account takeover',
        category: 'security',
        priority: '1',
        business_service: brandAccount,
      });
      jira.addProject('SMS', ['Careers page'], 'Social media');
      jira.addIssue({
        project: 'SMS',
        components: ['Careers page'],
        summary: 'Fake job offers posted in our name',
        labels: ['impersonation'],
      });
      const pdService = pagerduty.addService('Support account');
      pagerduty.addIncident({
        service: pdService,
        title: 'Phishing replies to customers',
        created_at: pagerduty.now() - 3_600_000,
      });

      const base = {
        platform: 'x',
        purpose: 'Brand stories',
        businessUnit: 'Marketing',
        ownerGroup: 'marketing',
      };
      await ok('post', '/services', {
        body: {
          ...base,
          name: 'Brand X',
          handle: '@brandx',
          itsm: { system: 'servicenow', reference: 'Brand account' },
        },
      });
      await ok('post', '/services', {
        body: {
          ...base,
          name: 'Careers',
          platform: 'linkedin',
          handle: 'example-careers',
          itsm: {
            system: 'jira-service-management',
            reference: 'SMS/Careers page',
          },
        },
      });
      // The third arrives by import, with the CSV columns for the mapping: checked, then written.
      const csv = [
        'name,platform,handle,purpose,businessUnit,ownerGroup,itsmSystem,itsmReference',
        `Support,instagram,@support,Customer care,Customer Care,marketing,pagerduty,${pdService}`,
      ].join('\n');
      await ok('post', '/import', {
        body: { format: 'csv', content: csv, dryRun: true },
      });
      await ok('post', '/import', { body: { format: 'csv', content: csv } });
      const services = ['brand-x', 'careers', 'support'];

      // ---- Sync now: every tool answers ---------------------------------------------------
      const first = await syncNow();
      expect(lastErrors(first)).toEqual(allOk);
      for (const id of services) {
        const incidents = (await ok('get', `/services/${id}/incidents`)).body
          .items;
        expect(incidents).toHaveLength(1);
      }

      // Incidents raised from the portal in each tool.
      for (const id of services) {
        await ok('post', `/services/${id}/incidents`, {
          body: {
            title: 'Suspicious direct messages',
            description: 'Followers report a login link sent from the account.',
            category: 'phishing',
          },
        });
      }

      // ---- Faults --------------------------------------------------------------------------
      const clearFaults = () => {
        servicenow.faults.length = 0;
        jira.faults.length = 0;
        pagerduty.faults.length = 0;
      };
      /** Queues a fault on each tool's next incident reads: `times` times (a retry each). */
      const failAll = (
        times: number,
        fault: (tool: 'ServiceNow' | 'Jira' | 'PagerDuty') => Writer,
      ) => {
        for (let i = 0; i < times; i++) {
          servicenow.failNext(fault('ServiceNow'));
          jira.failNext(fault('Jira'));
          pagerduty.failNext(fault('PagerDuty'));
        }
      };
      const errorBody = (tool: string) => (res: ServerResponse) => {
        const message = quotingAuthorization(res);
        if (tool === 'ServiceNow') {
          return { error: { message, detail: message }, status: 'failure' };
        }
        if (tool === 'Jira') return { errorMessages: [message], errors: {} };
        return { error: { message, code: 2006, errors: [message] } };
      };
      const failedRuns: Record<string, Record<string, string | undefined>> = {};
      const round = async (
        name: string,
        prepare: () => void | (() => void),
      ) => {
        const undo = prepare();
        try {
          const items = await syncNow();
          failedRuns[name] = lastErrors(items);
        } finally {
          if (undo) undo();
          clearFaults();
        }
      };

      await round('refused login (401)', () => {
        servicenow.auth = { type: 'basic', username, password: 'rotated' };
        jira.account.apiToken = 'rotated';
        pagerduty.apiToken = 'rotated';
        return () => {
          servicenow.auth = {
            type: 'basic',
            username,
            password: secrets.servicenowPassword,
          };
          jira.account.apiToken = secrets.jiraApiToken;
          pagerduty.apiToken = secrets.pagerdutyToken;
        };
      });
      await round('forbidden (403) quoting the credentials', () =>
        failAll(1, tool => faults.status(403, errorBody(tool))),
      );
      await round('server error (500) quoting the credentials', () =>
        failAll(2, tool => faults.status(500, errorBody(tool))),
      );
      await round('bad gateway page (502)', () =>
        failAll(2, () => faults.htmlPage(502)),
      );
      await round('timeout', () => failAll(2, () => faults.hang()));
      await round('connection cut', () => failAll(2, () => faults.cut()));
      await round('truncated body', () => failAll(2, () => faults.truncated()));
      await round('malformed body', () => failAll(1, () => faults.malformed()));

      // What the operator reads after each: a message per tool that says what happened, with
      // the credentials the tools quoted back replaced by ***.
      const said = (pattern: RegExp) => ({
        servicenow: expect.stringMatching(pattern),
        'jira-service-management': expect.stringMatching(pattern),
        pagerduty: expect.stringMatching(pattern),
      });
      expect(failedRuns).toEqual({
        'refused login (401)': said(
          /refused the .*(credentials|API token|API key)/,
        ),
        'forbidden (403) quoting the credentials': said(/HTTP 403/),
        'server error (500) quoting the credentials': said(
          /HTTP 500: refused request with Authorization: (Basic |Token token=)\*\*\*/,
        ),
        'bad gateway page (502)': said(/HTTP 502\); gave up after 2 attempts/),
        timeout: said(/did not answer .* within 1000 ms/),
        'connection cut': said(/Could not reach/),
        'truncated body': said(/was truncated/),
        'malformed body': said(
          /malformed JSON .*starting '(Basic |Token token=)\*\*\* has no session/,
        ),
      });

      // Raising an incident while the tool fails: the answer says what went wrong.
      servicenow.failNext(faults.status(500, errorBody('ServiceNow')));
      jira.failNext(faults.status(401, errorBody('Jira')), '/rest/api/3/issue');
      // PagerDuty de-duplicates by incident key, so a create is sent again: it hangs twice.
      pagerduty.failNext(faults.hang(), '/incidents');
      pagerduty.failNext(faults.hang(), '/incidents');
      const raiseFailures: Record<string, string> = {};
      for (const id of services) {
        const res = await call('post', `/services/${id}/incidents`, {
          body: {
            title: 'Account locked',
            description: 'The owners cannot sign in since this morning.',
            category: 'account-takeover',
          },
        });
        raiseFailures[id] = `${res.status} ${res.body?.error?.message}`;
      }
      clearFaults();
      expect(raiseFailures).toEqual({
        'brand-x': expect.stringMatching(
          /^5\d\d .*HTTP 500: refused request with Authorization: Basic \*\*\*.*not sent again/,
        ),
        careers: expect.stringMatching(
          /^5\d\d .*refused the account email and API token/,
        ),
        support: expect.stringMatching(
          /^5\d\d .*did not answer POST \/incidents within 1000 ms/,
        ),
      });

      // Recovered: the next run succeeds everywhere.
      expect(lastErrors(await syncNow())).toEqual(allOk);

      // ---- A restart with rotated credentials: ServiceNow OAuth, Jira Data Center token ----
      await backend.stop();
      servicenow.auth = {
        type: 'oauth',
        clientId,
        clientSecret: secrets.servicenowClientSecret,
      };
      jira.deployment = 'dataCenter';
      pagerduty.apiToken = secrets.pagerdutyRotatedToken;
      backend = await start({
        servicenow: {
          instanceUrl: servicenow.url,
          auth: { clientId, clientSecret: secrets.servicenowClientSecret },
          ...common,
        },
        jiraServiceManagement: {
          baseUrl: jira.url,
          auth: { token: secrets.jiraPersonalAccessToken },
          ...common,
        },
        pagerduty: {
          baseUrl: pagerduty.url,
          apiToken: secrets.pagerdutyRotatedToken,
          fromEmail: 'integration-bot@example.com',
          ...common,
        },
      });
      servicenow.addIncident({
        short_description: 'Impersonation account reported',
        business_service: brandAccount,
      });
      expect(lastErrors(await syncNow())).toEqual(allOk);
      // The access token is revoked: renewed once and used again.
      servicenow.tokens.clear();
      await ok('post', '/services/brand-x/incidents', {
        body: {
          title: 'Comments spam wave',
          description: 'Hundreds of spam comments under the latest post.',
          category: 'other',
        },
      });
      // The token endpoint refuses the client credentials, quoting them.
      servicenow.tokens.clear();
      servicenow.failNext(
        faults.status(401, res => ({
          error: 'access_denied',
          error_description: `client_secret=${encodeURIComponent(
            secrets.servicenowClientSecret,
          )} ${quotingAuthorization(res)}`,
        })),
        '/oauth_token.do',
      );
      jira.failNext(faults.status(403, errorBody('Jira')), jira.searchPath);
      pagerduty.failNext(faults.status(401, errorBody('PagerDuty')));
      const afterRotation = lastErrors(await syncNow());
      clearFaults();
      expect(afterRotation).toEqual({
        servicenow: expect.stringMatching(/OAuth client credentials/),
        'jira-service-management': expect.stringMatching(/403/),
        pagerduty: expect.stringMatching(/PagerDuty refused the API key/),
      });
      await syncNow();

      // ---- Everything that shows ITSM state, the trail, its exports and the evidence -------
      await ok('get', '/status');
      await ok('get', '/itsm/connectors');
      const status = (await ok('get', '/itsm/status')).body.items;
      expect(status).toHaveLength(3);
      await ok('get', '/dashboard');
      await ok('get', '/services');
      await ok('get', '/services?hasOpenIncidents=true');
      for (const id of services) {
        await ok('get', `/services/${id}`);
        await ok('get', `/services/${id}/incidents`);
        await ok('get', `/services/${id}/incidents?includeResolved=true`);
        await ok('get', `/services/${id}/history`);
        await ok('get', `/services/${id}/risk-history`);
        await ok('get', `/services/${id}/evidence`);
        await ok('get', `/audit/export?format=csv&serviceId=${id}`);
      }
      let before: number | undefined;
      let entries = 0;
      do {
        const page = (
          await ok(
            'get',
            `/audit/entries?limit=200${before ? `&before=${before}` : ''}`,
          )
        ).body;
        entries += page.items.length;
        before = page.nextBefore;
      } while (before);
      const verified = (await ok('get', '/audit/verify')).body;
      expect(verified).toMatchObject({ intact: true });
      const auditCsv = (await ok('get', '/audit/export?format=csv')).text;
      const auditJson = (await ok('get', '/audit/export?format=json')).text;
      capture.add('file audit export (CSV)', auditCsv);
      capture.add('file audit export (JSON)', auditJson);

      // ---- Error responses to bad requests ------------------------------------------------
      const brandX = (await ok('get', '/services/brand-x')).body;
      const refused = {
        'bad query': await call(
          'get',
          '/services/brand-x/incidents?includeResolved=maybe',
        ),
        'unknown service': await call(
          'get',
          '/services/no-such-service/incidents',
        ),
        'report on unknown service': await call(
          'post',
          '/services/no-such-service/incidents',
          {
            body: { title: 'x', description: 'x', category: 'other' },
          },
        ),
        'bad report': await call('post', '/services/brand-x/incidents', {
          body: { category: 42 },
        }),
        'unknown ITSM': await call('post', '/services', {
          body: {
            ...base,
            name: 'Nope',
            handle: '@nope',
            itsm: { system: 'remedy', reference: 'x' },
          },
        }),
        'bad reference': await call('post', '/services', {
          body: {
            ...base,
            name: 'Nope',
            handle: '@nope',
            itsm: { system: 'pagerduty', reference: 'not an id' },
          },
        }),
        'stale version': await call('put', '/services/brand-x', {
          body: {
            ...base,
            name: brandX.name,
            handle: brandX.handle,
            itsm: { system: 'servicenow', reference: 'Another account' },
            version: brandX.version + 1,
          },
        }),
        'bad export format': await call('get', '/audit/export?format=xml'),
        'misspelt import field': await call('post', '/import', {
          body: { format: 'csv', content: csv, dryrun: true },
        }),
        'sync with a bad token': await call('post', '/itsm/sync', {
          signedIn: false,
        }),
        'status with a bad token': await call('get', '/itsm/status', {
          signedIn: false,
        }),
      };
      expect(
        Object.fromEntries(
          Object.entries(refused).map(([name, res]) => [
            name,
            res.status >= 400,
          ]),
        ),
      ).toEqual(
        Object.fromEntries(Object.keys(refused).map(name => [name, true])),
      );

      await backend.stop();
      const dumped = await dumpDatabase(knex, capture);

      // ---- The capture holds what a leak would be in ---------------------------------------
      // The tools did get the secrets: the run used them.
      const basic = (user: string, secret: string) =>
        `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;
      expect(servicenow.requests.map(r => r.authorization)).toContain(
        basic(username, secrets.servicenowPassword),
      );
      expect(servicenow.requests.map(r => r.body).join('\n')).toContain(
        new URLSearchParams({ s: secrets.servicenowClientSecret })
          .toString()
          .slice(2),
      );
      expect(jira.requests.map(r => r.authorization)).toEqual(
        expect.arrayContaining([
          basic(jiraEmail, secrets.jiraApiToken),
          `Bearer ${secrets.jiraPersonalAccessToken}`,
        ]),
      );
      expect(pagerduty.requests.map(r => r.headers.authorization)).toEqual(
        expect.arrayContaining([
          `Token token=${secrets.pagerdutyToken}`,
          `Token token=${secrets.pagerdutyRotatedToken}`,
        ]),
      );
      // The OAuth access tokens ServiceNow issued, as the connector sent them.
      const accessTokens = [
        ...new Set(
          servicenow.requests
            .map(r => r.authorization ?? '')
            .filter(a => a.startsWith('Bearer '))
            .map(a => a.slice('Bearer '.length)),
        ),
      ];
      // Issued, revoked and issued again.
      expect(accessTokens.length).toBeGreaterThanOrEqual(2);

      // Responses, logs, rows and files were captured, with the failed runs' messages in them.
      const responses = capture.items.filter(i =>
        i.source.startsWith('response'),
      );
      expect(responses.length).toBeGreaterThan(100);
      expect(capture.text('log')).toMatch(/ServiceNow connector installed/);
      expect(capture.text('log warn')).toMatch(/ITSM sync servicenow failed/);
      expect(dumped.rows).toBeGreaterThan(50);
      expect(dumped.tables).toEqual(
        expect.arrayContaining([
          'social_media_itsm_sync',
          'social_service_incidents',
          'social_media_audit_log',
        ]),
      );
      const everyFailure = Object.values(failedRuns).flatMap(r =>
        Object.values(r),
      );
      for (const message of [
        ...everyFailure,
        ...Object.values(afterRotation),
      ]) {
        // Each failed run's message reached the operator and the log.
        expect(capture.text('response')).toContain(
          JSON.stringify(message).slice(1, -1),
        );
        expect(capture.text('log')).toContain(message);
      }
      // The database keeps each connector's last error, and the incidents it synced.
      for (const message of Object.values(afterRotation)) {
        expect(capture.text('database social_media_itsm_sync')).toContain(
          message,
        );
      }
      expect(capture.text('database social_service_incidents.title')).toMatch(
        /Phishing replies to customers/,
      );
      // The trail and its exports hold the incidents raised from the portal; the evidence too.
      expect(capture.text('database social_media_audit_log')).toMatch(
        /incident-reported/,
      );
      expect(auditCsv).toMatch(/incident-reported/);
      expect(capture.text('response GET /services/brand-x/evidence')).toMatch(
        /Suspected account takeover/,
      );
      // The whole trail, with the two exports themselves recorded in it.
      expect(JSON.parse(auditJson).entries.length).toBe(entries + 2);

      // ---- And no secret, in any form, anywhere ---------------------------------------------
      const secretList: Secret[] = [
        {
          name: 'ServiceNow password',
          value: secrets.servicenowPassword,
          basicUser: username,
        },
        {
          name: 'ServiceNow OAuth client secret',
          value: secrets.servicenowClientSecret,
          basicUser: clientId,
        },
        ...accessTokens.map((value, i) => ({
          name: `ServiceNow OAuth access token ${i + 1}`,
          value,
        })),
        {
          name: 'Jira API token',
          value: secrets.jiraApiToken,
          basicUser: jiraEmail,
        },
        {
          name: 'Jira personal access token',
          value: secrets.jiraPersonalAccessToken,
        },
        { name: 'PagerDuty API key', value: secrets.pagerdutyToken },
        {
          name: 'PagerDuty API key (rotated)',
          value: secrets.pagerdutyRotatedToken,
        },
      ];
      expect(capture.leaks(secretList)).toEqual([]);
    },
  );
});
