/**
 * A notice about a request for the people it concerns: approvers of a request waiting for them,
 * requesters of every decision, receiving groups of a transfer.
 */
export interface RequestNotice {
  /** Entity refs of the Users and Groups to tell. */
  recipients: string[];
  /** Users among the recipients not to tell, e.g. the person who took the step. */
  excludeRecipients?: string[];
  title: string;
  description: string;
  /** Path in the portal, e.g. `/social-media/requests/12`. */
  link: string;
  /** Groups notices about one request, e.g. `social-media-request-12`. */
  topic: string;
  severity?: 'critical' | 'high' | 'normal' | 'low';
}

/**
 * Tells people about requests. Called after a step has been committed; a notice that cannot be
 * delivered never undoes or fails the step.
 */
export interface RequestNotifier {
  notify(notice: RequestNotice): Promise<void>;
}

/** For compositions without a notifications service (tests of the domain, the benchmark). */
export const silentNotifier: RequestNotifier = {
  async notify() {},
};
