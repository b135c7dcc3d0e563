import { z } from 'zod';
import { SocialPlatform } from './types';
import {
  accessReviewInputSchema,
  adminsInputSchema,
  checkProfileUrl,
  describeValidationProblems,
  HANDLE_RULES,
  normalizeEntityRef,
  normalizeHandle,
  slugify,
  socialServiceInputSchema,
  socialServiceUpdateSchema,
  toValidationProblems,
  transitionInputSchema,
  ValidationProblem,
} from './validation';

const minimalInput = {
  name: 'Corporate X account',
  platform: 'x',
  handle: '@acme',
  purpose: 'Corporate news and press statements',
  businessUnit: 'Corporate Communications',
  ownerGroup: 'group:default/communications',
};

/** The problems a schema reports for an input, or [] when it parses. */
function problemsOf(schema: z.ZodType, input: unknown): ValidationProblem[] {
  const result = schema.safeParse(input);
  return result.success ? [] : toValidationProblems(result.error);
}

function parseService(overrides: Record<string, unknown>) {
  return socialServiceInputSchema.parse({ ...minimalInput, ...overrides });
}

function serviceProblems(overrides: Record<string, unknown>) {
  return problemsOf(socialServiceInputSchema, {
    ...minimalInput,
    ...overrides,
  });
}

describe('socialServiceInputSchema', () => {
  it('accepts a minimal input and fills in the defaults', () => {
    expect(socialServiceInputSchema.parse(minimalInput)).toEqual({
      ...minimalInput,
      lifecycleStage: 'strategy',
      audienceSize: 0,
      tags: [],
      controls: {
        mfaEnabled: false,
        ssoEnabled: false,
        sharedLogin: false,
        thirdPartyApps: [],
        verified: false,
        recoveryOwnedByCompany: false,
        regulatedContent: false,
        brandLevel: false,
        accessRevoked: false,
        accountStatus: 'active',
      },
    });
  });

  it('trims text fields and drops an empty profile URL', () => {
    const parsed = parseService({
      name: '  Corporate X account  ',
      businessUnit: ' Corporate Communications ',
      profileUrl: '',
    });
    expect(parsed.name).toBe('Corporate X account');
    expect(parsed.businessUnit).toBe('Corporate Communications');
    expect(parsed).not.toHaveProperty('profileUrl', '');
    expect(parsed.profileUrl).toBeUndefined();
  });

  describe('required fields', () => {
    it.each([
      ['name', 'Name is required'],
      [
        'platform',
        `Platform must be one of x, facebook, instagram, linkedin, youtube, tiktok, mastodon, threads, bluesky, blog, other`,
      ],
      ['handle', 'Handle is required'],
      ['purpose', 'Purpose is required'],
      ['businessUnit', 'Business unit is required'],
      ['ownerGroup', 'Owner group is required'],
    ])('reports a missing %s as "%s"', (field, message) => {
      const input: Record<string, unknown> = { ...minimalInput };
      delete input[field];
      expect(problemsOf(socialServiceInputSchema, input)).toEqual([
        { field, message },
      ]);
    });

    it.each([
      ['name', 'Name is required'],
      ['handle', 'Handle is required'],
      ['purpose', 'Purpose is required'],
      ['businessUnit', 'Business unit is required'],
      ['ownerGroup', 'Owner group is required'],
    ])('reports a blank %s as "%s"', (field, message) => {
      expect(serviceProblems({ [field]: '   ' })).toEqual([{ field, message }]);
    });
  });

  it.each([
    ['name', 201, 'Name must be at most 200 characters'],
    ['purpose', 2001, 'Purpose must be at most 2000 characters'],
    ['businessUnit', 201, 'Business unit must be at most 200 characters'],
  ])('limits the length of %s', (field, length, message) => {
    expect(serviceProblems({ [field]: 'a'.repeat(length) })).toEqual([
      { field, message },
    ]);
    expect(serviceProblems({ [field]: 'a'.repeat(length - 1) })).toEqual([]);
  });

  it.each([
    [{ foo: 1 }, 'Unknown field: foo'],
    [{ foo: 1, bar: 2 }, 'Unknown fields: foo, bar'],
  ])('rejects unknown fields %j', (extra, message) => {
    expect(serviceProblems(extra)).toEqual([{ field: '', message }]);
  });

  it('rejects an unknown lifecycle stage and platform with the allowed values', () => {
    expect(serviceProblems({ lifecycleStage: 'production' })).toEqual([
      {
        field: 'lifecycleStage',
        message:
          'Lifecycle stage must be one of strategy, design, transition, operation, improvement, retired',
      },
    ]);
    expect(serviceProblems({ platform: 'myspace' })).toEqual([
      expect.objectContaining({
        field: 'platform',
        message: expect.stringMatching(/^Platform must be one of x, /),
      }),
    ]);
  });

  it('accepts a valid id and rejects an id that is not a slug', () => {
    expect(parseService({ id: 'corporate-x' }).id).toBe('corporate-x');
    expect(serviceProblems({ id: 'Corporate X' })).toEqual([
      {
        field: 'id',
        message:
          'Id must be 1 to 63 lowercase letters, digits or dashes, starting and ending with a letter or digit',
      },
    ]);
    expect(serviceProblems({ id: 'corporate-' })).toHaveLength(1);
    expect(serviceProblems({ id: 'a'.repeat(64) })).toHaveLength(1);
  });

  describe('owner group and people', () => {
    it.each([
      ['marketing', 'group:default/marketing'],
      ['group:marketing', 'group:default/marketing'],
      ['group:default/marketing', 'group:default/marketing'],
      ['Group:Marketing', 'group:default/marketing'],
      ['  marketing  ', 'group:default/marketing'],
      ['emea/marketing', 'group:emea/marketing'],
    ])('normalises owner group %j to %s', (ownerGroup, expected) => {
      expect(parseService({ ownerGroup }).ownerGroup).toBe(expected);
    });

    it.each(['user:default/service-owner', 'marketing team', 'component:x'])(
      'rejects %j as owner group',
      ownerGroup => {
        expect(serviceProblems({ ownerGroup })).toEqual([
          {
            field: 'ownerGroup',
            message:
              'Owner group must be a catalog Group such as group:default/marketing',
          },
        ]);
      },
    );

    it('normalises the service owner and business requester as users', () => {
      const parsed = parseService({
        serviceOwner: 'service-owner',
        businessRequester: 'user:campaign-manager',
      });
      expect(parsed.serviceOwner).toBe('user:default/service-owner');
      expect(parsed.businessRequester).toBe('user:default/campaign-manager');
    });

    it('rejects a group as service owner', () => {
      expect(serviceProblems({ serviceOwner: 'group:marketing' })).toEqual([
        {
          field: 'serviceOwner',
          message:
            'Service owner must be a catalog User such as user:default/service-owner',
        },
      ]);
    });
  });

  describe('profile URL', () => {
    it.each<[SocialPlatform, string, string, string]>([
      ['x', '@acme', 'http://x.com/acme', 'Profile URL must use https'],
      [
        'x',
        '@acme',
        'https://www.instagram.com/acme',
        'Profile URL for x must be on x.com or twitter.com',
      ],
      [
        'linkedin',
        'acme',
        'https://www.facebook.com/acme',
        'Profile URL for linkedin must be on linkedin.com',
      ],
      [
        'facebook',
        'acme.official',
        'www.facebook.com/acme.official',
        'Profile URL must be a full address such as https://www.linkedin.com/company/acme',
      ],
      [
        'threads',
        '@acme',
        'https://www.instagram.com/acme',
        'Profile URL for threads must be on threads.com or threads.net',
      ],
      [
        'threads',
        '@acme',
        'https://threads.com.evil.example/@acme',
        'Profile URL for threads must be on threads.com or threads.net',
      ],
      [
        'instagram',
        '@acme',
        'https://www.threads.net/@acme',
        'Profile URL for instagram must be on instagram.com',
      ],
      [
        'bluesky',
        'acme.bsky.social',
        'https://acme.bsky.social',
        'Profile URL for bluesky must be on bsky.app',
      ],
      [
        'bluesky',
        'acme.bsky.social',
        'https://www.threads.com/@acme',
        'Profile URL for bluesky must be on bsky.app',
      ],
      [
        'bluesky',
        'acme.bsky.social',
        'http://bsky.app/profile/acme.bsky.social',
        'Profile URL must use https',
      ],
    ])(
      'rejects a %s profile %s … %s',
      (platform, handle, profileUrl, message) => {
        expect(serviceProblems({ platform, handle, profileUrl })).toEqual([
          { field: 'profileUrl', message },
        ]);
      },
    );

    it.each<[SocialPlatform, string, string]>([
      ['x', '@acme', 'https://x.com/acme'],
      ['x', '@acme', 'https://twitter.com/acme'],
      ['linkedin', 'acme', 'https://www.linkedin.com/company/acme'],
      ['blog', 'blog.acme.io', 'https://blog.acme.io'],
      ['mastodon', '@acme@mastodon.social', 'https://mastodon.social/@acme'],
      ['threads', '@acme', 'https://www.threads.net/@acme'],
      ['threads', '@acme', 'https://threads.net/@acme'],
      ['threads', '@acme', 'https://www.threads.com/@acme'],
      ['threads', 'acme', 'https://threads.com/@acme'],
      [
        'bluesky',
        'acme.bsky.social',
        'https://bsky.app/profile/acme.bsky.social',
      ],
      ['bluesky', 'news.acme.com', 'https://bsky.app/profile/news.acme.com'],
      // A profile linked by its permanent identifier rather than its handle.
      [
        'bluesky',
        'news.acme.com',
        'https://bsky.app/profile/did:plc:z72i7hdynmk6r22z27h6tvur',
      ],
    ])('accepts a %s profile %s', (platform, handle, profileUrl) => {
      expect(serviceProblems({ platform, handle, profileUrl })).toEqual([]);
    });

    it('limits the profile URL to 2048 characters', () => {
      expect(
        serviceProblems({ profileUrl: `https://x.com/${'a'.repeat(2040)}` }),
      ).toEqual([
        {
          field: 'profileUrl',
          message: 'Profile URL must be at most 2048 characters',
        },
      ]);
    });
  });

  describe('handles', () => {
    it.each<[SocialPlatform, string, string]>([
      ['x', '@acme_news', 'acme-news'],
      ['x', 'acme', '@abcdefghijklmnop'],
      ['facebook', 'acme.official', 'acme'],
      ['facebook', 'acme.official', 'acme_official'],
      ['instagram', '@acme.brand_1', 'acme-brand'],
      ['instagram', 'acme', 'acme brand'],
      ['linkedin', 'acme-group', 'Acme-Group'],
      ['linkedin', 'acme-group', '-acme'],
      ['youtube', '@acme-tv', 'acme-tv'],
      ['youtube', '@acme-tv', '@ab'],
      ['tiktok', '@acme.tok', 'a'],
      ['tiktok', 'acme.tok', '@acme-tok'],
      ['mastodon', '@acme@mastodon.social', '@acme'],
      ['mastodon', '@acme@mastodon.social', 'acme@mastodon.social'],
      ['threads', '@acme.brand_1', 'acme-brand'],
      ['threads', 'acme', 'acme brand'],
      ['threads', 'a'.repeat(30), 'a'.repeat(31)],
      ['threads', '@acme', '@@acme'],
      ['threads', '@acme', 'https://www.threads.net/@acme'],
      ['bluesky', 'acme.bsky.social', 'acme'],
      ['bluesky', '@acme.bsky.social', '@acme@bsky.social'],
      ['bluesky', 'news.acme.com', 'news..acme.com'],
      ['bluesky', 'news.acme.com', 'news.acme.com.'],
      ['bluesky', 'acme-news.bsky.social', '-acme.bsky.social'],
      ['bluesky', 'acme-news.bsky.social', 'acme-.bsky.social'],
      ['bluesky', 'acme.bsky.social', 'acme_news.bsky.social'],
      ['bluesky', 'acme.co.uk', 'acme.123'],
      ['bluesky', '1password.com', 'acme.1com'],
      ['bluesky', `${'a'.repeat(63)}.com`, `${'a'.repeat(64)}.com`],
      [
        'bluesky',
        // 253 characters in all, the most a domain name has; one more is too long.
        `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(
          61,
        )}`,
        `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(
          62,
        )}`,
      ],
      [
        'bluesky',
        'acme.bsky.social',
        'https://bsky.app/profile/acme.bsky.social',
      ],
      ['blog', 'blog.example.com', 'localhost'],
      ['blog', 'blog.example.com', 'https://blog.example.com'],
      ['other', 'Acme on Threads', 'a'.repeat(101)],
    ])('on %s accepts %j and rejects %j', (platform, valid, invalid) => {
      expect(serviceProblems({ platform, handle: valid })).toEqual([]);
      expect(serviceProblems({ platform, handle: invalid })).toEqual([
        { field: 'handle', message: HANDLE_RULES[platform].message },
      ]);
    });

    it('says what an X handle looks like', () => {
      expect(serviceProblems({ handle: 'acme-news' })).toEqual([
        {
          field: 'handle',
          message:
            'An X handle is 1 to 15 letters, digits or underscores, optionally starting with @ (e.g. @acme)',
        },
      ]);
    });

    it('says what a Threads handle looks like', () => {
      expect(
        serviceProblems({ platform: 'threads', handle: 'acme-news' }),
      ).toEqual([
        {
          field: 'handle',
          message:
            "A Threads handle is the account's Instagram username: 1 to 30 letters, digits, dots or underscores, optionally starting with @ (e.g. @acme)",
        },
      ]);
    });

    it('says what a Bluesky handle looks like', () => {
      expect(serviceProblems({ platform: 'bluesky', handle: 'acme' })).toEqual([
        {
          field: 'handle',
          message:
            'A Bluesky handle is a domain name, e.g. acme.bsky.social or news.acme.com: parts of letters, digits or hyphens joined by dots, none starting or ending with a hyphen, the last starting with a letter',
        },
      ]);
    });

    it.each<[SocialPlatform, string, string]>([
      ['x', 'acme', '@acme'],
      ['x', '@acme', '@acme'],
      ['instagram', '@acme', '@acme'],
      ['instagram', 'acme', '@acme'],
      ['threads', 'acme', '@acme'],
      ['threads', ' @acme.news ', '@acme.news'],
      ['bluesky', '@Acme.BSKY.Social', 'acme.bsky.social'],
      ['bluesky', 'News.Acme.com', 'news.acme.com'],
      ['tiktok', 'acme', '@acme'],
      ['linkedin', 'acme', 'acme'],
      ['facebook', 'acme.official', 'acme.official'],
      ['blog', 'blog.example.com', 'blog.example.com'],
    ])('stores a %s handle %j as %j', (platform, handle, stored) => {
      expect(parseService({ platform, handle }).handle).toBe(stored);
    });
  });

  describe('controls', () => {
    it('keeps a vault reference', () => {
      expect(
        parseService({
          controls: {
            mfaEnabled: true,
            credentialVaultRef: 'vault://social/corp-x',
            accountStatus: 'archived',
          },
        }).controls,
      ).toEqual({
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
        accountStatus: 'archived',
      });
    });

    it.each([
      [
        'lastAccessReviewAt',
        'The last access review cannot be typed in: it is recorded when the service owner completes an access review',
      ],
      [
        'riskAssessedAt',
        'The risk assessment date cannot be typed in: the service owner or the security office signs off the assessment on the service page',
      ],
    ])('refuses a typed-in %s, which only an event sets', (field, message) => {
      const result = socialServiceInputSchema.safeParse({
        ...minimalInput,
        controls: { [field]: '2026-11-25' },
      });
      expect(result.success).toBe(false);
      expect(toValidationProblems(result.error!)).toEqual([
        { field: `controls.${field}`, message },
      ]);
    });

    it('keeps third-party apps with their scopes and review dates as ISO', () => {
      expect(
        parseService({
          controls: {
            thirdPartyApps: [
              {
                name: 'Publishing suite',
                scopes: ['publish', 'read_insights'],
                lastReviewedAt: '2026-10-01',
              },
              { name: 'Social inbox' },
            ],
          },
        }).controls.thirdPartyApps,
      ).toEqual([
        {
          name: 'Publishing suite',
          scopes: ['publish', 'read_insights'],
          lastReviewedAt: '2026-10-01T00:00:00.000Z',
        },
        { name: 'Social inbox', scopes: [] },
      ]);
    });

    it.each<[string, unknown, string, string]>([
      [
        'an MFA method while MFA is off',
        { mfaEnabled: false, mfaMethod: 'sms' },
        'controls.mfaMethod',
        'MFA method can only be given when MFA is enabled',
      ],
      [
        'an unknown MFA method',
        { mfaEnabled: true, mfaMethod: 'carrier-pigeon' },
        'controls.mfaMethod',
        'MFA method must be one of security-key, authenticator-app, platform-approval, sms',
      ],
      [
        'the same app twice',
        { thirdPartyApps: [{ name: 'Inbox' }, { name: 'inbox' }] },
        'controls.thirdPartyApps.1.name',
        'App inbox is listed twice',
      ],
      [
        'an app without a name',
        { thirdPartyApps: [{ name: ' ', scopes: [] }] },
        'controls.thirdPartyApps.0.name',
        'App name is required',
      ],
      [
        'a review date that is no date',
        { thirdPartyApps: [{ name: 'Inbox', lastReviewedAt: 'last spring' }] },
        'controls.thirdPartyApps.0.lastReviewedAt',
        'Last reviewed must be a date such as 2026-11-25',
      ],
      [
        'a shared login that is not true or false',
        { sharedLogin: 'sometimes' },
        'controls.sharedLogin',
        'Shared login must be true or false',
      ],
      [
        'an unknown control',
        { password: 'hunter2' },
        'controls',
        'Unknown field: password',
      ],
    ])('rejects %s', (_label, controls, field, message) => {
      expect(
        problemsOf(socialServiceInputSchema, { ...minimalInput, controls }),
      ).toEqual([{ field, message }]);
    });

    it('drops an empty vault reference', () => {
      expect(
        parseService({ controls: { credentialVaultRef: '' } }).controls
          .credentialVaultRef,
      ).toBeUndefined();
    });

    it.each<[Record<string, unknown>, string, string]>([
      [
        { credentialVaultRef: 'correct horse battery staple' },
        'controls.credentialVaultRef',
        'Vault reference must be a reference such as vault://social/corp-x, not a secret',
      ],
      [
        { mfaEnabled: 'yes' },
        'controls.mfaEnabled',
        'MFA enabled must be true or false',
      ],
      [
        { accessRevoked: 1 },
        'controls.accessRevoked',
        'Access revoked must be true or false',
      ],
      [
        { accountStatus: 'suspended' },
        'controls.accountStatus',
        'Account status must be one of active, archived, deleted',
      ],
    ])('rejects controls %j', (controls, field, message) => {
      expect(serviceProblems({ controls })).toEqual([{ field, message }]);
    });
  });

  describe('audience size and tags', () => {
    it.each<[unknown, string]>([
      [-1, 'Audience size cannot be negative'],
      [12.5, 'Audience size must be a whole number'],
      ['12000', 'Audience size must be a number'],
      [20_000_000_000, 'Audience size is too large'],
    ])('rejects audience size %j', (audienceSize, message) => {
      expect(serviceProblems({ audienceSize })).toEqual([
        { field: 'audienceSize', message },
      ]);
    });

    it('keeps a valid audience size', () => {
      expect(parseService({ audienceSize: 12000 }).audienceSize).toBe(12000);
    });

    it('trims tags and accepts the allowed characters', () => {
      expect(
        parseService({ tags: [' brand ', 'region:emea', 'c++', '#launch'] })
          .tags,
      ).toEqual(['brand', 'region:emea', 'c++', '#launch']);
    });

    it.each(['Brand', 'paid media', '', 'a'.repeat(64)])(
      'rejects tag %j',
      tag => {
        expect(serviceProblems({ tags: ['ok', tag] })).toEqual([
          {
            field: 'tags.1',
            message:
              'Tags are 1 to 63 lowercase letters, digits or the characters : + # -',
          },
        ]);
      },
    );

    it('accepts 20 tags and rejects 21', () => {
      const tags = Array.from({ length: 21 }, (_, i) => `tag-${i}`);
      expect(serviceProblems({ tags: tags.slice(0, 20) })).toEqual([]);
      expect(serviceProblems({ tags })).toEqual([
        { field: 'tags', message: 'At most 20 tags' },
      ]);
    });
  });

  describe('ITSM mapping', () => {
    it('accepts any id-like system: the backend knows which connectors are installed', () => {
      expect(
        parseService({ itsm: { system: 'freshservice', reference: '12' } })
          .itsm,
      ).toEqual({ system: 'freshservice', reference: '12' });
    });

    it('accepts a system with a reference', () => {
      expect(
        parseService({
          itsm: { system: 'servicenow', reference: 'Corporate X account' },
        }).itsm,
      ).toEqual({ system: 'servicenow', reference: 'Corporate X account' });
    });

    it.each<[Record<string, unknown>, string, string]>([
      [
        { system: 'Remedy Force', reference: 'X' },
        'itsm.system',
        'ITSM system must be the id of an installed ITSM connector, such as servicenow: lowercase letters, digits and dashes, at most 64 characters',
      ],
      [
        { system: '', reference: 'X' },
        'itsm.system',
        'ITSM system must be the id of an installed ITSM connector, such as servicenow: lowercase letters, digits and dashes, at most 64 characters',
      ],
      [
        { system: 'servicenow', reference: ' ' },
        'itsm.reference',
        'ITSM reference is required when an ITSM system is chosen',
      ],
      [
        { system: 'servicenow' },
        'itsm.reference',
        'ITSM reference is required when an ITSM system is chosen',
      ],
    ])('rejects itsm %j', (itsm, field, message) => {
      expect(serviceProblems({ itsm })).toEqual([{ field, message }]);
    });
  });

  it('reports every problem of an input at once', () => {
    expect(
      serviceProblems({
        name: '',
        audienceSize: -5,
        tags: ['Bad Tag'],
      }).map(p => p.field),
    ).toEqual(['name', 'audienceSize', 'tags.0']);
  });
});

describe('socialServiceUpdateSchema', () => {
  const update = { ...minimalInput, version: 3 };

  it('accepts a full update with a version and normalises like a create', () => {
    const parsed = socialServiceUpdateSchema.parse({
      ...update,
      handle: 'acme',
      ownerGroup: 'marketing',
    });
    expect(parsed.version).toBe(3);
    expect(parsed.handle).toBe('@acme');
    expect(parsed.ownerGroup).toBe('group:default/marketing');
  });

  it('requires the version the change is based on', () => {
    expect(problemsOf(socialServiceUpdateSchema, minimalInput)).toEqual([
      {
        field: 'version',
        message: 'Version is required: send the version you edited',
      },
    ]);
  });

  it.each([0, 1.5])('rejects version %j', version => {
    expect(
      problemsOf(socialServiceUpdateSchema, { ...update, version }),
    ).toEqual([expect.objectContaining({ field: 'version' })]);
  });

  it('refuses to change the id', () => {
    expect(
      problemsOf(socialServiceUpdateSchema, { ...update, id: 'new-id' }),
    ).toEqual([{ field: 'id', message: 'The id of a service cannot change' }]);
  });

  it('refuses to move the lifecycle stage outside a transition', () => {
    expect(
      problemsOf(socialServiceUpdateSchema, {
        ...update,
        lifecycleStage: 'operation',
      }),
    ).toEqual([{ field: '', message: 'Unknown field: lifecycleStage' }]);
  });

  it('checks handles and profile URLs like a create', () => {
    expect(
      problemsOf(socialServiceUpdateSchema, {
        ...update,
        handle: 'acme-news',
        profileUrl: 'http://x.com/acme',
      }),
    ).toEqual([
      { field: 'handle', message: HANDLE_RULES.x.message },
      { field: 'profileUrl', message: 'Profile URL must use https' },
    ]);
  });
});

describe('transitionInputSchema', () => {
  const transition = {
    to: 'design',
    reason: 'Approved by the board',
    version: 2,
  };

  it('accepts a transition and trims the reason', () => {
    expect(
      transitionInputSchema.parse({ ...transition, reason: '  Approved  ' }),
    ).toEqual({ ...transition, reason: 'Approved' });
  });

  it.each<[Record<string, unknown>, string, string]>([
    [
      { reason: ' ok ' },
      'reason',
      'Reason must say why, in at least 3 characters',
    ],
    [{ reason: undefined }, 'reason', 'Reason is required'],
    [
      { reason: 'a'.repeat(2001) },
      'reason',
      'Reason must be at most 2000 characters',
    ],
    [
      { to: 'production' },
      'to',
      'Target stage must be one of strategy, design, transition, operation, improvement, retired',
    ],
    [
      { version: undefined },
      'version',
      'Version is required: send the version you saw',
    ],
    [{ actor: 'user:default/x' }, '', 'Unknown field: actor'],
  ])('rejects %j', (overrides, field, message) => {
    expect(
      problemsOf(transitionInputSchema, { ...transition, ...overrides }),
    ).toEqual([{ field, message }]);
  });
});

describe('adminsInputSchema', () => {
  it('accepts a list of admins and normalises user refs', () => {
    expect(
      adminsInputSchema.parse({
        version: 1,
        admins: [
          { account: ' comms-lead ', userRef: 'service-owner', role: 'owner' },
          { account: 'agency', role: 'editor' },
        ],
      }),
    ).toEqual({
      version: 1,
      admins: [
        {
          account: 'comms-lead',
          userRef: 'user:default/service-owner',
          role: 'owner',
        },
        { account: 'agency', role: 'editor' },
      ],
    });
  });

  it('accepts an empty list, removing every admin', () => {
    expect(adminsInputSchema.parse({ version: 1, admins: [] }).admins).toEqual(
      [],
    );
  });

  it('reports an account listed twice, case-insensitively, at the second listing', () => {
    expect(
      problemsOf(adminsInputSchema, {
        version: 4,
        admins: [
          { account: 'Press-Office', role: 'owner' },
          { account: 'agency', role: 'admin' },
          { account: 'press-office', role: 'editor' },
          { account: 'AGENCY ', role: 'analyst' },
        ],
      }),
    ).toEqual([
      {
        field: 'admins.2.account',
        message: 'Account press-office is listed twice',
      },
      { field: 'admins.3.account', message: 'Account AGENCY is listed twice' },
    ]);
  });

  it.each<[Record<string, unknown>, string, string]>([
    [
      { account: 'a', role: 'superuser' },
      'admins.0.role',
      'Role must be one of owner, admin, editor, analyst',
    ],
    [
      { account: ' ', role: 'owner' },
      'admins.0.account',
      'Account is required',
    ],
    [
      { account: 'a', role: 'owner', userRef: 'group:marketing' },
      'admins.0.userRef',
      'User must be a catalog User such as user:default/service-owner',
    ],
    [
      { account: 'a', role: 'owner', inOrganisation: true },
      'admins.0',
      'Unknown field: inOrganisation',
    ],
  ])('rejects admin %j', (admin, field, message) => {
    expect(
      problemsOf(adminsInputSchema, { version: 1, admins: [admin] }),
    ).toEqual([{ field, message }]);
  });

  it('requires the version', () => {
    expect(problemsOf(adminsInputSchema, { admins: [] })).toEqual([
      {
        field: 'version',
        message: 'Version is required: send the version you edited',
      },
    ]);
  });
});

describe('toValidationProblems and describeValidationProblems', () => {
  it('names nested fields with dotted paths and unknown fields in words', () => {
    const result = socialServiceInputSchema.safeParse({
      ...minimalInput,
      name: '',
      colour: 'blue',
      controls: { mfaEnabled: 'on' },
    });
    expect(result.success).toBe(false);
    const problems = toValidationProblems(result.error!);
    expect(problems).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'Name is required' },
        { field: '', message: 'Unknown field: colour' },
        {
          field: 'controls.mfaEnabled',
          message: 'MFA enabled must be true or false',
        },
      ]),
    );
    expect(problems).toHaveLength(3);
  });

  it.each<[ValidationProblem[], string]>([
    [[], ''],
    [
      [{ field: 'name', message: 'Name is required' }],
      'name: Name is required',
    ],
    [
      [
        { field: 'name', message: 'Name is required' },
        { field: '', message: 'Unknown field: foo' },
        { field: 'tags.0', message: 'Bad tag' },
      ],
      'name: Name is required; Unknown field: foo; tags.0: Bad tag',
    ],
  ])('describes %j as %j', (problems, sentence) => {
    expect(describeValidationProblems(problems)).toBe(sentence);
  });
});

describe('normalizeEntityRef', () => {
  it.each<[string, 'group' | 'user', string | undefined]>([
    ['marketing', 'group', 'group:default/marketing'],
    ['group:marketing', 'group', 'group:default/marketing'],
    ['group:default/marketing', 'group', 'group:default/marketing'],
    ['GROUP:Marketing', 'group', 'group:default/marketing'],
    ['region/marketing-emea', 'group', 'group:region/marketing-emea'],
    [' service-owner ', 'user', 'user:default/service-owner'],
    ['user:default/it.service-owner', 'user', 'user:default/it.service-owner'],
    ['user:default/service-owner', 'group', undefined],
    ['group:marketing', 'user', undefined],
    ['', 'group', undefined],
    ['group:', 'group', undefined],
    ['marketing team', 'group', undefined],
    ['a/b/c', 'group', undefined],
    ['a'.repeat(63), 'user', `user:default/${'a'.repeat(63)}`],
    ['a'.repeat(64), 'user', undefined],
  ])('turns %j as a %s into %j', (value, kind, expected) => {
    expect(normalizeEntityRef(value, kind)).toBe(expected);
  });
});

describe('slugify', () => {
  it.each([
    ['Corporate X account', 'corporate-x-account'],
    ['Café Crème Brûlée', 'cafe-creme-brulee'],
    ['  Hello, World!  ', 'hello-world'],
    ['EMEA -- LinkedIn (showcase)', 'emea-linkedin-showcase'],
    ['Brand_TikTok 2026', 'brand-tiktok-2026'],
    ['!!!', ''],
    ['a'.repeat(70), 'a'.repeat(63)],
    [`${'a'.repeat(62)} b`, 'a'.repeat(62)],
  ])('turns %j into %j', (name, slug) => {
    expect(slugify(name)).toBe(slug);
  });

  it('always produces a valid service id for names with letters', () => {
    for (const name of [
      'Ça va?',
      `${'word '.repeat(20)}`,
      '-leading and trailing-',
    ]) {
      expect(slugify(name)).toMatch(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/);
    }
  });
});

describe('checkProfileUrl', () => {
  it.each<[string, SocialPlatform, string | undefined]>([
    ['https://x.com/acme', 'x', undefined],
    ['https://mobile.twitter.com/acme', 'x', undefined],
    ['https://www.youtube.com/@acme', 'youtube', undefined],
    ['https://anything.example.org/acme', 'blog', undefined],
    ['https://mastodon.social/@acme', 'mastodon', undefined],
    ['https://threads.net/@acme', 'other', undefined],
    ['https://www.threads.com/@acme', 'threads', undefined],
    ['https://threads.net/@acme', 'threads', undefined],
    ['https://bsky.app/profile/acme.bsky.social', 'bluesky', undefined],
    [
      'https://threads.net/@acme',
      'x',
      'Profile URL for x must be on x.com or twitter.com',
    ],
    [
      'https://notthreads.com/@acme',
      'threads',
      'Profile URL for threads must be on threads.com or threads.net',
    ],
    [
      'https://bsky.social/profile/acme.bsky.social',
      'bluesky',
      'Profile URL for bluesky must be on bsky.app',
    ],
    ['http://x.com/acme', 'x', 'Profile URL must use https'],
    ['ftp://blog.example.com', 'blog', 'Profile URL must use https'],
    [
      'https://notx.com/acme',
      'x',
      'Profile URL for x must be on x.com or twitter.com',
    ],
    [
      'https://x.com.evil.example/acme',
      'x',
      'Profile URL for x must be on x.com or twitter.com',
    ],
    [
      'https://www.instagram.com/acme',
      'tiktok',
      'Profile URL for tiktok must be on tiktok.com',
    ],
    [
      'instagram.com/acme',
      'instagram',
      'Profile URL must be a full address such as https://www.linkedin.com/company/acme',
    ],
  ])('checks %s for %s', (url, platform, problem) => {
    expect(checkProfileUrl(url, platform)).toBe(problem);
  });
});

describe('normalizeHandle', () => {
  it.each<[SocialPlatform, string, string]>([
    ['x', 'acme', '@acme'],
    ['x', ' @acme ', '@acme'],
    ['instagram', '@acme', '@acme'],
    ['tiktok', 'acme', '@acme'],
    ['youtube', '@acme', '@acme'],
    ['linkedin', ' acme-group ', 'acme-group'],
    ['mastodon', '@acme@mastodon.social', '@acme@mastodon.social'],
    ['facebook', 'acme.official', 'acme.official'],
    ['threads', 'acme', '@acme'],
    ['threads', '@acme', '@acme'],
    ['bluesky', '@Acme.bsky.social', 'acme.bsky.social'],
    ['bluesky', ' NEWS.ACME.COM ', 'news.acme.com'],
  ])('writes a %s handle %j as %j', (platform, handle, expected) => {
    expect(normalizeHandle(platform, handle)).toBe(expected);
  });

  it('makes acme and @acme on X the same handle', () => {
    expect(normalizeHandle('x', 'acme')).toBe(normalizeHandle('x', '@acme'));
  });

  it('makes @Acme.bsky.social and acme.bsky.social on Bluesky the same handle', () => {
    expect(normalizeHandle('bluesky', '@Acme.bsky.social')).toBe(
      normalizeHandle('bluesky', 'acme.bsky.social'),
    );
  });
});

describe('accessReviewInputSchema', () => {
  it('takes an optional reason per decision, trimmed, and drops a blank one', () => {
    const parsed = accessReviewInputSchema.parse({
      version: 3,
      decisions: [
        { account: 'intern', decision: 'keep', reason: '  Hand-over  ' },
        { account: 'agency', decision: 'remove', reason: '   ' },
        { account: 'lead', decision: 'keep' },
      ],
    });
    expect(parsed.decisions).toEqual([
      { account: 'intern', decision: 'keep', reason: 'Hand-over' },
      { account: 'agency', decision: 'remove', reason: undefined },
      { account: 'lead', decision: 'keep' },
    ]);
  });

  it('refuses a reason of more than 500 characters, naming the decision', () => {
    expect(
      problemsOf(accessReviewInputSchema, {
        version: 3,
        decisions: [
          { account: 'intern', decision: 'keep', reason: 'x'.repeat(501) },
        ],
      }),
    ).toEqual([
      {
        field: 'decisions.0.reason',
        message: 'Reason must be at most 500 characters',
      },
    ]);
  });
});
