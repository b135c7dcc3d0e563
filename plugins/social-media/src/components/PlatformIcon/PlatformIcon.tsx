import {
  PLATFORM_TITLES,
  type SocialPlatform,
} from '@internal/plugin-social-media-common';
import AlternateEmailIcon from '@mui/icons-material/AlternateEmail';
import ArticleIcon from '@mui/icons-material/Article';
import CloudIcon from '@mui/icons-material/Cloud';
import FacebookIcon from '@mui/icons-material/Facebook';
import ForumIcon from '@mui/icons-material/Forum';
import InstagramIcon from '@mui/icons-material/Instagram';
import LinkedInIcon from '@mui/icons-material/LinkedIn';
import MusicVideoIcon from '@mui/icons-material/MusicVideo';
import PublicIcon from '@mui/icons-material/Public';
import XIcon from '@mui/icons-material/X';
import YouTubeIcon from '@mui/icons-material/YouTube';
import { useTheme } from '@mui/material/styles';
import type { SvgIconProps } from '@mui/material/SvgIcon';
import type { ComponentType } from 'react';

const ICONS: Record<SocialPlatform, ComponentType<SvgIconProps>> = {
  x: XIcon,
  facebook: FacebookIcon,
  instagram: InstagramIcon,
  linkedin: LinkedInIcon,
  youtube: YouTubeIcon,
  // No brand icons for these: generic ones that hint at what they are.
  tiktok: MusicVideoIcon,
  mastodon: ForumIcon,
  threads: AlternateEmailIcon,
  bluesky: CloudIcon,
  blog: ArticleIcon,
  other: PublicIcon,
};

/**
 * The icon of a platform; decorative, so pair it with the platform's name.
 *
 * @public
 */
export function PlatformIcon(
  props: { platform: SocialPlatform } & SvgIconProps,
) {
  const { platform, ...iconProps } = props;
  const Icon = ICONS[platform] ?? PublicIcon;
  return <Icon aria-hidden fontSize="small" {...iconProps} />;
}

/**
 * A platform's icon and name, e.g. for a table cell.
 *
 * @public
 */
export function PlatformLabel(props: { platform: SocialPlatform }) {
  // An inline style rather than a styled box: a table shows one per row.
  const gap = useTheme().spacing(1);
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap }}>
      <PlatformIcon platform={props.platform} />
      <span>{PLATFORM_TITLES[props.platform] ?? props.platform}</span>
    </span>
  );
}
