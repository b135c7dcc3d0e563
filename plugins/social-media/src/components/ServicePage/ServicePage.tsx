import Stack from '@mui/material/Stack';
import { useEffect, useState } from 'react';
import { useParams } from 'react-router-dom';
import { ServiceDetails } from './ServiceDetails';
import { CatalogueBreadcrumbs } from '../shared/CatalogueBreadcrumbs';

/** The page of one service, at `/services/:id` under the catalogue. */
export function ServicePage() {
  const { id = '' } = useParams();
  // The service's name once loaded; its id until then.
  const [name, setName] = useState<string>();
  useEffect(() => setName(undefined), [id]);
  return (
    <Stack spacing={2} sx={{ p: { xs: 2, md: 3 } }}>
      <CatalogueBreadcrumbs current={name ?? id} />
      <ServiceDetails id={id} onName={setName} />
    </Stack>
  );
}
