import { SOCIAL_PLATFORMS } from '@internal/plugin-social-media-common';
import { render, screen } from '@testing-library/react';
import { PlatformLabel } from './PlatformIcon';

/** The icon a label shows: MUI names each icon by a test id, e.g. XIcon. */
function iconOf(container: HTMLElement) {
  const icon = container.querySelector('svg');
  expect(icon).toHaveAttribute('aria-hidden', 'true');
  return icon!.getAttribute('data-testid');
}

describe('PlatformLabel', () => {
  it.each([
    ['threads', 'Threads', 'AlternateEmailIcon'],
    ['bluesky', 'Bluesky', 'CloudIcon'],
  ] as const)(
    'shows %s by its name, next to an icon of its own',
    (platform, title, icon) => {
      const { container } = render(<PlatformLabel platform={platform} />);
      expect(screen.getByText(title)).toBeInTheDocument();
      expect(iconOf(container)).toBe(icon);
    },
  );

  it('gives every platform an icon no other platform has', () => {
    const icons = SOCIAL_PLATFORMS.map(platform => {
      const { container, unmount } = render(
        <PlatformLabel platform={platform} />,
      );
      const icon = iconOf(container);
      unmount();
      return icon;
    });
    expect(new Set(icons).size).toBe(SOCIAL_PLATFORMS.length);
  });
});
