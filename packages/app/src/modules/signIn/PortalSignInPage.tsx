import {
  Content,
  ContentHeader,
  coreComponentsTranslationRef,
  Header,
  InfoCard,
  Page,
  ProxiedSignInPage,
} from '@backstage/core-components';
import {
  configApiRef,
  useApi,
  type SignInPageProps,
} from '@backstage/core-plugin-api';
import { useTranslationRef } from '@backstage/core-plugin-api/alpha';
import { ResponseError } from '@backstage/errors';
import Button from '@material-ui/core/Button';
import FormControlLabel from '@material-ui/core/FormControlLabel';
import Grid from '@material-ui/core/Grid';
import Radio from '@material-ui/core/Radio';
import RadioGroup from '@material-ui/core/RadioGroup';
import Typography from '@material-ui/core/Typography';
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import {
  DEMO_PEOPLE_PROVIDER,
  DEMO_PERSON_HEADER,
  type DemoPerson,
  demoPeopleFromConfig,
  describePerson,
  forgetChoice,
  forgettingOnSignOut,
  rememberChoice,
  rememberedChoice,
  type SignInChoice,
} from './demoPeople';

const itemStyle = {
  display: 'flex',
  flexDirection: 'column',
  maxWidth: 400,
} as const;

/** What went wrong, in the backend's words when it answered. */
function reasonOf(error: Error | undefined): string | undefined {
  if (!error) return undefined;
  if (ResponseError.is(error)) return error.cause.message || error.message;
  return error.message;
}

/** The choices: the guest, and in the local portal the demo organisation's people. */
function SignInChoices(props: {
  people: DemoPerson[];
  error?: Error;
  onChoose: (choice: SignInChoice) => void;
}) {
  const { people, error, onChoose } = props;
  const config = useApi(configApiRef);
  const { t } = useTranslationRef(coreComponentsTranslationRef);
  const [person, setPerson] = useState('');
  const descriptionId = useId();
  const reason = reasonOf(error);

  return (
    <Page themeId="home">
      <Header title={config.getString('app.title')} />
      <Content>
        <ContentHeader title="Select a sign-in method" />
        {reason && (
          <Typography role="alert" color="error" paragraph>
            Could not sign in: {reason}
          </Typography>
        )}
        <Grid
          container
          spacing={2}
          component="ul"
          style={{ listStyle: 'none', padding: 0 }}
        >
          <Grid item xs={12} sm={6} md={4} component="li" style={itemStyle}>
            <InfoCard
              title={t('signIn.guestProvider.title')}
              variant="fullHeight"
              actions={
                <Button
                  color="primary"
                  variant="outlined"
                  onClick={() => onChoose({ provider: 'guest' })}
                >
                  {t('signIn.guestProvider.enter')}
                </Button>
              }
            >
              <Typography variant="body1" style={{ whiteSpace: 'pre-line' }}>
                {t('signIn.guestProvider.subtitle')}
              </Typography>
            </InfoCard>
          </Grid>
          {people.length > 0 && (
            <Grid item xs={12} sm={6} md={4} component="li" style={itemStyle}>
              <InfoCard
                title="Sign in as a person of the demo organisation"
                variant="fullHeight"
                actions={
                  <Button
                    color="primary"
                    variant="outlined"
                    disabled={!person}
                    onClick={() =>
                      onChoose({ provider: DEMO_PEOPLE_PROVIDER, user: person })
                    }
                  >
                    Sign in
                  </Button>
                }
              >
                <Typography variant="body1" id={descriptionId}>
                  Try the portal as one of its people, with their team and what
                  they may do. For local use only.
                </Typography>
                <RadioGroup
                  aria-label="Person of the demo organisation"
                  aria-describedby={descriptionId}
                  name="demo-person"
                  value={person}
                  onChange={event => setPerson(event.target.value)}
                >
                  {people.map(p => (
                    <FormControlLabel
                      key={p.user}
                      value={p.user}
                      control={<Radio color="primary" />}
                      label={describePerson(p)}
                    />
                  ))}
                </RadioGroup>
              </InfoCard>
            </Grid>
          )}
        </Grid>
      </Content>
    </Page>
  );
}

/** After a failed sign-in: the choices again, with the reason, and nothing remembered. */
function FailedSignIn(props: {
  error?: Error;
  people: DemoPerson[];
  onChoose: (choice: SignInChoice) => void;
}) {
  useEffect(() => forgetChoice(), []);
  return <SignInChoices {...props} />;
}

/**
 * The portal's sign-in page: the guest, and in the local portal (`auth.environment: development`
 * with `auth.providers.demoPeople`) one of the demo organisation's people. Both sign in through
 * the auth backend's proxy providers (`guest`, `demoPeople`), and a reload signs in the same way
 * again until the person signs out.
 */
export function PortalSignInPage(props: SignInPageProps) {
  const { onSignInSuccess } = props;
  const config = useApi(configApiRef);
  const people = useMemo(() => demoPeopleFromConfig(config), [config]);
  const [attempt, setAttempt] = useState<
    { choice: SignInChoice; count: number } | undefined
  >(() => {
    const remembered = rememberedChoice();
    if (
      remembered?.provider === DEMO_PEOPLE_PROVIDER &&
      !people.some(p => p.user === remembered.user)
    ) {
      // no longer offered here (e.g. not the local configuration)
      forgetChoice();
      return undefined;
    }
    return remembered ? { choice: remembered, count: 0 } : undefined;
  });

  const choose = useCallback(
    (choice: SignInChoice) =>
      setAttempt(previous => ({ choice, count: (previous?.count ?? 0) + 1 })),
    [],
  );
  const ErrorComponent = useMemo(
    () =>
      ({ error }: { error?: Error }) =>
        <FailedSignIn error={error} people={people} onChoose={choose} />,
    [people, choose],
  );

  if (!attempt) {
    return <SignInChoices people={people} onChoose={choose} />;
  }
  const { choice } = attempt;
  return (
    <ProxiedSignInPage
      key={attempt.count}
      provider={choice.provider}
      headers={
        choice.provider === DEMO_PEOPLE_PROVIDER
          ? { [DEMO_PERSON_HEADER]: choice.user }
          : undefined
      }
      onSignInSuccess={identity => {
        rememberChoice(choice);
        onSignInSuccess(forgettingOnSignOut(identity));
      }}
      ErrorComponent={ErrorComponent}
    />
  );
}
