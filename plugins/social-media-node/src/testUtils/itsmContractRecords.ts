import type { ItsmServiceMapping } from '../connectors';
import type { ItsmContractPageChange } from './itsmConnectorContract';

/**
 * The services a contract adapter maps, for an adapter's `mappedRecords`:
 * `brand-instagram` and `brand-instagram-emea` on one record (by the two references in `brand`,
 * usually written in two forms the connector accepts), and `support-x` on another.
 *
 * @public
 */
export function itsmContractMappings(references: {
  brand: [string, string];
  support: string;
}): ItsmServiceMapping[][] {
  const mapping = (serviceId: string, itsmReference: string) => ({
    serviceId,
    itsmReference,
    lifecycleStage: 'operation' as const,
  });
  return [
    [
      mapping('brand-instagram', references.brand[0]),
      mapping('brand-instagram-emea', references.brand[1]),
    ],
    [mapping('support-x', references.support)],
  ];
}

/**
 * The record of `records` that a mapping of {@link itsmContractMappings} is on (`support` for
 * `support-x`, `brand` for the others), or `unmapped` for an incident filed against a record no
 * service is mapped to.
 *
 * @public
 */
export function itsmContractRecordOf<T>(
  mapping: ItsmServiceMapping | undefined,
  records: { brand: T; support: T; unmapped: T },
): T {
  if (!mapping) return records.unmapped;
  return mapping.serviceId === 'support-x' ? records.support : records.brand;
}

/**
 * A page of a vendor-format test server as an adapter's `changeNextListAnswer` spoils it: its first record twice (`duplicate`) or its records in reverse (`reorder`). Any
 * other change, `replay` among them, leaves the page as it is: the server replays in its own way.
 *
 * @public
 */
export function changeItsmContractPage<T>(
  records: T[],
  change: ItsmContractPageChange | undefined,
): T[] {
  if (change === 'duplicate') return [records[0], ...records];
  if (change === 'reorder') return [...records].reverse();
  return records;
}
