import { usePermission } from '@backstage/plugin-permission-react';
import {
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_TITLES,
  socialServiceTransitionPermission,
  toCsdmLifecycle,
  type SocialServiceDetails,
  type StageCompliance,
  type TransitionOption,
} from '@internal/plugin-social-media-common';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import Alert from '@mui/material/Alert';
import AlertTitle from '@mui/material/AlertTitle';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Stack from '@mui/material/Stack';
import Typography from '@mui/material/Typography';
import { useId, useState } from 'react';
import { formatDateTime } from '../../utils/format';
import { EntityRef } from '../shared/EntityRef';
import { Section } from '../shared/Section';
import { TransitionDialog } from './TransitionDialog';

/** Why a move is not possible yet, in words. */
export function blockedReason(option: TransitionOption): string[] {
  if (option.notReachable) {
    return [option.notReachable];
  }
  return option.missing;
}

/** The six stages in order, the current one highlighted. */
function StagePath(props: { service: SocialServiceDetails }) {
  const { service } = props;
  const visited = new Set([
    ...service.transitions.flatMap(t => [t.from, t.to]),
    service.lifecycleStage,
  ]);
  return (
    <Box
      component="ol"
      aria-label="Lifecycle stages"
      sx={{
        listStyle: 'none',
        m: 0,
        p: 0,
        display: 'grid',
        gridTemplateColumns: 'repeat(auto-fit, minmax(6rem, 1fr))',
        gap: 1,
      }}
    >
      {LIFECYCLE_STAGES.map(stage => {
        const current = stage === service.lifecycleStage;
        const csdm = toCsdmLifecycle(stage);
        return (
          <Box
            component="li"
            key={stage}
            aria-current={current ? 'step' : undefined}
            sx={{
              p: 1,
              borderRadius: 1,
              border: 2,
              borderColor: current ? 'primary.main' : 'divider',
              bgcolor: current ? 'action.selected' : undefined,
              opacity: current || visited.has(stage) ? 1 : 0.7,
            }}
          >
            <Typography
              variant="body2"
              fontWeight={current ? 700 : 500}
              component="span"
              display="block"
            >
              {LIFECYCLE_STAGE_TITLES[stage]}
              {current && (
                <Typography
                  component="span"
                  variant="caption"
                  color="primary"
                  display="block"
                >
                  Current stage
                </Typography>
              )}
            </Typography>
            <Typography
              variant="caption"
              color="text.secondary"
              component="span"
              display="block"
            >
              CSDM: {csdm.stage} / {csdm.status}
            </Typography>
          </Box>
        );
      })}
    </Box>
  );
}

/** A stage's name inside a sentence, e.g. "operation". */
function stageInWords(stage: StageCompliance['stage']): string {
  return LIFECYCLE_STAGE_TITLES[stage].toLocaleLowerCase('en-US');
}

/**
 * Whether the service meets what the stage it is in requires: a finding with
 * what it lacks when it does not (a service imported as found, or whose
 * controls weakened after it moved on).
 */
export function ComplianceFinding(props: { compliance?: StageCompliance }) {
  const { compliance } = props;
  const titleId = useId();
  if (!compliance) return null;
  const stage = stageInWords(compliance.stage);
  if (compliance.compliant) {
    return (
      <Box
        sx={{
          display: 'flex',
          alignItems: 'center',
          gap: 0.5,
          color: 'success.main',
        }}
      >
        <CheckCircleIcon fontSize="small" aria-hidden />
        <Typography variant="body2" color="text.primary">
          Meets every requirement of {stage}
        </Typography>
      </Box>
    );
  }
  return (
    <Alert severity="warning" role="region" aria-labelledby={titleId}>
      <AlertTitle id={titleId}>Out of compliance with {stage}</AlertTitle>
      <Typography variant="body2">
        The service is in {stage} without:
      </Typography>
      <Box
        component="ul"
        aria-label={`What ${stage} requires`}
        sx={{ m: 0, pl: 2.5 }}
      >
        {compliance.missing.map(item => (
          <Typography component="li" variant="body2" key={item}>
            {item}
          </Typography>
        ))}
      </Box>
    </Alert>
  );
}

/**
 * One move the service can make: a button for those who may move it, the
 * stage's name for everyone else; either way, what it still needs.
 */
function NextTransition(props: {
  option: TransitionOption;
  /** Undefined for someone who may not move the service. */
  onChoose?: () => void;
}) {
  const { option, onChoose } = props;
  const descriptionId = useId();
  const reasons = blockedReason(option);
  const title = LIFECYCLE_STAGE_TITLES[option.to];
  return (
    <Box component="li">
      {onChoose ? (
        <Button
          variant={option.allowed ? 'contained' : 'outlined'}
          color={option.to === 'retired' ? 'error' : 'primary'}
          disabled={!option.allowed}
          onClick={onChoose}
          aria-describedby={option.allowed ? undefined : descriptionId}
        >
          Move to {title}
        </Button>
      ) : (
        <Typography variant="body2" fontWeight={600}>
          {title}
          {option.allowed && (
            <Typography component="span" variant="body2" color="text.secondary">
              : ready to move
            </Typography>
          )}
        </Typography>
      )}
      {!option.allowed && (
        <Box id={descriptionId} sx={{ mt: 0.5 }}>
          <Typography variant="body2" color="text.secondary">
            {option.notReachable
              ? `Not possible: ${option.notReachable}.`
              : `${title} still needs:`}
          </Typography>
          {!option.notReachable && (
            <Box
              component="ul"
              aria-label={`What ${title} still needs`}
              sx={{ m: 0, pl: 3 }}
            >
              {reasons.map(reason => (
                <Typography component="li" variant="body2" key={reason}>
                  {reason}
                </Typography>
              ))}
            </Box>
          )}
        </Box>
      )}
    </Box>
  );
}

/**
 * Where the service stands in the ITIL lifecycle, whether it meets what its
 * stage requires, and the moves it can make next (with what each still
 * needs). How it got there is in {@link RecordedMovesSection}.
 */
export function LifecycleSection(props: {
  service: SocialServiceDetails;
  onMoved: (service: SocialServiceDetails) => void;
  onReload: () => void;
}) {
  const { service, onMoved, onReload } = props;
  const [chosen, setChosen] = useState<TransitionOption>();
  // Its owners and the administrators move it; everyone else reads where it could go.
  const { allowed: mayMove } = usePermission({
    permission: socialServiceTransitionPermission,
    resourceRef: service.id,
  });
  const csdm = toCsdmLifecycle(service.lifecycleStage);

  return (
    <Section title="Lifecycle">
      <Stack spacing={2}>
        <Box>
          <Typography variant="body1" sx={{ mb: 1 }}>
            In <strong>{LIFECYCLE_STAGE_TITLES[service.lifecycleStage]}</strong>
            {' · '}ServiceNow CSDM {csdm.stage} / {csdm.status}
          </Typography>
          <StagePath service={service} />
        </Box>

        <ComplianceFinding compliance={service.compliance} />

        <Box>
          <Typography variant="subtitle1" component="h4" fontWeight={600}>
            Next steps
          </Typography>
          {service.nextTransitions.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              {service.lifecycleStage === 'retired'
                ? 'The service is retired: the end of its lifecycle.'
                : 'No move is possible from this stage.'}
            </Typography>
          ) : (
            <Box
              component="ul"
              aria-label="Next transitions"
              sx={{
                listStyle: 'none',
                m: 0,
                mt: 1,
                p: 0,
                display: 'grid',
                gridTemplateColumns: 'repeat(auto-fill, minmax(13rem, 1fr))',
                gap: 2,
              }}
            >
              {service.nextTransitions.map(option => (
                <NextTransition
                  key={option.to}
                  option={option}
                  onChoose={mayMove ? () => setChosen(option) : undefined}
                />
              ))}
            </Box>
          )}
        </Box>
      </Stack>
      {chosen && (
        <TransitionDialog
          service={service}
          option={chosen}
          onClose={() => setChosen(undefined)}
          onMoved={moved => {
            setChosen(undefined);
            onMoved(moved);
          }}
          onReload={() => {
            setChosen(undefined);
            onReload();
          }}
        />
      )}
    </Section>
  );
}

/** Every move the service made through its lifecycle: who, when, why. */
export function RecordedMovesSection(props: { service: SocialServiceDetails }) {
  const { service } = props;
  const transitions = [...service.transitions].sort((a, b) =>
    a.at.localeCompare(b.at),
  );
  return (
    <Section title="Lifecycle moves">
      {transitions.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          No moves yet: the service has been in{' '}
          {LIFECYCLE_STAGE_TITLES[service.lifecycleStage]} since it was
          catalogued.
        </Typography>
      ) : (
        <Box component="ol" aria-label="Recorded moves" sx={{ m: 0, pl: 3 }}>
          {transitions.map(t => (
            <Box component="li" key={`${t.at}-${t.to}`} sx={{ mb: 1 }}>
              <Typography variant="body2" fontWeight={600}>
                {LIFECYCLE_STAGE_TITLES[t.from]} →{' '}
                {LIFECYCLE_STAGE_TITLES[t.to]}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                <time dateTime={t.at}>{formatDateTime(t.at)}</time> by{' '}
                <EntityRef entityRef={t.actor} kind="user" />
              </Typography>
              <Typography variant="body2">Reason: {t.reason}</Typography>
            </Box>
          ))}
        </Box>
      )}
    </Section>
  );
}
