import { ConflictError } from '@backstage/errors';
import {
  riskSignOffInputSchema,
  SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import { Actor } from '../stores/services/ServiceStore';
import { parseInput } from './parseInput';

/**
 * Sign-offs of risk assessments: a service owner or security officer accepts a service's
 * current rating, in their own name and with a note. The date is the moment of signing; nobody
 * types it. A later change of rating leaves the sign-off stale.
 */
export class RiskSignOffs {
  constructor(private readonly options: { writes: ServiceWritePath }) {}

  async signOff(
    id: string,
    body: unknown,
    actor: Actor,
  ): Promise<SocialServiceDetails> {
    const input = parseInput(riskSignOffInputSchema, body, 'sign-off');
    return this.options.writes.run(actor, async unit => {
      await unit.lock(id);
      // Rate it first, so that what is signed is the rating as of now.
      await unit.rate([id], 'sign-off');
      const current = (await unit.details(id)).risk;
      if (!current) {
        throw new ConflictError(
          `Service ${id} has no rating yet; there is nothing to sign off`,
        );
      }
      if (current.rating !== input.rating) {
        throw new ConflictError(
          `The rating of this service is now ${current.rating}, not ${input.rating}. Reload it, read the assessment again and sign off the current rating.`,
        );
      }
      const previous = (await unit.details(id)).signOff;
      await unit.signOff(id, { rating: input.rating, note: input.note });
      unit.record({
        serviceId: id,
        action: 'sign-off',
        before: previous
          ? {
              signedBy: previous.signedBy,
              signedAt: previous.signedAt,
              rating: previous.rating,
            }
          : undefined,
        after: {
          rating: current.rating,
          likelihoodLevel: current.likelihood.level,
          impactLevel: current.impact.level,
          note: input.note,
        },
      });
      return unit.details(id);
    });
  }
}
