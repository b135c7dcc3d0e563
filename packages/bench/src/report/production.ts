// The production part's table and summary line.
import path from 'node:path';
import type { ProductionLoadRun, ProductionResult } from '../results';
import { PRODUCTION, reportDir, repoRoot } from '../settings';
import { count, ms, seconds } from './format';

const yes = (value: boolean | undefined) => (value ? 'yes' : 'NO');

function routeLines(run: ProductionLoadRun): string[] {
  const out = [
    `  ${'route'.padEnd(40)}${'answers'.padStart(9)}${'p50 ms'.padStart(
      9,
    )}${'p95 ms'.padStart(9)}${'p99 ms'.padStart(9)}  statuses`,
  ];
  for (const r of run.routes) {
    const statuses = Object.entries(r.statuses)
      .map(([status, n]) => `${status}: ${count(n)}`)
      .join(', ');
    out.push(
      `  ${r.route.padEnd(40)}${count(r.count).padStart(9)}${ms(r.p50).padStart(
        9,
      )}${ms(r.p95).padStart(9)}${ms(r.p99).padStart(9)}  ${statuses}`,
    );
  }
  out.push(
    `  ${count(run.requests)} answers in ${run.durationS} s (${
      run.requestsPerS
    }/s) from ${run.connections} clients: ${count(run.classes.ok)} ok, ${count(
      run.classes.conflict,
    )} 409 (expected), ${count(run.classes.unavailable)} clean 503, ${count(
      run.classes.error,
    )} errors; ${run.connectionErrors} connection errors, ${
      run.timeouts
    } timeouts`,
  );
  for (const u of run.unexpected.slice(0, 3)) {
    out.push(
      `    unexpected: ${u.route} ${u.status} at ${seconds(u.atMs)} (${
        u.why
      }): ${u.body.slice(0, 160)}`,
    );
  }
  return out;
}

function writeLine(
  w: NonNullable<ProductionResult['load']>['writes'],
  intact: boolean | undefined,
  entries: number | undefined,
): string {
  if (!w) return '  writes: not checked';
  return `  writes: ${count(
    w.acceptedServiceWrites,
  )} accepted service changes and ${count(w.acceptedRequests)} requests; lost ${
    w.lost
  }, doubled ${w.doubled}, in the trail without an accepted answer ${
    w.unanswered
  }; audit chain of ${count(entries)} entries verifies: ${yes(intact)}${
    w.problems.length ? ` (${w.problems.slice(0, 2).join('; ')})` : ''
  }`;
}

export function printProduction(p: ProductionResult): string {
  const out: string[] = [''];
  out.push(
    `Production build on PostgreSQL ${p.postgresVersion ?? ''}: ${count(
      p.services,
    )} services, writes on ${count(p.hotServices)} of them`.replace('  ', ' '),
  );
  if (p.error) out.push(`  FAILED: ${p.error}`);
  const s = p.steps;
  out.push(
    `  build ${s.buildS ?? '-'} s, production install ${
      s.installS ?? '-'
    } s, start until ready ${s.startS ?? '-'} s, organisation in the catalog ${
      s.orgWaitS ?? '-'
    } s, import ${s.seedS ?? '-'} s`,
  );
  if (p.load?.run) {
    out.push(
      `  load (R1): ${PRODUCTION.connections} clients for ${PRODUCTION.durationS} s`,
    );
    out.push(...routeLines(p.load.run));
    out.push(writeLine(p.load.writes, p.load.auditIntact, p.load.auditEntries));
  }
  const f = p.fault;
  if (f?.skipped) out.push(`  database faults (R3): SKIPPED: ${f.skipped}`);
  if (f?.run) {
    const during = f.duringOutage ?? {};
    out.push(
      `  database faults (R3): PostgreSQL stopped at ${seconds(
        f.stopAtMs,
      )} into ${PRODUCTION.faultDurationS} s of load, down until ${seconds(
        f.startedAtMs,
      )}: outage ${seconds(f.outageMs)}; answers meanwhile: ${count(
        during.ok ?? 0,
      )} ok, ${count(during.conflict ?? 0)} 409, ${count(
        during.unavailable ?? 0,
      )} clean 503, ${count(during.error ?? 0)} errors`,
    );
    out.push(
      `    503 message: ${
        f.run.unavailableMessages[0] ?? '-'
      }; first accepted read ${ms(f.firstReadAfterMs)} ms and write ${ms(
        f.firstWriteAfterMs,
      )} ms after PostgreSQL was back; same backend process: ${yes(
        f.sameBackendProcess,
      )}; PostgreSQL running at the end: ${yes(f.postgresRunningAtEnd)}`,
    );
    out.push(...routeLines(f.run));
    out.push(writeLine(f.writes, f.auditIntact, f.auditEntries));
  }
  const t = p.twoInstances;
  if (t?.rounds) {
    out.push(
      `  two instances (R4): second backend ready after ${t.startS ?? '-'} s; ${
        t.rounds.length
      } rounds of ${
        PRODUCTION.conflictEdits
      } concurrent edits of one service through both: ${t.rounds
        .map(
          r =>
            `${r.ok} ok/${r.conflicts} 409${
              r.other ? `/${r.other} other` : ''
            }`,
        )
        .join(', ')}; ${t.versionsAdded} versions and ${
        t.auditEntriesAdded
      } audit entries added; the stored text is the winner's: ${yes(
        t.storedWinner,
      )}`,
    );
  }
  if (t?.sweep) {
    const w = t.sweep;
    out.push(
      `    guardianship sweep every ${w.everyS} s: ${w.runs} runs in ${
        w.watchedS
      } s across both (at most ${
        w.expectedAtMost
      } expected; by instance ${w.byInstance.join('/')}), closest two ${
        w.minGapS ?? '-'
      } s apart`,
    );
  }
  if (p.failures.length) {
    out.push(`  FAILURES: ${p.failures.join(' | ')}`);
  }
  out.push(
    `  (took ${p.totalS} s; ${
      p.droppedDatabases ?? '-'
    } databases dropped; backend logs: ${path.relative(
      repoRoot,
      path.join(reportDir, 'backend-production-a.log'),
    )}, backend-production-b.log)`,
  );
  return out.join('\n');
}

export function productionSummary(p: ProductionResult): string[] {
  const load = p.load?.run;
  const worst = load?.routes.reduce<
    { route: string; p99: number | null } | undefined
  >((w, r) => (!w || (r.p99 ?? 0) > (w.p99 ?? 0) ? r : w), undefined);
  return [
    `Production build on PostgreSQL (${
      PRODUCTION.connections
    } clients, a restart of PostgreSQL, two instances): ${
      p.ok
        ? 'every check held'
        : `FAILED (${p.error ?? p.failures.join(' | ')})`
    }`,
    load
      ? `  load ${load.requestsPerS}/s, ${count(load.classes.conflict)} 409, ${
          load.classes.error
        } errors; slowest p99 ${ms(worst?.p99)} ms (${
          worst?.route
        }); outage ${seconds(p.fault?.outageMs)} with ${count(
          p.fault?.duringOutage?.unavailable ?? 0,
        )} clean 503s`
      : '  not measured',
  ];
}
