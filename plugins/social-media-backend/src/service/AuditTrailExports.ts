import { AuditLogFilter } from '@internal/plugin-social-media-common';
import { stringify } from 'csv-stringify/sync';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { ServiceWritePath } from '../changes/ServiceWritePath';
import {
  AUDIT_EXPORT_COLUMNS,
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_VERSION,
  AuditExportHeader,
  exportNote,
  spreadsheetSafeJson,
  toCsvRecord,
} from '../domain/auditExportFormat';
import { describeFilter, isFiltered } from '../domain/auditLogQuery';
import { Clock } from '../domain/clock';
import { DatabaseAuditLog } from '../stores/audit/DatabaseAuditLog';

export type AuditExportFormat = 'csv' | 'json';

/** Writes `text`, waiting while the client's buffer is full; false once the client is gone. */
async function send(out: Writable, text: string): Promise<boolean> {
  if (out.destroyed) return false;
  if (out.write(text)) return true;
  return new Promise(resolve => {
    function done(open: boolean) {
      out.off('drain', onDrain);
      out.off('close', onClose);
      resolve(open);
    }
    function onDrain() {
      done(true);
    }
    function onClose() {
      done(false);
    }
    out.on('drain', onDrain);
    out.on('close', onClose);
  });
}

/**
 * Exports of the audit trail, or of the part a filter selects, as CSV or JSON. Every export is
 * first recorded in the trail itself (who took which part, when); then the entries stream to
 * the client in chain order, a chunk at a time, so memory stays bounded however long the trail.
 */
export class AuditTrailExports {
  constructor(
    private readonly options: {
      auditLog: DatabaseAuditLog;
      writes: ServiceWritePath;
      clock: Clock;
    },
  ) {}

  /** Records the export in the trail and describes it; the caller then {@link write}s it. */
  async begin(
    filter: AuditLogFilter,
    format: AuditExportFormat,
    actor: string,
  ): Promise<{ header: AuditExportHeader; fileName: string }> {
    const filterText = describeFilter(filter);
    const exportId = randomUUID();
    await this.options.writes.run(actor, async unit => {
      unit.recordAuditExport(exportId, {
        action: 'export',
        after: { format, filter: filterText },
      });
    });
    // Read after the export's own entry, so that a whole-trail export includes it.
    const head = await this.options.auditLog.head();
    const filtered = isFiltered(filter);
    const exportedAt = this.options.clock.now().toISOString();
    const header: AuditExportHeader = {
      format: AUDIT_EXPORT_FORMAT,
      version: AUDIT_EXPORT_VERSION,
      exportedAt,
      exportedBy: actor,
      filter: filterText,
      filtered,
      head,
      note: exportNote(filtered),
    };
    const stamp = exportedAt.replace(/[:.]/g, '-');
    const fileName = `social-media-audit-${
      filtered ? 'filtered-' : ''
    }${stamp}.${format}`;
    return { header, fileName };
  }

  /** Streams the export to `out`, respecting its backpressure; stops when the client leaves. */
  async write(
    out: Writable,
    filter: AuditLogFilter,
    format: AuditExportFormat,
    header: AuditExportHeader,
  ): Promise<void> {
    let count = 0;
    const csv = format === 'csv';
    const opening = csv
      ? `# ${spreadsheetSafeJson(header)}\n${AUDIT_EXPORT_COLUMNS.join(',')}\n`
      : `{"export":${JSON.stringify(header)},\n"entries":[\n`;
    if (!(await send(out, opening))) return;
    for await (const chunk of this.options.auditLog.stream(
      filter,
      header.head.seq,
    )) {
      // JSON entries are separated by a comma at the end of the line before.
      const lead = count > 0 ? ',\n' : '';
      const text = csv
        ? stringify(chunk.map(toCsvRecord))
        : lead + chunk.map(entry => JSON.stringify(entry)).join(',\n');
      count += chunk.length;
      if (!(await send(out, text))) return;
    }
    const end = JSON.stringify({ entries: count });
    await send(
      out,
      csv ? `# end ${end}\n` : `${count > 0 ? '\n' : ''}],\n"end":${end}}\n`,
    );
    out.end();
  }
}
