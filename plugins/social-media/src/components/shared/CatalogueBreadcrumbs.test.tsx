import { renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import { mountedRoutes } from '../../__testUtils__/renderPlugin';
import { CatalogueBreadcrumbs } from './CatalogueBreadcrumbs';

describe('CatalogueBreadcrumbs', () => {
  it('leads from the catalogue through the pages between to this one', async () => {
    await renderInTestApp(
      <CatalogueBreadcrumbs
        via={[{ label: 'Requests', to: '/social-media/requests' }]}
        current="Request 3"
      />,
      { mountedRoutes },
    );
    const trail = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(
      within(trail).getByRole('link', { name: 'Social media catalogue' }),
    ).toHaveAttribute('href', '/social-media');
    expect(
      within(trail).getByRole('link', { name: 'Requests' }),
    ).toHaveAttribute('href', '/social-media/requests');
    expect(within(trail).getByText('Request 3')).toHaveAttribute(
      'aria-current',
      'page',
    );
    expect(trail).toHaveTextContent(
      'Social media catalogue/Requests/Request 3',
    );
    expect(trail).not.toHaveAttribute('data-print');
  });

  it("takes a form's own crumbs, and is left off paper where asked", async () => {
    await renderInTestApp(
      <CatalogueBreadcrumbs hideInPrint>
        {[
          <span key="a">Brand Instagram</span>,
          <span key="b" aria-current="page">
            Edit
          </span>,
        ]}
      </CatalogueBreadcrumbs>,
      { mountedRoutes },
    );
    const trail = screen.getByRole('navigation', { name: 'Breadcrumb' });
    expect(trail).toHaveTextContent(
      'Social media catalogue/Brand Instagram/Edit',
    );
    expect(trail).toHaveAttribute('data-print', 'hide');
  });
});
