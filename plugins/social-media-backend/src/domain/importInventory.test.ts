import { HANDLE_RULES } from '@internal/plugin-social-media-common';
import {
  CSV_COLUMNS,
  MAX_IMPORT_ROWS,
  parseInventory,
} from './importInventory';

const REQUIRED = 'name,platform,handle,purpose,businessUnit,ownerGroup';

/** A CSV file from a header and rows of cells. */
function csv(header: string, ...rows: string[]) {
  return [header, ...rows].join('\n');
}

/** A CSV file with the required columns and one more column `column`. */
function csvWith(column: string, value: string) {
  return csv(
    `${REQUIRED},${column}`,
    `Corporate X account,x,@larkmoor,News,Comms,communications,${value}`,
  );
}

describe('parseInventory, CSV', () => {
  it('reads the guardianship control columns', () => {
    const { rows, problems } = parseInventory(
      'csv',
      csv(
        `${REQUIRED},mfaEnabled,mfaMethod,ssoEnabled,sharedLogin,verified,recoveryOwnedByCompany,regulatedContent,brandLevel`,
        'Corporate X account,x,@larkmoor,News,Comms,communications,yes,security-key,yes,no,yes,yes,no,yes',
      ),
    );
    expect(problems).toEqual([]);
    expect(rows[0].input.controls).toMatchObject({
      mfaEnabled: true,
      mfaMethod: 'security-key',
      ssoEnabled: true,
      sharedLogin: false,
      verified: true,
      recoveryOwnedByCompany: true,
      regulatedContent: false,
      brandLevel: true,
    });
  });

  it('reports a control cell that does not fit by row and field', () => {
    expect(
      parseInventory('csv', csvWith('sharedLogin', 'sometimes')).problems,
    ).toEqual([
      {
        row: 2,
        field: 'controls.sharedLogin',
        message: 'Shared login must be true or false',
      },
    ]);
  });

  it('reads good rows with typed values, numbered from row 2', () => {
    const content = csv(
      'id,name,platform,handle,profileUrl,purpose,businessUnit,ownerGroup,serviceOwner,audienceSize,tags,lifecycleStage,mfaEnabled,credentialVaultRef,accessRevoked,accountStatus,itsmSystem,itsmReference',
      ',Corporate X account,x,larkmoor,https://x.com/larkmoor,"News, press and crisis",Corporate Communications,communications,communications-lead,12 000,corporate; press,operation,yes,vault://social/corp-x,no,,servicenow,Corporate X',
      'careers-li,Careers LinkedIn,linkedin,example-careers,,Employer brand,Human Resources,group:hr,,12000,,design,TRUE,,false,,,',
      ',Old blog,blog,blog.example.com,https://blog.example.com,Stories,Comms,communications,,0,legacy,retired,1,,1,archived,,',
    );
    const { rows, total, problems } = parseInventory('csv', content);
    expect(problems).toEqual([]);
    expect(total).toBe(3);
    expect(rows.map(r => r.row)).toEqual([2, 3, 4]);
    expect(rows[0].input).toEqual({
      id: 'corporate-x-account',
      name: 'Corporate X account',
      platform: 'x',
      handle: '@larkmoor',
      profileUrl: 'https://x.com/larkmoor',
      purpose: 'News, press and crisis',
      businessUnit: 'Corporate Communications',
      ownerGroup: 'group:default/communications',
      serviceOwner: 'user:default/communications-lead',
      audienceSize: 12000,
      tags: ['corporate', 'press'],
      lifecycleStage: 'operation',
      controls: {
        mfaEnabled: true,
        ssoEnabled: false,
        credentialVaultRef: 'vault://social/corp-x',
        sharedLogin: false,
        thirdPartyApps: [],
        verified: false,
        recoveryOwnedByCompany: false,
        regulatedContent: false,
        brandLevel: false,
        accessRevoked: false,
        accountStatus: 'active',
      },
      itsm: { system: 'servicenow', reference: 'Corporate X' },
    });
    expect(rows[1].input).toEqual({
      id: 'careers-li',
      name: 'Careers LinkedIn',
      platform: 'linkedin',
      handle: 'example-careers',
      purpose: 'Employer brand',
      businessUnit: 'Human Resources',
      ownerGroup: 'group:default/hr',
      audienceSize: 12000,
      tags: [],
      lifecycleStage: 'design',
      controls: expect.objectContaining({
        mfaEnabled: true,
        sharedLogin: false,
        accessRevoked: false,
        accountStatus: 'active',
      }),
    });
    expect(rows[2].input).toEqual(
      expect.objectContaining({
        id: 'old-blog',
        tags: ['legacy'],
        lifecycleStage: 'retired',
        controls: expect.objectContaining({
          mfaEnabled: true,
          accessRevoked: true,
          accountStatus: 'archived',
        }),
      }),
    );
  });

  it.each<[string, boolean]>([
    ['yes', true],
    ['Y', true],
    ['true', true],
    ['TRUE', true],
    ['1', true],
    ['no', false],
    ['N', false],
    ['false', false],
    ['0', false],
  ])('reads mfaEnabled %j as %p', (cell, expected) => {
    const { rows, problems } = parseInventory(
      'csv',
      csvWith('mfaEnabled', cell),
    );
    expect(problems).toEqual([]);
    expect(rows[0].input.controls.mfaEnabled).toBe(expected);
  });

  it.each<[string, number]>([
    ['12000', 12000],
    ['12 000', 12000],
    ['12_000', 12000],
    ['', 0],
  ])('reads audienceSize %j as %p', (cell, expected) => {
    const { rows, problems } = parseInventory(
      'csv',
      csvWith('audienceSize', cell),
    );
    expect(problems).toEqual([]);
    expect(rows[0].input.audienceSize).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['mfaEnabled', 'maybe', 'controls.mfaEnabled'],
    ['accessRevoked', 'sometimes', 'controls.accessRevoked'],
    ['audienceSize', 'lots', 'audienceSize'],
    ['audienceSize', '1.5', 'audienceSize'],
    ['accountStatus', 'suspended', 'controls.accountStatus'],
    ['lifecycleStage', 'production', 'lifecycleStage'],
    ['tags', 'Brand;ok', 'tags.0'],
    [
      'credentialVaultRef',
      'hunter2 is the password',
      'controls.credentialVaultRef',
    ],
  ])('reports column %s = %j at field %s of row 2', (column, cell, field) => {
    const { rows, problems } = parseInventory('csv', csvWith(column, cell));
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ row: 2, field, message: expect.any(String) }]);
  });

  it('splits tags on semicolons and trims them', () => {
    const { rows } = parseInventory('csv', csvWith('tags', ' brand ;; esg ;'));
    expect(rows[0].input.tags).toEqual(['brand', 'esg']);
  });

  it.each<[string, string, string, string]>([
    [
      'itsmSystem',
      'servicenow',
      'itsm.reference',
      'ITSM reference is required when an ITSM system is chosen',
    ],
    [
      'itsmReference',
      'Corporate X',
      'itsm.system',
      'ITSM system must be the id of an installed ITSM connector, such as servicenow: lowercase letters, digits and dashes, at most 64 characters',
    ],
  ])('reports an ITSM mapping with only %s', (column, cell, field, message) => {
    expect(parseInventory('csv', csvWith(column, cell)).problems).toEqual([
      { row: 2, field, message },
    ]);
  });

  it('reports problems with the row number and field, and keeps the good rows', () => {
    const { rows, total, problems } = parseInventory(
      'csv',
      csv(
        REQUIRED,
        'Corporate X account,x,@larkmoor,News,Comms,communications',
        'Launch account,x,bad-handle!,Launch,Marketing,marketing',
        'Careers page,linkedin,example-careers,Jobs,HR,user:default/service-owner',
        ',linkedin,example-other,,HR,hr',
      ),
    );
    expect(total).toBe(4);
    expect(rows.map(r => r.row)).toEqual([2]);
    expect(problems).toEqual([
      { row: 3, field: 'handle', message: HANDLE_RULES.x.message },
      {
        row: 4,
        field: 'ownerGroup',
        message:
          'Owner group must be a catalog Group such as group:default/marketing',
      },
      { row: 5, field: 'name', message: 'Name is required' },
      { row: 5, field: 'purpose', message: 'Purpose is required' },
    ]);
  });

  it('imports Threads and Bluesky rows, stores their handles one way, and names the field of a bad one', () => {
    const { rows, total, problems } = parseInventory(
      'csv',
      csv(
        `${REQUIRED},profileUrl`,
        'Brand Threads,threads,larkmoor,Brand,Marketing,marketing,https://www.threads.com/@larkmoor',
        'Careers Threads,threads,@larkmoor.careers,Jobs,HR,hr,https://www.threads.net/@larkmoor.careers',
        'Brand Bluesky,bluesky,@Larkmoor.bsky.social,Brand,Marketing,marketing,https://bsky.app/profile/larkmoor.bsky.social',
        'Newsroom Bluesky,bluesky,News.Larkmoor.com,News,Comms,communications,',
        'Launch Threads,threads,larkmoor-launch,Launch,Marketing,marketing,',
        'Launch Bluesky,bluesky,larkmoor,Launch,Marketing,marketing,',
        'Events Bluesky,bluesky,events.larkmoor.com,Events,Marketing,marketing,https://www.threads.com/@larkmoor',
        'Events Threads,threads,@larkmoor.events,Events,Marketing,marketing,https://bsky.app/profile/events.larkmoor.com',
      ),
    );
    expect(total).toBe(8);
    expect(
      rows.map(r => [r.row, r.input.platform, r.input.handle, r.input.id]),
    ).toEqual([
      [2, 'threads', '@larkmoor', 'brand-threads'],
      [3, 'threads', '@larkmoor.careers', 'careers-threads'],
      [4, 'bluesky', 'larkmoor.bsky.social', 'brand-bluesky'],
      [5, 'bluesky', 'news.larkmoor.com', 'newsroom-bluesky'],
    ]);
    expect(problems).toEqual([
      { row: 6, field: 'handle', message: HANDLE_RULES.threads.message },
      { row: 7, field: 'handle', message: HANDLE_RULES.bluesky.message },
      {
        row: 8,
        field: 'profileUrl',
        message: 'Profile URL for bluesky must be on bsky.app',
      },
      {
        row: 9,
        field: 'profileUrl',
        message:
          'Profile URL for threads must be on threads.com or threads.net',
      },
    ]);
  });

  it('finds a Bluesky handle typed twice, with @ and capitals, as one account', () => {
    const { rows, problems } = parseInventory(
      'csv',
      csv(
        REQUIRED,
        'Brand Bluesky,bluesky,larkmoor.bsky.social,Brand,Marketing,marketing',
        'Brand Bluesky again,bluesky,@Larkmoor.BSKY.social,Brand,Marketing,marketing',
      ),
    );
    expect(rows.map(r => r.row)).toEqual([2]);
    expect(problems).toEqual([
      {
        row: 3,
        field: 'handle',
        message: 'bluesky handle larkmoor.bsky.social is already used by row 2',
      },
    ]);
  });

  it('reports a name an id cannot be derived from', () => {
    expect(
      parseInventory(
        'csv',
        csv(REQUIRED, '!!!,x,@larkmoor,News,Comms,communications'),
      ).problems,
    ).toEqual([
      {
        row: 2,
        field: 'name',
        message: 'Name must contain letters or digits to derive an id from',
      },
    ]);
  });

  it.each<[string, string, string]>([
    ['followers', '12000', 'Unknown column followers'],
    ['followers,colour', '12000,blue', 'Unknown columns followers, colour'],
  ])(
    'reports unknown columns %s on row 1 and lists the valid ones',
    (extra, cells, start) => {
      const { rows, problems } = parseInventory(
        'csv',
        csv(
          `${REQUIRED},${extra}`,
          `Corporate X account,x,@larkmoor,News,Comms,communications,${cells}`,
        ),
      );
      expect(rows).toEqual([]);
      expect(problems).toEqual([
        {
          row: 1,
          field: extra.replace(',', ', '),
          message: `${start}; the columns are ${CSV_COLUMNS.join(', ')}`,
        },
      ]);
      expect(problems[0].message).toContain('businessUnit, ownerGroup');
    },
  );

  it('accepts column names with spaces around them', () => {
    const { rows, problems } = parseInventory(
      'csv',
      csv(
        ' name , platform ,handle,purpose,businessUnit,ownerGroup',
        'Corporate X account,x,@larkmoor,News,Comms,communications',
      ),
    );
    expect(problems).toEqual([]);
    expect(rows).toHaveLength(1);
  });

  it.each([
    [
      'an unclosed quote',
      csv(REQUIRED, '"Corporate X account,x,@a,News,Comms,c'),
    ],
    ['a row with too many cells', csv(REQUIRED, 'A,x,@a,News,Comms,c,extra')],
  ])('reports a file with %s as unreadable', (_, content) => {
    const { rows, problems } = parseInventory('csv', content);
    expect(rows).toEqual([]);
    expect(problems).toEqual([
      {
        row: 0,
        field: '',
        message: expect.stringMatching(/^The CSV file cannot be read: .+/),
      },
    ]);
  });

  it('reports duplicates within the file by id and by platform and handle', () => {
    const { rows, problems } = parseInventory(
      'csv',
      csv(
        REQUIRED,
        'Corporate X,x,@acme,News,Comms,communications',
        'Corporate X,x,@acme_news,News,Comms,communications',
        'Another X account,x,ACME,News,Comms,communications',
        'Brand Instagram,instagram,acme,Brand,Marketing,marketing',
      ),
    );
    expect(problems).toEqual([
      {
        row: 3,
        field: 'id',
        message: 'Id corporate-x is already used by row 2',
      },
      {
        row: 4,
        field: 'handle',
        message: 'x handle @ACME is already used by row 2',
      },
    ]);
    expect(rows.map(r => [r.row, r.input.id])).toEqual([
      [2, 'corporate-x'],
      [5, 'brand-instagram'],
    ]);
  });

  it('tolerates a byte order mark and Windows line endings', () => {
    const content = `\uFEFF${REQUIRED}\r\nCorporate X account,x,@larkmoor,News,Comms,communications\r\n`;
    const { rows, problems } = parseInventory('csv', content);
    expect(problems).toEqual([]);
    expect(rows.map(r => r.input.name)).toEqual(['Corporate X account']);
  });

  it('skips empty lines', () => {
    const { rows, total, problems } = parseInventory(
      'csv',
      csv(
        REQUIRED,
        'Corporate X account,x,@larkmoor,News,Comms,communications',
        '',
        'Brand Instagram,instagram,larkmoor,Brand,Marketing,marketing',
        '',
      ),
    );
    expect(problems).toEqual([]);
    expect(total).toBe(2);
    expect(rows.map(r => r.input.id)).toEqual([
      'corporate-x-account',
      'brand-instagram',
    ]);
  });

  it('reads an empty file as no rows', () => {
    expect(parseInventory('csv', '')).toEqual({
      rows: [],
      total: 0,
      problems: [],
    });
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} rows and asks to split the file`, () => {
    const count = MAX_IMPORT_ROWS + 1;
    const content = `name\n${'Account\n'.repeat(count)}`;
    expect(parseInventory('csv', content)).toEqual({
      rows: [],
      total: count,
      problems: [
        {
          row: 0,
          field: '',
          message: `An import takes at most ${MAX_IMPORT_ROWS} rows; this file has ${count}. Split it.`,
        },
      ],
    });
  });
});

describe('parseInventory, YAML', () => {
  const services = `
- name: Corporate X account
  platform: x
  handle: larkmoor
  purpose: News
  businessUnit: Comms
  ownerGroup: communications
  audienceSize: 12000
  tags: [corporate]
  controls:
    mfaEnabled: true
- name: Launch account
  platform: x
  handle: bad-handle!
  purpose: Launch
  businessUnit: Marketing
  ownerGroup: marketing
- name: Careers page
  platform: linkedin
  handle: example-careers
  purpose: Jobs
  businessUnit: HR
  ownerGroup: hr
  followers: 12
`;

  function indent(text: string) {
    return text.replace(/^(?=.)/gm, '  ');
  }

  it('reads third-party apps with their scopes from YAML', () => {
    const { rows, problems } = parseInventory(
      'yaml',
      `- name: Brand Instagram
  platform: instagram
  handle: examplebrand
  purpose: Brand stories
  businessUnit: Marketing
  ownerGroup: marketing
  controls:
    mfaEnabled: true
    thirdPartyApps:
      - name: Publishing suite
        scopes: [publish, read_insights]
        lastReviewedAt: 2026-10-01
`,
    );
    expect(problems).toEqual([]);
    expect(rows[0].input.controls.thirdPartyApps).toEqual([
      {
        name: 'Publishing suite',
        scopes: ['publish', 'read_insights'],
        lastReviewedAt: '2026-10-01T00:00:00.000Z',
      },
    ]);
  });

  it.each([
    ['a list', services],
    ['a top-level services list', `services:\n${indent(services)}`],
  ])('reads %s, numbering rows from 1', (_, content) => {
    const { rows, total, problems } = parseInventory('yaml', content);
    expect(total).toBe(3);
    expect(rows.map(r => r.row)).toEqual([1]);
    expect(rows[0].input).toEqual(
      expect.objectContaining({
        id: 'corporate-x-account',
        handle: '@larkmoor',
        ownerGroup: 'group:default/communications',
        audienceSize: 12000,
        tags: ['corporate'],
        controls: expect.objectContaining({
          mfaEnabled: true,
        }),
      }),
    );
    expect(problems).toEqual([
      { row: 2, field: 'handle', message: HANDLE_RULES.x.message },
      { row: 3, field: '', message: 'Unknown field: followers' },
    ]);
  });

  it.each([
    ['a mapping without services', 'name: Corporate X account\nplatform: x\n'],
    ['a services entry that is not a list', 'services: none\n'],
    ['a scalar', 'just some text\n'],
    ['an empty file', ''],
  ])('reports %s as not a list of services', (_, content) => {
    expect(parseInventory('yaml', content)).toEqual({
      rows: [],
      total: 0,
      problems: [
        {
          row: 0,
          field: '',
          message:
            'The YAML file must be a list of services, or have a top-level "services" list',
        },
      ],
    });
  });

  it('reports YAML that cannot be parsed', () => {
    expect(
      parseInventory('yaml', 'services: [\n  - name: x\n').problems,
    ).toEqual([
      {
        row: 0,
        field: '',
        message: expect.stringMatching(/^The YAML file cannot be read: .+/),
      },
    ]);
  });

  it('finds duplicates in YAML too', () => {
    const { problems } = parseInventory(
      'yaml',
      `
- { name: Corporate X, platform: x, handle: acme, purpose: News, businessUnit: Comms, ownerGroup: communications }
- { id: corporate-x, name: Other, platform: x, handle: other, purpose: News, businessUnit: Comms, ownerGroup: communications }
`,
    );
    expect(problems).toEqual([
      {
        row: 2,
        field: 'id',
        message: 'Id corporate-x is already used by row 1',
      },
    ]);
  });
});

describe('parseInventory, CSV header only', () => {
  it('reports unknown columns even when the file has no rows yet', () => {
    const result = parseInventory('csv', 'name,platform,favourite_colour\n');
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      expect.objectContaining({ row: 1, field: 'favourite_colour' }),
    ]);
  });
});

describe('parseInventory, CSV formulas', () => {
  it.each<[string, string, string]>([
    ['name', `"=cmd|' /C calc'!A0"`, 'name'],
    ['purpose', '"=HYPERLINK(""http://example.invalid"",""x"")"', 'purpose'],
    ['businessUnit', `"\t=1+1"`, 'businessUnit'],
    ['purpose', `"+cmd|' /C calc'!A0"`, 'purpose'],
    ['purpose', `"-2+3+cmd|' /C calc'!A0"`, 'purpose'],
    ['businessUnit', '@SUM(1+1)', 'businessUnit'],
    ['credentialVaultRef', '=1', 'controls.credentialVaultRef'],
    ['itsmReference', '=A1', 'itsm.reference'],
  ])(
    'refuses column %s = %s as a formula, naming row and field',
    (column, cell, field) => {
      const content = csv(
        `${REQUIRED},${column === 'name' ? 'id' : column}`,
        column === 'name'
          ? `${cell},x,@larkmoor,News,Comms,communications,corporate-x`
          : `Corporate X account,x,@larkmoor,News,Comms,communications,${cell}`,
      );
      const { rows, problems } = parseInventory('csv', content);
      expect(rows).toEqual([]);
      expect(problems).toEqual([
        {
          row: 2,
          field,
          message: expect.stringMatching(/spreadsheet formula/),
        },
      ]);
    },
  );

  it('takes handles and text that only start like a formula', () => {
    const { rows, problems } = parseInventory(
      'csv',
      csv(
        `${REQUIRED},audienceSize`,
        'Corporate X account,x,@larkmoor,- press releases,Comms,communications,+1200',
      ),
    );
    expect(problems).toEqual([]);
    expect(rows[0].input).toMatchObject({
      handle: '@larkmoor',
      purpose: '- press releases',
      audienceSize: 1200,
    });
  });
});
