import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';
import { useFakeBackend } from './__testUtils__/fakeBackend';

describe('App', () => {
  useFakeBackend();

  it('offers guest sign-in and opens on the social media page', async () => {
    render(App.createRoot());

    const enter = await screen.findByRole(
      'button',
      { name: 'Enter' },
      { timeout: 10_000 },
    );
    expect(screen.getByText('Guest')).toBeInTheDocument();
    expect(globalThis.fetch).not.toHaveBeenCalled();

    await userEvent.click(enter);

    expect(
      await screen.findByRole(
        'heading',
        { level: 2, name: 'Social media service catalogue' },
        { timeout: 10_000 },
      ),
    ).toBeInTheDocument();
    const nav = within(screen.getByRole('navigation', { name: 'sidebar nav' }));
    expect(nav.getByRole('link', { name: 'Social media' })).toBeInTheDocument();
    expect(nav.getByRole('link', { name: 'Catalog' })).toBeInTheDocument();
    expect(
      await screen.findByText('No ITSM connector installed yet'),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/The catalogue is empty/),
    ).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'New service' })).toHaveAttribute(
      'href',
      '/social-media/new',
    );
  }, 30_000);
});
