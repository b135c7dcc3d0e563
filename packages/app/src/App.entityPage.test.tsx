import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import App from './App';
import { useFakeBackend } from './__testUtils__/fakeBackend';

// A file of its own: the app keeps its sign-in session for the whole file.
describe('App catalog entity page', () => {
  useFakeBackend();

  it('shows the social media card and tab on the page of a social media service', async () => {
    window.history.replaceState(
      null,
      '',
      '/catalog/default/component/corporate-x',
    );
    render(App.createRoot());
    await userEvent.click(
      await screen.findByRole('button', { name: 'Enter' }, { timeout: 10_000 }),
    );

    const card = await screen.findByRole(
      'region',
      { name: 'Social media service' },
      { timeout: 10_000 },
    );
    expect(await within(card).findByLabelText('Handle')).toHaveTextContent(
      '@acme',
    );
    expect(
      within(card).getByRole('link', {
        name: 'Open in the social media catalogue',
      }),
    ).toHaveAttribute('href', '/social-media/services/corporate-x');

    const tabs = within(
      screen.getByRole('navigation', { name: 'Content navigation' }),
    );
    const tab = tabs.getByRole('link', { name: 'Social media' });
    expect(tab).toHaveAttribute(
      'href',
      '/catalog/default/component/corporate-x/social-media',
    );
    await userEvent.click(tab);
    expect(
      await screen.findByRole('button', {
        name: 'Move to Continual improvement',
      }),
    ).toBeEnabled();
  }, 30_000);
});
