/*
 * The ITSM connector contract, run against the local Jira-format server (Jira Cloud, REST API
 * v3, paged with nextPageToken).
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
import { JiraServiceManagementConnector } from './connector/JiraServiceManagementConnector';
import { FakeJira } from './testUtils/FakeJira';

const EMAIL = 'itsm-integration@example.com';
const API_TOKEN = 'ATATT3xFfGF0-api-token-s3cret';
const MINUTE = 60_000;

const BRAND = 'Brand Instagram';
// Quotes and a backslash: the JQL must escape them to match.
const SUPPORT = 'Support "Care" \\ X';

describeItsmConnectorContract({
  name: 'JiraServiceManagementConnector',
  adapter: () => {
    let fake: FakeJira;
    let pending: ItsmContractPageChange | undefined;

    const newest = () =>
      Math.max(...[...fake.issues.values()].map(i => i.updated));
    const stampOf = (stamp: ItsmContractStamp) => {
      if (stamp.kind === 'same-unit') {
        // Earlier in the same minute than the newest change: Jira's JQL reads minutes only.
        const last = newest();
        const minute = Math.floor(last / MINUTE) * MINUTE;
        return minute + Math.floor((last - minute) / 2);
      }
      if (stamp.kind === 'earlier') return newest() - stamp.byMs;
      return fake.tick();
    };
    const componentOf = (mapping?: ItsmServiceMapping) =>
      itsmContractRecordOf(mapping, {
        brand: BRAND,
        support: SUPPORT,
        unmapped: 'Unmapped intranet',
      });

    return {
      timestampUnitMs: MINUTE,
      hints: {
        unauthorized:
          /check socialMedia\.itsm\.jiraServiceManagement\.auth\.email and .*auth\.apiToken/,
        forbidden: /lacks .*grant it through the project permission scheme/,
      },
      async start() {
        fake = new FakeJira();
        fake.account = { ...fake.account, email: EMAIL, apiToken: API_TOKEN };
        await fake.start();
        fake.addProject(
          'SMS',
          [BRAND, SUPPORT, 'Unmapped intranet'],
          'Social media',
        );
        pending = undefined;
        fake.pageFilter = issues => {
          const change = pending;
          pending = undefined;
          return changeItsmContractPage(issues, change);
        };
      },
      stop: () => fake.stop(),
      mappedRecords: () =>
        itsmContractMappings({
          brand: [
            `SMS/${BRAND}`,
            // The same component in another case, with spaces around the parts.
            ` sms / ${BRAND.toUpperCase()} `,
          ],
          support: `sms/${SUPPORT}`,
        }),
      createConnector: options =>
        new JiraServiceManagementConnector({
          baseUrl: fake.url,
          auth: { type: 'basic', email: EMAIL, apiToken: API_TOKEN },
          timeZone: 'UTC',
          ...options,
        }),
      addIncident: ({ mapping, title, stamp }) => {
        const at = stampOf(stamp);
        return fake.addIssue({
          project: 'SMS',
          summary: title,
          components: [componentOf(mapping)],
          created: at,
          updated: at,
          statusCategoryChanged: at,
        }).id;
      },
      updateIncident: (externalId, { title, stamp }) => {
        fake.update(externalId, { summary: title, updated: stampOf(stamp) });
      },
      failNextListRequest: fault => {
        fake.failNext((res, context) =>
          writeItsmContractFault(res, fault, {
            answer: context.answer,
            malformed: '{"issues": [{"id": ',
            errorBody: message => ({
              errorMessages: message ? [message] : [],
              errors: {},
            }),
          }),
        );
      },
      changeNextListAnswer: change => {
        if (change !== 'replay') {
          pending = change;
          return;
        }
        // A stale cache: the whole previous answer again, its page token included.
        const previous = fake.lastSearchAnswer;
        fake.failNext(res => {
          const text = JSON.stringify(previous ?? { issues: [], isLast: true });
          res.writeHead(200, {
            'Content-Type': 'application/json',
            'Content-Length': String(Buffer.byteLength(text)),
          });
          res.end(text);
        });
      },
      secrets: () => [
        API_TOKEN,
        Buffer.from(`${EMAIL}:${API_TOKEN}`).toString('base64'),
      ],
    };
  },
});
