import { usePermission } from '@backstage/plugin-permission-react';
import {
  socialServiceReviewPermission,
  type SocialServiceDetails,
} from '@internal/plugin-social-media-common';
import Box from '@mui/material/Box';
import Link from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { RiskBadge } from '../RiskBadge';
import {
  currentRating,
  describeAccessReview,
  describeLastReview,
  shownReviewStatus,
} from '../shared/guardianship';
import { Facts, Section } from '../shared/Section';
import { SignOffStatement } from './SignOff';
import { useTabLink, type ServiceTab } from './serviceTabs';

const REVIEW_COLOURS = {
  current: 'text.primary',
  due: 'warning.dark',
  overdue: 'error.main',
} as const;

/** A fact with the way to the tab that has the rest of it. */
function WithLink(props: {
  children: ReactNode;
  tab: ServiceTab;
  label: string;
}) {
  const tabLink = useTabLink();
  return (
    <Box
      component="span"
      sx={{
        display: 'flex',
        flexWrap: 'wrap',
        alignItems: 'baseline',
        columnGap: 1.5,
      }}
    >
      <span>{props.children}</span>
      <Link component={RouterLink} to={tabLink(props.tab)} variant="body2">
        {props.label}
      </Link>
    </Box>
  );
}

/**
 * What needs doing on a service, in one card: its rating and whether it is
 * signed off, where its access review stands, and its open incidents, each
 * with a link to the tab that has the detail.
 */
export function AtAGlanceSection(props: { service: SocialServiceDetails }) {
  const { service } = props;
  const { risk, accessReview } = service;
  const rating = currentRating(service);
  const reviewStatus = shownReviewStatus(accessReview);
  // Those who cannot review the access read the reviews there.
  const { allowed: mayReview } = usePermission({
    permission: socialServiceReviewPermission,
    resourceRef: service.id,
  });
  return (
    <Section title="At a glance">
      <Facts
        items={[
          {
            label: 'Risk rating',
            value: (
              <WithLink tab="risk" label="How it is worked out">
                <Box
                  component="span"
                  sx={{ display: 'inline-flex', gap: 1, alignItems: 'center' }}
                >
                  <RiskBadge rating={rating} />
                  {risk && (
                    <Typography
                      component="span"
                      variant="body2"
                      color="text.secondary"
                    >
                      likelihood {risk.likelihood.level} × impact{' '}
                      {risk.impact.level}
                    </Typography>
                  )}
                </Box>
              </WithLink>
            ),
          },
          {
            label: 'Risk sign-off',
            value: (
              <SignOffStatement signOff={service.signOff} rating={rating} />
            ),
          },
          {
            label: 'Access review',
            value: (
              <WithLink
                tab="access"
                label={mayReview ? 'Review access' : 'See the access reviews'}
              >
                <Typography
                  component="span"
                  variant="body2"
                  color={REVIEW_COLOURS[reviewStatus]}
                  fontWeight={reviewStatus === 'current' ? 400 : 600}
                >
                  {describeAccessReview(accessReview)}
                </Typography>
              </WithLink>
            ),
          },
          {
            // Said once above for a service never reviewed.
            label: 'Last access review',
            hidden: !accessReview.lastReviewedAt,
            value: describeLastReview(accessReview),
          },
          {
            label: 'Open incidents',
            value: (
              <WithLink tab="incidents" label="See the incidents">
                {String(service.openIncidentCount)}
              </WithLink>
            ),
          },
        ]}
      />
    </Section>
  );
}
