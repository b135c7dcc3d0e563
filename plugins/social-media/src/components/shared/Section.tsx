import Box from '@mui/material/Box';
import Card from '@mui/material/Card';
import CardContent from '@mui/material/CardContent';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, type ReactNode } from 'react';

/**
 * A titled card that is also a landmark: a `region` named by its heading, so
 * that `getByRole('region', { name: 'Lifecycle' })` finds it.
 */
export function Section(props: {
  title: string;
  action?: ReactNode;
  children: ReactNode;
  headingLevel?: 'h2' | 'h3' | 'h4';
}) {
  const id = useId();
  return (
    <Card
      component="section"
      aria-labelledby={id}
      variant="outlined"
      sx={{ height: '100%' }}
    >
      <CardContent>
        <Stack
          direction="row"
          justifyContent="space-between"
          alignItems="center"
          spacing={2}
          sx={{ mb: 2 }}
        >
          <Typography
            variant="h6"
            component={props.headingLevel ?? 'h3'}
            id={id}
          >
            {props.title}
          </Typography>
          {props.action}
        </Stack>
        {props.children}
      </CardContent>
    </Card>
  );
}

/**
 * A list of facts: each value is labelled by its term, so that
 * `getByLabelText('Handle')` finds the handle.
 */
export function Facts(props: {
  items: Array<{ label: string; value: ReactNode; hidden?: boolean }>;
  /** Each label above its value, for a narrow column such as a side panel. */
  stacked?: boolean;
}) {
  const id = useId();
  return (
    <Box
      component="dl"
      sx={{
        m: 0,
        display: 'grid',
        gridTemplateColumns: props.stacked
          ? '1fr'
          : 'minmax(9rem, max-content) 1fr',
        columnGap: 2,
        rowGap: props.stacked ? 0.25 : 1,
        // A little more room before each label than after it, when stacked.
        ...(props.stacked ? { '& dt:not(:first-of-type)': { mt: 1.5 } } : {}),
      }}
    >
      {props.items
        .filter(item => !item.hidden)
        .map((item, index) => (
          <Fact
            key={item.label}
            id={`${id}-${index}`}
            label={item.label}
            value={item.value}
          />
        ))}
    </Box>
  );
}

function Fact(props: { id: string; label: string; value: ReactNode }) {
  return (
    <>
      <Typography
        component="dt"
        variant="body2"
        color="text.secondary"
        id={props.id}
      >
        {props.label}
      </Typography>
      <Typography
        component="dd"
        variant="body1"
        aria-labelledby={props.id}
        sx={{ m: 0, overflowWrap: 'anywhere' }}
      >
        {props.value}
      </Typography>
    </>
  );
}

/** Placeholder for a value that is not set. */
export function NotSet(props: { children?: ReactNode }) {
  return (
    <Typography component="span" color="text.secondary" variant="body2">
      {props.children ?? 'Not set'}
    </Typography>
  );
}
