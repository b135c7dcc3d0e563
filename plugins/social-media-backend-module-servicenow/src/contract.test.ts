/*
 * The ITSM connector contract, run against the local ServiceNow-format server.
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
import { ServiceNowConnector } from './connector/ServiceNowConnector';
import { FakeServiceNow } from './testUtils/FakeServiceNow';

const USERNAME = 'integration';
const PASSWORD = 'integration-password-s3cret';

/** A ServiceNow date-time (UTC, to the second) moved by `ms`. */
const shifted = (value: string, ms: number) =>
  new Date(Date.parse(`${value.replace(' ', 'T')}Z`) + ms)
    .toISOString()
    .slice(0, 19)
    .replace('T', ' ');

describeItsmConnectorContract({
  name: 'ServiceNowConnector',
  adapter: () => {
    let fake: FakeServiceNow;
    let brand: string;
    let support: string;
    let unmapped: string;
    let previous: Array<Record<string, unknown>> = [];
    let pending: ItsmContractPageChange | undefined;

    const newest = () =>
      [...fake.incidents.values()]
        .map(i => i.sys_updated_on)
        .sort()
        .pop()!;
    const stampOf = (stamp: ItsmContractStamp) => {
      if (stamp.kind === 'same-unit') return newest();
      if (stamp.kind === 'earlier') return shifted(newest(), -stamp.byMs);
      return fake.tick();
    };
    const recordOf = (mapping?: ItsmServiceMapping) =>
      itsmContractRecordOf(mapping, { brand, support, unmapped });

    return {
      timestampUnitMs: 1000,
      hints: {
        unauthorized: /check socialMedia\.itsm\.servicenow\.auth/,
        forbidden: /lacks read access to the incident table/,
      },
      async start() {
        fake = new FakeServiceNow();
        fake.auth = { type: 'basic', username: USERNAME, password: PASSWORD };
        await fake.start();
        brand = fake.addCi('Brand Instagram');
        support = fake.addCi('Support ^ Care X');
        unmapped = fake.addCi('Unmapped intranet');
        previous = [];
        pending = undefined;
        fake.pageFilter = records => {
          const change = pending;
          pending = undefined;
          const sent =
            change === 'replay'
              ? previous
              : changeItsmContractPage(records, change);
          previous = records;
          return sent;
        };
      },
      stop: () => fake.stop(),
      mappedRecords: () =>
        itsmContractMappings({
          brand: [
            brand,
            // The same business service by name, in other capitals.
            'BRAND instagram',
          ],
          // By name, with a caret that must be escaped in the encoded query.
          support: 'Support ^ Care X',
        }),
      createConnector: options =>
        new ServiceNowConnector({
          instanceUrl: fake.url,
          auth: { type: 'basic', username: USERNAME, password: PASSWORD },
          ...options,
        }),
      addIncident: ({ mapping, title, stamp }) => {
        const at = stampOf(stamp);
        return fake.addIncident({
          short_description: title,
          business_service: recordOf(mapping),
          opened_at: at,
          sys_updated_on: at,
        }).sys_id;
      },
      updateIncident: (externalId, { title, stamp }) => {
        fake.update(externalId, {
          short_description: title,
          sys_updated_on: stampOf(stamp),
        });
      },
      failNextListRequest: fault => {
        fake.failNext((res, context) =>
          writeItsmContractFault(res, fault, {
            answer: { result: context.records },
            malformed: '{"result": [{"sys_id": ',
            errorBody: message => ({
              error: { message: message ?? 'Operation Failed', detail: '' },
              status: 'failure',
            }),
          }),
        );
      },
      changeNextListAnswer: change => {
        pending = change;
      },
      secrets: () => [
        PASSWORD,
        Buffer.from(`${USERNAME}:${PASSWORD}`).toString('base64'),
      ],
    };
  },
});
