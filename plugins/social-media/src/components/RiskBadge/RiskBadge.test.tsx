import { render, screen } from '@testing-library/react';
import { RiskBadge } from './RiskBadge';

describe('RiskBadge', () => {
  it.each([
    ['low', 'Low'],
    ['medium', 'Medium'],
    ['high', 'High'],
    ['critical', 'Critical'],
  ] as const)('shows the %s rating by name', (rating, title) => {
    render(<RiskBadge rating={rating} />);
    const badge = screen.getByText(title).closest('[data-risk]');
    expect(badge).toHaveAttribute('data-risk', rating);
    expect(badge).toHaveAttribute('title', `Risk rating: ${title}`);
  });

  it('says when a service is not rated yet', () => {
    render(<RiskBadge />);
    expect(screen.getByText('Not rated')).toBeInTheDocument();
  });
});
