import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableContainer from '@mui/material/TableContainer';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import type { ReactNode } from 'react';
import { formatDateTime } from '../../utils/format';
import { EntityRef } from './EntityRef';
import { NotSet, Section } from './Section';
import { wrapBetweenWords } from './tableText';

/** One step of a request's way, as the timeline shows it. */
export interface TimelineStep {
  at: string;
  /** Entity ref of who took the step. */
  actor: string;
  /** What they did, in words. */
  step: ReactNode;
  /** Where the request stood after it, in words. */
  status: ReactNode;
  comment?: string;
}

/** Every step of a request with who, when, what and what they said, oldest first. */
export function StepTimeline(props: { steps: TimelineStep[] }) {
  return (
    <Section title="Timeline">
      <TableContainer>
        <Table size="small" aria-label="Timeline" sx={wrapBetweenWords}>
          <TableHead>
            <TableRow>
              {['When', 'Who', 'Step', 'Status', 'Comment'].map(title => (
                <TableCell key={title} sx={{ fontWeight: 600 }}>
                  {title}
                </TableCell>
              ))}
            </TableRow>
          </TableHead>
          <TableBody>
            {props.steps.map((step, index) => (
              <TableRow key={index}>
                <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                  <time dateTime={step.at}>{formatDateTime(step.at)}</time>
                </TableCell>
                <TableCell sx={{ verticalAlign: 'top' }}>
                  <EntityRef entityRef={step.actor} kind="user" />
                </TableCell>
                <TableCell sx={{ verticalAlign: 'top' }}>{step.step}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                  {step.status}
                </TableCell>
                <TableCell sx={{ verticalAlign: 'top' }}>
                  {step.comment ?? <NotSet>—</NotSet>}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Section>
  );
}
