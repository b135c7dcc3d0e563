/*
 * The ITSM connector contract, run against the local PagerDuty-format server (REST API v2:
 * `GET /incidents` for the first pass, `GET /log_entries` afterwards, offset paging with
 * limit/offset/more, `Token token=` API keys, rate limits told in `ratelimit-reset`).
 */
import { ItsmServiceMapping } from '@internal/plugin-social-media-node';
import {
  changeItsmContractPage,
  describeItsmConnectorContract,
  ItsmContractPageChange,
  ItsmContractStamp,
  itsmContractMappings,
  itsmContractRecordOf,
  writeItsmContractFault,
} from '@internal/plugin-social-media-node/testUtils';
import { PagerDutyConnector } from './connector/PagerDutyConnector';
import { FakePagerDuty } from './testUtils/FakePagerDuty';

const API_KEY = 'u+pd-api-key-s3cret-0123';

/** PagerDuty's error document for a status, with the message a server echoed when given. */
function errorBody(status: number, message: string | undefined) {
  const [text, code] =
    {
      401: ['Authentication failed', 2006],
      403: ['Access Denied', 2010],
      429: ['Rate Limit Exceeded', 2020],
    }[status] ?? (['Internal Server Error', 2000] as const);
  return { error: { message: message ?? text, code } };
}

describeItsmConnectorContract({
  name: 'PagerDutyConnector',
  adapter: () => {
    let fake: FakePagerDuty;
    let brand: string;
    let support: string;
    let unmapped: string;
    let pending: ItsmContractPageChange | undefined;

    /** The newest change on the server: PagerDuty stamps to the second. */
    const newest = () =>
      Math.max(
        ...[...fake.incidents.values()].map(i => i.updated_at),
        ...fake.logEntries.map(e => e.created_at),
      );
    const stampOf = (stamp: ItsmContractStamp) => {
      if (stamp.kind === 'same-unit') return newest();
      if (stamp.kind === 'earlier') return newest() - stamp.byMs;
      return fake.tick();
    };
    const serviceOf = (mapping?: ItsmServiceMapping) =>
      itsmContractRecordOf(mapping, { brand, support, unmapped });

    return {
      timestampUnitMs: 1000,
      hints: {
        unauthorized: /check socialMedia\.itsm\.pagerduty\.apiToken/,
        forbidden: /lacks read access to incidents and log entries/,
      },
      async start() {
        fake = new FakePagerDuty();
        fake.apiToken = API_KEY;
        await fake.start();
        brand = fake.addService('Brand Instagram');
        support = fake.addService('Support X');
        unmapped = fake.addService('Payroll');
        pending = undefined;
        fake.pageFilter = records => {
          const change = pending;
          pending = undefined;
          return changeItsmContractPage(records, change);
        };
      },
      stop: () => fake.stop(),
      mappedRecords: () =>
        itsmContractMappings({
          brand: [
            brand,
            // The same PagerDuty service by its address in the web app.
            `https://acme.pagerduty.com/service-directory/${brand}`,
          ],
          // In lower case with spaces around: PagerDuty ids are upper case.
          support: ` ${support.toLowerCase()} `,
        }),
      createConnector: options =>
        new PagerDutyConnector({
          baseUrl: fake.url,
          apiToken: API_KEY,
          // The backend's clock runs with the server's.
          now: () => fake.now(),
          ...options,
        }),
      addIncident: ({ mapping, title, stamp }) => {
        const at = stampOf(stamp);
        // Triggered: the overview log gets a trigger entry at that time.
        return fake.addIncident({
          service: serviceOf(mapping),
          title,
          created_at: at,
        }).id;
      },
      updateIncident: (externalId, { title, stamp }) => {
        // A responder edits the title and acknowledges the incident. An edited title alone
        // adds nothing to the overview log, which the connector reads; an acknowledgement does
        // (PagerDuty logs each one, also of an incident acknowledged already).
        const incident = fake.incidents.get(externalId)!;
        if (incident.status === 'resolved') {
          throw new Error(`Incident ${externalId} is resolved already`);
        }
        incident.title = title;
        fake.setStatus(externalId, 'acknowledged', stampOf(stamp));
      },
      failNextListRequest: fault => {
        fake.failNext((res, context) =>
          writeItsmContractFault(res, fault, {
            answer: context.body,
            malformed:
              context.request.path === '/log_entries'
                ? '{"log_entries": [{"id": '
                : '{"incidents": [{"id": ',
            errorBody: message =>
              errorBody(fault.kind === 'status' ? fault.status : 500, message),
            // PagerDuty says how long to wait in its rate limit headers, not in Retry-After.
            waitHeaders: seconds => ({
              'ratelimit-limit': '960',
              'ratelimit-remaining': '0',
              'ratelimit-reset': String(seconds),
            }),
          }),
        );
      },
      changeNextListAnswer: change => {
        if (change !== 'replay') {
          pending = change;
          return;
        }
        // A stale cache: the previous answer of the same listing again, paging fields included.
        fake.failNext((res, context) => {
          const previous =
            fake.lastListAnswers.get(context.request.path) ?? context.body;
          const text = JSON.stringify(previous);
          res.writeHead(200, {
            'Content-Type': 'application/json; charset=utf-8',
            'Content-Length': String(Buffer.byteLength(text)),
          });
          res.end(text);
        });
      },
      secrets: () => [API_KEY, `Token token=${API_KEY}`],
    };
  },
});
