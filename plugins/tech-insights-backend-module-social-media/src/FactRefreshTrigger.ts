import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';

/**
 * Runs a fact retriever again shortly after services change: the changes of one `delayMs`
 * window start one run (a bulk import does not start thousands). Tech Insights schedules each
 * fact retriever as a task of its plugin under the retriever's id, which this module, a module
 * of the same plugin, can trigger.
 */
export class FactRefreshTrigger {
  #timer?: ReturnType<typeof setTimeout>;
  #warnedNotScheduled = false;
  #stopped = false;

  constructor(
    private readonly options: {
      taskId: string;
      scheduler: SchedulerService;
      logger: LoggerService;
      delayMs: number;
    },
  ) {}

  /** Asks for a run after the delay, unless one is already asked for. */
  request(): void {
    if (this.#timer || this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.fire();
    }, this.options.delayMs);
    this.#timer.unref?.();
  }

  /** Drops a pending run (on shutdown). */
  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  private async fire(): Promise<void> {
    const { taskId, scheduler, logger } = this.options;
    try {
      await scheduler.triggerTask(taskId);
      logger.debug(`Started ${taskId} after social media services changed`);
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ConflictError') {
        // A run is going on now and may have read the services before the change: ask again.
        this.request();
      } else if (name === 'NotFoundError') {
        if (!this.#warnedNotScheduled) {
          this.#warnedNotScheduled = true;
          logger.warn(
            `Could not refresh the social media facts after a change: Tech Insights has not scheduled ${taskId}. Set techInsights.factRetrievers.${taskId}.cadence.`,
          );
        }
      } else {
        logger.warn(
          `Could not refresh the social media facts after a change: ${error}`,
        );
      }
    }
  }
}
