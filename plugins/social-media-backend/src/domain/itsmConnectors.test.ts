import {
  checkConnectorDescription,
  DescribedConnector,
  describeConnectors,
  itsmMappingProblems,
} from './itsmConnectors';

const freshservice: DescribedConnector = {
  id: 'freshservice',
  description: {
    displayName: 'Freshservice',
    reference: {
      label: 'Service id',
      help: 'The numeric id of the service in the Freshservice service catalogue',
      example: '42',
      pattern: '[0-9]+',
    },
    incidentLinking: "Set the ticket's affected service to the mapped one.",
  },
};

const servicenow: DescribedConnector = {
  id: 'servicenow',
  description: {
    displayName: 'ServiceNow',
    reference: {
      label: 'Business service or CI',
      help: 'By name or sys_id.',
      example: 'Corporate X account',
    },
    incidentLinking: "Set the incident's business service.",
  },
};

describe('itsmMappingProblems', () => {
  const installed = [servicenow, freshservice];

  it('accepts no mapping, and a mapping to an installed connector', () => {
    expect(itsmMappingProblems(undefined, installed)).toEqual([]);
    expect(
      itsmMappingProblems(
        { system: 'servicenow', reference: 'Any name' },
        installed,
      ),
    ).toEqual([]);
    expect(
      itsmMappingProblems(
        { system: 'freshservice', reference: '42' },
        installed,
      ),
    ).toEqual([]);
  });

  it('refuses a system no installed connector has, naming the installed ones', () => {
    expect(
      itsmMappingProblems({ system: 'remedy', reference: 'X' }, installed),
    ).toEqual([
      {
        field: 'itsm.system',
        message:
          'ITSM system remedy has no connector installed in this portal; the installed ones are freshservice, servicenow',
      },
    ]);
    expect(
      itsmMappingProblems({ system: 'servicenow', reference: 'X' }, []),
    ).toEqual([
      {
        field: 'itsm.system',
        message:
          'ITSM system servicenow has no connector installed in this portal, and no ITSM connector is installed: leave the service unmapped',
      },
    ]);
  });

  it("refuses a reference the connector's pattern does not match as a whole", () => {
    for (const reference of ['Corporate X', '42a', 'a42']) {
      expect(
        itsmMappingProblems({ system: 'freshservice', reference }, installed),
      ).toEqual([
        {
          field: 'itsm.reference',
          message:
            'ITSM reference is not a valid Freshservice reference (Service id): The numeric id of the service in the Freshservice service catalogue. For example: 42',
        },
      ]);
    }
  });

  it('lets a service keep the mapping it has, even when its connector is gone', () => {
    const stored = { system: 'pagerduty', reference: 'PABC123' };
    expect(itsmMappingProblems({ ...stored }, installed, stored)).toEqual([]);
    expect(
      itsmMappingProblems(
        { system: 'pagerduty', reference: 'PDEF456' },
        installed,
        stored,
      ),
    ).toHaveLength(1);
  });
});

describe('describeConnectors', () => {
  it('lists the connectors by id, as they describe themselves', () => {
    expect(describeConnectors([servicenow, freshservice])).toEqual([
      { id: 'freshservice', ...freshservice.description, cmdbExport: false },
      { id: 'servicenow', ...servicenow.description, cmdbExport: false },
    ]);
  });

  it('says which connectors can export to their CMDB', () => {
    const exporting: DescribedConnector = {
      ...servicenow,
      cmdbExport: {
        planExport: async () => ({
          creates: [],
          updates: [],
          conflicts: [],
          unchanged: [],
          unmatched: [],
        }),
        applyExport: async () => ({ created: [], updated: [] }),
      },
    };
    expect(
      describeConnectors([exporting, freshservice]).map(c => [
        c.id,
        c.cmdbExport,
      ]),
    ).toEqual([
      ['freshservice', false],
      ['servicenow', true],
    ]);
  });
});

describe('checkConnectorDescription', () => {
  it('accepts a complete description', () => {
    expect(() => checkConnectorDescription(freshservice)).not.toThrow();
    expect(() => checkConnectorDescription(servicenow)).not.toThrow();
  });

  it.each<[string, DescribedConnector, string]>([
    [
      'an id no service could be mapped with',
      { ...servicenow, id: 'Service Now' },
      "The ITSM connector 'Service Now' cannot be installed: its id must be lowercase letters, digits and dashes, at most 64 characters",
    ],
    [
      'no description',
      { id: 'bare' } as DescribedConnector,
      "The ITSM connector 'bare' cannot be installed: it has no description",
    ],
    [
      'empty words',
      {
        id: 'blank',
        description: {
          ...servicenow.description,
          displayName: ' ',
          incidentLinking: '',
        },
      },
      "The ITSM connector 'blank' cannot be installed: description.displayName, description.incidentLinking must not be empty",
    ],
    [
      'a pattern that is no regular expression',
      {
        id: 'broken',
        description: {
          ...freshservice.description,
          reference: { ...freshservice.description.reference, pattern: '[0-9' },
        },
      },
      "The ITSM connector 'broken' cannot be installed: description.reference.pattern is not a regular expression",
    ],
    [
      'an example its own pattern refuses',
      {
        id: 'strict',
        description: {
          ...freshservice.description,
          reference: {
            ...freshservice.description.reference,
            example: 'SRV-42',
          },
        },
      },
      "The ITSM connector 'strict' cannot be installed: its example reference 'SRV-42' does not match its own pattern",
    ],
  ])('refuses %s', (_what, connector, message) => {
    expect(() => checkConnectorDescription(connector)).toThrow(message);
  });
});
