import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { EntityRefField } from './EntityRefField';

const group = (name: string, title: string) => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, title },
  spec: { type: 'team', children: [] },
});

const catalog = catalogApiMock({
  entities: [
    group('hr', 'Human Resources'),
    group('marketing', 'Marketing'),
    group('marketing-emea', 'Marketing EMEA'),
  ],
});

/** The field in a form that shows the value it holds. */
function Form(props: { initial?: string }) {
  const [value, setValue] = useState(props.initial ?? '');
  return (
    <>
      <EntityRefField
        label="Owner group"
        kind="Group"
        value={value}
        onChange={setValue}
        helperText="The catalog Group that will own the service."
      />
      <output aria-label="Value">{value}</output>
    </>
  );
}

const render = (initial?: string) =>
  renderInTestApp(<Form initial={initial} />, {
    apis: [[catalogApiRef, catalog]],
  });
const field = () => screen.getByRole('combobox', { name: 'Owner group' });
const value = () => screen.getByRole('status', { name: 'Value' });

describe('EntityRefField', () => {
  it('shows a filled-in ref by the name the catalog gives it', async () => {
    await render('group:default/hr');
    await waitFor(() => expect(field()).toHaveValue('Human Resources'));
    expect(value()).toHaveTextContent('group:default/hr');
  });

  it('gives the ref of the entity picked by its name', async () => {
    const user = userEvent.setup({ delay: null });
    await render();
    await user.type(field(), 'human');
    await user.click(
      await screen.findByRole('option', {
        name: 'Human Resources (group:default/hr)',
      }),
    );
    expect(field()).toHaveValue('Human Resources');
    expect(value()).toHaveTextContent('group:default/hr');
  });

  it('takes a name typed in full, and keeps what matches no entity as typed', async () => {
    const user = userEvent.setup({ delay: null });
    await render();
    await screen.findByRole('combobox', { name: 'Owner group' });
    await waitFor(async () => {
      await user.clear(field());
      await user.type(field(), 'marketing emea');
      expect(value()).toHaveTextContent('group:default/marketing-emea');
    });
    await user.clear(field());
    await user.type(field(), 'group:default/ghosts');
    expect(field()).toHaveValue('group:default/ghosts');
    expect(value()).toHaveTextContent('group:default/ghosts');
  });
});
