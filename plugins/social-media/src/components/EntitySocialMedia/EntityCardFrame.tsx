import ArrowForwardIcon from '@mui/icons-material/ArrowForward';
import Card from '@mui/material/Card';
import CardActions from '@mui/material/CardActions';
import CardContent from '@mui/material/CardContent';
import CardHeader from '@mui/material/CardHeader';
import Divider from '@mui/material/Divider';
import Link from '@mui/material/Link';
import type { ReactNode } from 'react';
import { Link as RouterLink } from 'react-router-dom';

/**
 * The frame of the catalogue's cards on a catalog entity page: a titled region, and a link to
 * the service in the social media catalogue when there is one.
 */
export function EntityCardFrame(props: {
  title: string;
  subheader?: string;
  children: ReactNode;
  link?: string;
}) {
  return (
    <Card
      component="section"
      aria-label={props.title}
      sx={{ height: '100%', display: 'flex', flexDirection: 'column' }}
    >
      <CardHeader
        title={props.title}
        subheader={props.subheader}
        titleTypographyProps={{ component: 'h2', variant: 'h5' }}
      />
      <Divider />
      <CardContent sx={{ flex: 1 }}>{props.children}</CardContent>
      {props.link && (
        <>
          <Divider />
          <CardActions sx={{ justifyContent: 'flex-end', px: 2 }}>
            <Link
              component={RouterLink}
              to={props.link}
              sx={{ display: 'inline-flex', alignItems: 'center', gap: 0.5 }}
            >
              Open in the social media catalogue
              <ArrowForwardIcon fontSize="small" aria-hidden />
            </Link>
          </CardActions>
        </>
      )}
    </Card>
  );
}
