import { useRouteRef } from '@backstage/core-plugin-api';
import Breadcrumbs from '@mui/material/Breadcrumbs';
import Link from '@mui/material/Link';
import Stack from '@mui/material/Stack';
import { useEffect, useState } from 'react';
import { Link as RouterLink, useParams } from 'react-router-dom';
import { rootRouteRef } from '../../routes';
import { ServiceDetails } from './ServiceDetails';

/** The page of one service, at `/services/:id` under the catalogue. */
export function ServicePage() {
  const { id = '' } = useParams();
  const catalogueLink = useRouteRef(rootRouteRef);
  // The service's name once loaded; its id until then.
  const [name, setName] = useState<string>();
  useEffect(() => setName(undefined), [id]);
  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      <Breadcrumbs aria-label="Breadcrumb">
        <Link component={RouterLink} to={catalogueLink()}>
          Social media catalogue
        </Link>
        <span aria-current="page">{name ?? id}</span>
      </Breadcrumbs>
      <ServiceDetails id={id} onName={setName} />
    </Stack>
  );
}
