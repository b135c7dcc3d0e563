import {
  isItsmSystemId,
  ItsmConnectorInfo,
  ItsmMapping,
  ValidationProblem,
} from '@internal/plugin-social-media-common';
import { ItsmConnector } from '@internal/plugin-social-media-node';

/**
 * What the catalogue needs of a connector to list it and to check mappings against it (and
 * whether it can export to its CMDB, which the list says).
 */
export type DescribedConnector = Pick<
  ItsmConnector,
  'id' | 'description' | 'cmdbExport'
>;

/** Text ending as a sentence does, so that another can follow it. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The whole reference must match the connector's pattern, not a part of it. */
function referencePattern(pattern: string): RegExp {
  return new RegExp(`^(?:${pattern})$`);
}

/**
 * Refuses, at start-up, a connector the catalogue could not offer: an id no service can be
 * mapped with, a description without the words people need, or a pattern that is no regular
 * expression. The message names the connector and what to fix.
 */
export function checkConnectorDescription(connector: DescribedConnector): void {
  const { id, description } = connector;
  const problem = (what: string) =>
    new Error(`The ITSM connector '${id}' cannot be installed: ${what}`);
  if (!isItsmSystemId(id)) {
    throw problem(
      'its id must be lowercase letters, digits and dashes, at most 64 characters',
    );
  }
  if (!description) throw problem('it has no description');
  const texts: Array<[string, unknown]> = [
    ['description.displayName', description.displayName],
    ['description.reference.label', description.reference?.label],
    ['description.reference.help', description.reference?.help],
    ['description.reference.example', description.reference?.example],
    ['description.incidentLinking', description.incidentLinking],
  ];
  const missing = texts
    .filter(([, text]) => typeof text !== 'string' || !text.trim())
    .map(([name]) => name);
  if (missing.length) throw problem(`${missing.join(', ')} must not be empty`);
  const { pattern, example } = description.reference;
  if (pattern !== undefined) {
    let compiled: RegExp;
    try {
      compiled = referencePattern(pattern);
    } catch (error) {
      throw problem(
        `description.reference.pattern is not a regular expression (${
          (error as Error).message
        })`,
      );
    }
    // People copy the example: a pattern refusing it would refuse them.
    if (!compiled.test(example)) {
      throw problem(
        `its example reference '${example}' does not match its own pattern`,
      );
    }
  }
}

/** The installed connectors as the API lists them, in the order of their ids. */
export function describeConnectors(
  connectors: DescribedConnector[],
): ItsmConnectorInfo[] {
  return [...connectors]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map(({ id, description, cmdbExport }) => ({
      id,
      displayName: description.displayName,
      reference: {
        label: description.reference.label,
        help: description.reference.help,
        example: description.reference.example,
        ...(description.reference.pattern !== undefined
          ? { pattern: description.reference.pattern }
          : {}),
      },
      incidentLinking: description.incidentLinking,
      cmdbExport: Boolean(cmdbExport),
    }));
}

/**
 * What is wrong with a service's ITSM mapping in this portal: a system no installed connector
 * has (naming the installed ones), or a reference the connector's pattern refuses. A mapping
 * equal to the one the service already has is not checked again, so that a service mapped to a
 * connector since uninstalled can still be edited.
 */
export function itsmMappingProblems(
  mapping: ItsmMapping | undefined,
  installed: DescribedConnector[],
  stored?: ItsmMapping,
): ValidationProblem[] {
  if (!mapping) return [];
  if (
    stored &&
    stored.system === mapping.system &&
    stored.reference === mapping.reference
  ) {
    return [];
  }
  const connector = installed.find(c => c.id === mapping.system);
  if (!connector) {
    const ids = installed.map(c => c.id).sort();
    return [
      {
        field: 'itsm.system',
        message: ids.length
          ? `ITSM system ${
              mapping.system
            } has no connector installed in this portal; the installed ones are ${ids.join(
              ', ',
            )}`
          : `ITSM system ${mapping.system} has no connector installed in this portal, and no ITSM connector is installed: leave the service unmapped`,
      },
    ];
  }
  const { displayName, reference } = connector.description;
  if (
    reference.pattern !== undefined &&
    !referencePattern(reference.pattern).test(mapping.reference)
  ) {
    return [
      {
        field: 'itsm.reference',
        message: `ITSM reference is not a valid ${displayName} reference (${
          reference.label
        }): ${sentence(reference.help)} For example: ${reference.example}`,
      },
    ];
  }
  return [];
}
