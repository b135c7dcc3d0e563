import {
  describeCompliance,
  type StageCompliance,
} from '@internal/plugin-social-media-common';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Chip, { chipClasses } from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';

/**
 * Fixed colours, so that the badge reads the same in every theme: dark text on
 * a light amber background, well above 4.5:1.
 */
export const COMPLIANCE_BADGE_COLOURS = {
  background: '#fff3e0',
  text: '#6d3600',
  border: '#e65100',
};

/**
 * "Out of compliance": shown for a service that does not meet the
 * requirements of the lifecycle stage it is in; the tooltip (and the
 * accessible description) says what it lacks. Shows nothing for a service
 * that meets its stage.
 */
export function ComplianceBadge(props: { compliance?: StageCompliance }) {
  const title = complianceBadgeTitle(props.compliance);
  if (!title) return null;
  return (
    <Tooltip title={title} describeChild>
      <Chip
        size="small"
        variant="outlined"
        tabIndex={0}
        icon={<WarningAmberIcon aria-hidden />}
        label="Out of compliance"
        sx={{
          bgcolor: COMPLIANCE_BADGE_COLOURS.background,
          color: COMPLIANCE_BADGE_COLOURS.text,
          borderColor: COMPLIANCE_BADGE_COLOURS.border,
          // The class names carry the portal's prefix (Backstage's app prefixes MUI 5's with
          // "v5-"); a literal `.MuiChip-icon` matched nothing.
          [`& .${chipClasses.icon}`]: { color: COMPLIANCE_BADGE_COLOURS.text },
        }}
      />
    </Tooltip>
  );
}

/**
 * What the badge's tooltip says a service lacks, as a sentence; undefined when
 * the service meets its stage (no badge).
 */
export function complianceBadgeTitle(
  compliance?: StageCompliance,
): string | undefined {
  if (!compliance || compliance.compliant) return undefined;
  const description = describeCompliance(compliance);
  return description.charAt(0).toUpperCase() + description.slice(1);
}
