import {
  describeCompliance,
  type StageCompliance,
} from '@internal/plugin-social-media-common';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import Chip from '@mui/material/Chip';
import Tooltip from '@mui/material/Tooltip';

/**
 * Fixed colours, so that the badge reads the same in every theme: dark text on
 * a light amber background, well above 4.5:1.
 */
const COLOURS = { background: '#fff3e0', text: '#6d3600', border: '#e65100' };

/**
 * "Out of compliance": shown for a service that does not meet the
 * requirements of the lifecycle stage it is in; the tooltip (and the
 * accessible description) says what it lacks. Shows nothing for a service
 * that meets its stage.
 */
export function ComplianceBadge(props: { compliance?: StageCompliance }) {
  const { compliance } = props;
  if (!compliance || compliance.compliant) return null;
  const description = describeCompliance(compliance);
  const title = description.charAt(0).toUpperCase() + description.slice(1);
  return (
    <Tooltip title={title} describeChild>
      <Chip
        size="small"
        variant="outlined"
        tabIndex={0}
        icon={<WarningAmberIcon aria-hidden />}
        label="Out of compliance"
        sx={{
          bgcolor: COLOURS.background,
          color: COLOURS.text,
          borderColor: COLOURS.border,
          '& .MuiChip-icon': { color: COLOURS.text },
        }}
      />
    </Tooltip>
  );
}
