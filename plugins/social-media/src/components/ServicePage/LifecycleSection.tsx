import {
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_TITLES,
  toCsdmLifecycle,
  type SocialServiceDetails,
  type TransitionOption,
} from '@internal/plugin-social-media-common';
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
        gridTemplateColumns: 'repeat(auto-fit, minmax(8rem, 1fr))',
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

function NextTransition(props: {
  option: TransitionOption;
  onChoose: () => void;
  disabled?: boolean;
}) {
  const { option, onChoose, disabled } = props;
  const descriptionId = useId();
  const reasons = blockedReason(option);
  const title = LIFECYCLE_STAGE_TITLES[option.to];
  return (
    <Box component="li" sx={{ mb: 1.5 }}>
      <Button
        variant={option.allowed ? 'contained' : 'outlined'}
        color={option.to === 'retired' ? 'error' : 'primary'}
        disabled={!option.allowed || disabled}
        onClick={onChoose}
        aria-describedby={option.allowed ? undefined : descriptionId}
      >
        Move to {title}
      </Button>
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
 * Where the service stands in the ITIL lifecycle, how it got there, and the
 * moves it can make next (with what each still needs).
 */
export function LifecycleSection(props: {
  service: SocialServiceDetails;
  onMoved: (service: SocialServiceDetails) => void;
  onReload: () => void;
  readOnly?: boolean;
}) {
  const { service, onMoved, onReload, readOnly } = props;
  const [chosen, setChosen] = useState<TransitionOption>();
  const csdm = toCsdmLifecycle(service.lifecycleStage);
  const transitions = [...service.transitions].sort((a, b) =>
    a.at.localeCompare(b.at),
  );

  return (
    <Section title="Lifecycle">
      <Stack spacing={3}>
        <Box>
          <Typography variant="body1" sx={{ mb: 1 }}>
            In <strong>{LIFECYCLE_STAGE_TITLES[service.lifecycleStage]}</strong>
            {' · '}ServiceNow CSDM {csdm.stage} / {csdm.status}
          </Typography>
          <StagePath service={service} />
        </Box>

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
              sx={{ listStyle: 'none', m: 0, mt: 1, p: 0 }}
            >
              {service.nextTransitions.map(option => (
                <NextTransition
                  key={option.to}
                  option={option}
                  disabled={readOnly}
                  onChoose={() => setChosen(option)}
                />
              ))}
            </Box>
          )}
        </Box>

        <Box>
          <Typography variant="subtitle1" component="h4" fontWeight={600}>
            Recorded moves
          </Typography>
          {transitions.length === 0 ? (
            <Typography variant="body2" color="text.secondary">
              No moves yet: the service has been in{' '}
              {LIFECYCLE_STAGE_TITLES[service.lifecycleStage]} since it was
              catalogued.
            </Typography>
          ) : (
            <Box
              component="ol"
              aria-label="Recorded moves"
              sx={{ m: 0, mt: 1, pl: 3 }}
            >
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
