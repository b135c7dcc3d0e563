/**
 * Guardianship facts of the social media service catalogue for Tech Insights scorecards.
 *
 * @packageDocumentation
 */
export { techInsightsModuleSocialMedia as default } from './module';
export {
  SOCIAL_MEDIA_FACT_RETRIEVER_ID,
  createSocialMediaFactRetriever,
  socialMediaFactRetriever,
  socialMediaFactSchema,
} from './socialMediaFactRetriever';
export {
  ACCESS_REVIEW_MAX_DAYS,
  socialMediaChecks,
  socialMediaChecksConfig,
  type SocialMediaCheck,
} from './checks';
