import { mockServices } from '@backstage/backend-test-utils';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { BackstageRequestNotifier } from './BackstageRequestNotifier';
import { RequestNotice } from './RequestNotifier';

const NOTICE: RequestNotice = {
  recipients: [
    'group:default/it-service-management',
    'group:default/security-office',
    'group:default/it-service-management',
  ],
  excludeRecipients: ['user:default/marketing-lead'],
  title: 'Service request 12 waits for your approval: Spring TikTok (TikTok)',
  description: 'Submitted by marketing-lead for marketing: @springcampaign.',
  link: '/social-media/requests/12',
  topic: 'social-media-request-12',
  severity: 'high',
};

function setUp(send: NotificationService['send'], waitMs?: number) {
  const logger = mockServices.logger.mock();
  const notifications = { send: jest.fn(send) };
  const notifier = new BackstageRequestNotifier({
    notifications,
    logger,
    waitMs,
  });
  return { notifier, notifications, logger };
}

describe('BackstageRequestNotifier', () => {
  it('sends the notice to its recipients, each once, leaving out the excluded', async () => {
    const { notifier, notifications, logger } = setUp(async () => {});
    await notifier.notify(NOTICE);
    expect(notifications.send).toHaveBeenCalledTimes(1);
    expect(notifications.send).toHaveBeenCalledWith({
      recipients: {
        type: 'entity',
        entityRef: [
          'group:default/it-service-management',
          'group:default/security-office',
        ],
        excludeEntityRef: ['user:default/marketing-lead'],
      },
      payload: {
        title: NOTICE.title,
        description: NOTICE.description,
        link: '/social-media/requests/12',
        topic: 'social-media-request-12',
        severity: 'high',
      },
    });
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('sends nothing when there is no one to tell', async () => {
    const { notifier, notifications } = setUp(async () => {});
    await notifier.notify({ ...NOTICE, recipients: [] });
    expect(notifications.send).not.toHaveBeenCalled();
  });

  it('logs a failed send as a warning, with the message only, and does not throw', async () => {
    const failure = Object.assign(
      new Error('Failed to send notifications: Request failed with status 503'),
      { request: { headers: { Authorization: 'Bearer service-token' } } },
    );
    const { notifier, logger } = setUp(async () => {
      throw failure;
    });
    await expect(notifier.notify(NOTICE)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]).toEqual([
      `Could not send the notice "${NOTICE.title}" (social-media-request-12): ` +
        'Failed to send notifications: Request failed with status 503',
    ]);
    expect(JSON.stringify(logger.warn.mock.calls)).not.toContain(
      'service-token',
    );
  });

  it('stops waiting for a stalled notifications backend, saying so', async () => {
    const { notifier, logger } = setUp(() => new Promise(() => {}), 20);
    await expect(notifier.notify(NOTICE)).resolves.toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      `The notice "${NOTICE.title}" (social-media-request-12) is taking long to send; the step is done and the notice is still on its way`,
    );
  });
});
