import { LoggerService } from '@backstage/backend-plugin-api';
import { NotificationService } from '@backstage/plugin-notifications-node';
import { RequestNotice, RequestNotifier } from './RequestNotifier';

/**
 * How long a step waits for its notice. The notifications backend answers once the notice is
 * stored and signalled (e-mail and other processors run after that), so this is ample; a stalled
 * notifications backend must not hold a person's approval for long.
 */
const DEFAULT_WAIT_MS = 10_000;

/**
 * Delivers request notices through Backstage's notifications service: the notifications backend
 * expands groups to their members, stores one notification per person and signals the portal,
 * whose notifications page updates at once.
 */
export class BackstageRequestNotifier implements RequestNotifier {
  constructor(
    private readonly options: {
      notifications: NotificationService;
      logger: LoggerService;
      waitMs?: number;
    },
  ) {}

  async notify(notice: RequestNotice): Promise<void> {
    const recipients = [...new Set(notice.recipients)];
    if (recipients.length === 0) return;
    const { notifications, logger } = this.options;
    const sending = notifications
      .send({
        recipients: {
          type: 'entity',
          entityRef: recipients,
          ...(notice.excludeRecipients?.length
            ? { excludeEntityRef: notice.excludeRecipients }
            : {}),
        },
        payload: {
          title: notice.title,
          description: notice.description,
          link: notice.link,
          topic: notice.topic,
          severity: notice.severity ?? 'normal',
        },
      })
      .then(
        () => true,
        error => {
          // The step is committed either way. Only the message is logged: the error could carry
          // the request the client made, and the notice itself is not needed to find the cause.
          logger.warn(
            `Could not send the notice "${notice.title}" (${notice.topic}): ${
              error instanceof Error ? error.message : String(error)
            }`,
          );
          return true;
        },
      );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<false>(resolve => {
      timer = setTimeout(
        () => resolve(false),
        this.options.waitMs ?? DEFAULT_WAIT_MS,
      );
      timer.unref?.();
    });
    const delivered = await Promise.race([sending, late]);
    clearTimeout(timer);
    if (!delivered) {
      logger.warn(
        `The notice "${notice.title}" (${notice.topic}) is taking long to send; the step is done and the notice is still on its way`,
      );
    }
  }
}
