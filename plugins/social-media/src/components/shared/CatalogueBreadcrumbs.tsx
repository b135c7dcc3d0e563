import { useRouteRef } from '@backstage/core-plugin-api';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { rootRouteRef } from '../../routes';

/**
 * The trail from the catalogue to the page, as every page of the plugin starts it: the
 * catalogue, the pages in between (`via`), then this page (`current`) or the crumbs a page
 * passes on (`children`, a form's own).
 */
export function CatalogueBreadcrumbs(props: {
  via?: Array<{ label: ReactNode; to: string }>;
  current?: ReactNode;
  children?: ReactNode;
  /** Left off the printed page (the evidence document). */
  hideInPrint?: boolean;
}) {
  const catalogueLink = useRouteRef(rootRouteRef);
  return (
    <Breadcrumbs
      aria-label="Breadcrumb"
      {...(props.hideInPrint ? { 'data-print': 'hide' } : {})}
    >
      <Link component={RouterLink} to={catalogueLink()}>
        Social media catalogue
      </Link>
      {props.via?.map(({ label, to }) => (
        <Link key={to} component={RouterLink} to={to}>
          {label}
        </Link>
      ))}
      {props.current !== undefined && (
        <span aria-current="page">{props.current}</span>
      )}
      {props.children}
    </Breadcrumbs>
  );
}
