import { renderInTestApp } from '@backstage/frontend-test-utils';
import { act, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { aService } from '../../__testUtils__/fixtures';
import { mountedRoutes } from '../../__testUtils__/renderPlugin';
import { readView } from './catalogueView';
import { ServicesTable } from './ServicesTable';
import { RestOfPageContext } from './useServiceList';

describe('ServicesTable', () => {
  it('draws the pager only once the page lets the rest of it in', async () => {
    const onPage = jest.fn();
    let letRestIn: () => void = () => {};
    const items = [
      aService(),
      aService({ id: 'careers-linkedin', name: 'Careers LinkedIn page' }),
    ];
    function Page() {
      const [allowed, setAllowed] = useState(false);
      letRestIn = () => setAllowed(true);
      return (
        <RestOfPageContext.Provider value={allowed}>
          <ServicesTable
            items={items}
            totalCount={60}
            view={readView(new URLSearchParams())}
            onSort={jest.fn()}
            onPage={onPage}
            onPageSize={jest.fn()}
          />
        </RestOfPageContext.Provider>
      );
    }
    await renderInTestApp(<Page />, { mountedRoutes });

    expect(
      screen.getByRole('link', { name: 'Careers LinkedIn page' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Services per page')).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Go to next page' }),
    ).not.toBeInTheDocument();

    act(() => letRestIn());
    expect(screen.getByText('1–25 of 60')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Go to next page' }),
    );
    expect(onPage).toHaveBeenCalledWith(2);
  });
});
