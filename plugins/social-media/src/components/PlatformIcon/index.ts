export { PlatformIcon, PlatformLabel } from './PlatformIcon';
