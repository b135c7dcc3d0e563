import {
  AccessReview,
  AccessReviewListItem,
  AccessReviewStatus,
  PortfolioDashboard,
  RiskHistoryEntry,
} from '@internal/plugin-social-media-common';
import { AdminPresence, LeaverPlan, OwnerPresence } from '../../domain/leavers';
import { Rating } from '../../domain/rating';

/** Which access reviews to list. */
export interface AccessReviewQuery {
  status: Array<AccessReviewStatus['status']>;
  limit: number;
  offset: number;
}

/** Reads of digital asset guardianship: ratings and their history, reviews, the dashboard. */
export interface GuardianshipStore {
  /** Every change of the service's rating, newest first. */
  getRiskHistory(serviceId: string): Promise<RiskHistoryEntry[]>;
  /** The access reviews of a service, newest first. */
  getAccessReviews(serviceId: string): Promise<AccessReview[]>;
  /** Services (not retired) whose review has one of the statuses, the earliest due first. */
  listAccessReviews(
    query: AccessReviewQuery,
  ): Promise<{ items: AccessReviewListItem[]; totalCount: number }>;
  /** The portfolio dashboard, with a risk trend over the last `days` days. */
  getDashboard(days: number): Promise<PortfolioDashboard>;
}

/** A rating to write to a service, with its history entry when the rating itself moved. */
export interface RatingUpdate {
  serviceId: string;
  /** Absent when only the open-incident count moved. */
  rating?: Rating;
  openIncidentCount: number;
  /** Set when the rating (low … critical) changed: what it was, and what caused the change. */
  history?: { previousRating: string | null; trigger: string };
}

/** Writes of guardianship, only ever inside a unit of work. */
export interface GuardianshipWrites extends GuardianshipStore {
  /** Writes ratings, and their history entries, as of `at`. */
  saveRatings(updates: RatingUpdate[], at: string): Promise<void>;
  /** Records the first rating of services whose rows were written rated (new services). */
  recordFirstRatings(
    ratings: Array<{ serviceId: string; rating: Rating; trigger: string }>,
    at: string,
  ): Promise<void>;
  /** Keeps an access review; returns its id. */
  addAccessReview(review: Omit<AccessReview, 'id'>): Promise<number>;
  /** Who holds access to these services and whether each is still in the organisation. */
  listPresence(
    serviceIds: string[],
  ): Promise<{ admins: AdminPresence[]; owners: OwnerPresence[] }>;
  /** Flags and clears leavers as planned. */
  applyLeaverPlan(plan: LeaverPlan): Promise<void>;
  /** How many admins of each service have left (services with none are left out). */
  countAdminsGone(serviceIds: string[]): Promise<Map<string, number>>;
}
