// The generated inventory: 10,000 social media services as a portal administrator would import
// them (CSV), the same in every run.
import { createHash } from 'node:crypto';
import { FILTER } from './settings';

/** A small seeded PRNG (mulberry32), so that every run imports the same inventory. */
export function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Picks from [[value, weight], ...]. */
export function weighted<T>(
  random: () => number,
  choices: ReadonlyArray<readonly [T, number]>,
): T {
  const total = choices.reduce((sum, [, w]) => sum + w, 0);
  let r = random() * total;
  for (const [value, w] of choices) {
    r -= w;
    if (r < 0) return value;
  }
  return choices[choices.length - 1][0];
}

interface Team {
  group: string;
  label: string;
  unit: string;
  owners: string[];
  weight: number;
  purposes: string[];
}

// The teams of examples/org.yaml that open social accounts, with their people and typical purposes.
const TEAMS: Team[] = [
  {
    group: 'marketing',
    label: 'Marketing',
    unit: 'Marketing',
    owners: ['marketing-lead', 'social-media-manager'],
    weight: 20,
    purposes: [
      'Brand announcements and product launches',
      'Campaign content and community management',
      'Influencer and partner programme',
    ],
  },
  {
    group: 'region-emea',
    label: 'EMEA',
    unit: 'Marketing EMEA',
    owners: ['emea-marketing-manager'],
    weight: 15,
    purposes: [
      'Regional campaigns and events in Europe, the Middle East and Africa',
      'Local-language brand presence for EMEA markets',
    ],
  },
  {
    group: 'region-americas',
    label: 'Americas',
    unit: 'Marketing Americas',
    owners: ['americas-marketing-manager'],
    weight: 15,
    purposes: [
      'Regional campaigns and events in North and South America',
      'Local-language brand presence for the Americas',
    ],
  },
  {
    group: 'region-apac',
    label: 'APAC',
    unit: 'Marketing APAC',
    owners: ['apac-marketing-manager'],
    weight: 15,
    purposes: [
      'Regional campaigns and events in Asia-Pacific',
      'Local-language brand presence for APAC markets',
    ],
  },
  {
    group: 'communications',
    label: 'Newsroom',
    unit: 'Corporate Communications',
    owners: ['communications-lead'],
    weight: 12,
    purposes: [
      'Press releases, corporate news and crisis communication',
      'Investor and executive communication',
    ],
  },
  {
    group: 'hr',
    label: 'Careers',
    unit: 'Human Resources',
    owners: ['hr-business-partner'],
    weight: 10,
    purposes: [
      'Employer branding and recruiting',
      'Graduate and internship programmes',
    ],
  },
  {
    group: 'customer-support',
    label: 'Support',
    unit: 'Customer Support',
    owners: ['support-team-lead'],
    weight: 13,
    purposes: [
      'Customer care: questions, complaints and outage updates',
      'Service status and known issues',
    ],
  },
];

/** Every catalog entity the inventory refers to; the import needs them in the catalog. */
export const ORG_REFS = [
  ...TEAMS.map(t => `group:default/${t.group}`),
  ...[...new Set(TEAMS.flatMap(t => t.owners))].map(u => `user:default/${u}`),
];

const BRANDS = [
  'Acme',
  'Aster',
  'Cobalt',
  'Globex',
  'Helios',
  'Initech',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Maple',
  'Nimbus',
  'Orbit',
  'Quartz',
  'Sable',
  'Tidal',
  'Umbra',
  'Vertex',
  'Willow',
  'Zephyr',
  'Northwind',
];

type Platform =
  | 'x'
  | 'facebook'
  | 'instagram'
  | 'linkedin'
  | 'youtube'
  | 'tiktok'
  | 'mastodon'
  | 'blog'
  | 'other';

// Threads and Bluesky, platforms of the catalogue too, are left out on purpose: drawing them would
// change every generated service and so every earlier figure (see inventory.test.ts).
const PLATFORMS: Array<[Platform, number]> = [
  ['x', 14],
  ['facebook', 14],
  ['instagram', 14],
  ['linkedin', 14],
  ['youtube', 10],
  ['tiktok', 8],
  ['mastodon', 6],
  ['blog', 10],
  ['other', 10],
];
const PLATFORM_TITLES: Record<Platform, string> = {
  x: 'X',
  facebook: 'Facebook',
  instagram: 'Instagram',
  linkedin: 'LinkedIn',
  youtube: 'YouTube',
  tiktok: 'TikTok',
  mastodon: 'Mastodon',
  blog: 'Blog',
  other: 'Other',
};

// Most accounts of an established organisation are in operation; some are being set up or retired.
const STAGES: Array<[string, number]> = [
  ['strategy', 4],
  ['design', 6],
  ['transition', 6],
  ['operation', 62],
  ['improvement', 10],
  ['retired', 12],
];

/**
 * A handle for the platform that satisfies HANDLE_RULES in plugins/social-media-common and is
 * unique per platform (the sequence number is part of it).
 */
function handleFor(
  platform: Platform,
  brand: string,
  label: string,
  seq: number,
): string {
  const b = brand.toLowerCase().slice(0, 5);
  const l = label.toLowerCase().slice(0, 4);
  const n = String(seq).padStart(5, '0');
  switch (platform) {
    case 'x':
      return `${b}_${l.slice(0, 3)}${n}`; // at most 15 characters
    case 'facebook':
      return `${b}.${l}.${n}`;
    case 'instagram':
      return `${b}.${l}_${n}`;
    case 'linkedin':
      return `${b}-${l}-${n}`;
    case 'youtube':
      return `@${b}-${l}-${n}`;
    case 'tiktok':
      return `${b}.${l}.${n}`;
    case 'mastodon':
      return `@${b}_${l}_${n}@mastodon.social`;
    case 'blog':
      return `${l}-${n}.blog.${b}.example.com`;
    default:
      return `${brand} ${label} community ${n}`;
  }
}

function profileUrlFor(platform: Platform, handle: string): string {
  const bare = handle.replace(/^@/, '');
  switch (platform) {
    case 'x':
      return `https://x.com/${bare}`;
    case 'facebook':
      return `https://www.facebook.com/${bare}`;
    case 'instagram':
      return `https://www.instagram.com/${bare}`;
    case 'linkedin':
      return `https://www.linkedin.com/company/${bare}`;
    case 'youtube':
      return `https://www.youtube.com/${handle}`;
    case 'tiktok':
      return `https://www.tiktok.com/@${bare}`;
    case 'blog':
      return `https://${handle}`;
    default:
      return '';
  }
}

export const CSV_HEADER = [
  'name',
  'platform',
  'handle',
  'profileUrl',
  'purpose',
  'businessUnit',
  'ownerGroup',
  'serviceOwner',
  'audienceSize',
  'tags',
  'lifecycleStage',
  'mfaEnabled',
  'credentialVaultRef',
  'riskAssessedAt',
  'accessRevoked',
  'accountStatus',
  'itsmSystem',
  'itsmReference',
] as const;

export type CsvRow = Array<string | number>;

export interface Inventory {
  /** The CSV rows, in the order of {@link CSV_HEADER}. */
  rows: CsvRow[];
  /** How many services match {@link FILTER}. */
  filterMatches: number;
  /** The ServiceNow business services the inventory maps: sys_id to name. */
  businessServices: Map<string, string>;
}

/**
 * The sys_id of the ServiceNow business service (cmdb_ci_service) of a brand's team: derived from
 * its name, so that every run maps the same services without drawing from the random sequence.
 */
function businessServiceSysId(name: string): string {
  return createHash('sha256').update(name).digest('hex').slice(0, 32);
}

export function generateInventory(count: number): Inventory {
  const random = randomGenerator(20261125);
  const rows: CsvRow[] = [];
  let filterMatches = 0;
  const businessServices = new Map<string, string>();
  for (let seq = 1; seq <= count; seq++) {
    const team = weighted(
      random,
      TEAMS.map(t => [t, t.weight] as const),
    );
    const brand = BRANDS[Math.floor(random() * BRANDS.length)];
    const platform = weighted(random, PLATFORMS);
    const stage = weighted(random, STAGES);
    const handle = handleFor(platform, brand, team.label, seq);
    const name = `${brand} ${team.label} ${PLATFORM_TITLES[platform]} ${String(
      seq,
    ).padStart(5, '0')}`;
    const live = stage === 'operation' || stage === 'improvement';
    const preparing = stage === 'transition';
    // Controls as an inventory really looks: services in operation mostly have them, a few do not.
    let mfa: boolean;
    if (live) mfa = random() < 0.93;
    else if (preparing) mfa = random() < 0.8;
    else mfa = random() < 0.4;
    const vaulted = live ? random() < 0.9 : preparing && random() < 0.7;
    const assessed = live ? random() < 0.95 : preparing && random() < 0.6;
    const assessedAt = new Date(
      Date.UTC(2025, 0, 1) + Math.floor(random() * 600) * 86_400_000,
    )
      .toISOString()
      .slice(0, 10);
    const retired = stage === 'retired';
    const itsm = weighted(random, [
      ['servicenow', 70],
      ['jira-service-management', 15],
      ['pagerduty', 5],
      ['', 10],
    ] as const);
    // Each ServiceNow-mapped service is its own business service in the CMDB, named as the
    // service, and is mapped by sys_id (the connector's README: no lookup by name).
    const businessService = `${name} (social media)`;
    if (itsm === 'servicenow') {
      businessServices.set(
        businessServiceSysId(businessService),
        businessService,
      );
    }
    const itsmReference = {
      servicenow: businessServiceSysId(businessService),
      'jira-service-management': `SOC/${brand.toLowerCase()}-${team.group}`,
      pagerduty: `P${seq.toString(36).toUpperCase().padStart(6, '0')}`,
      '': '',
    }[itsm];
    // Audiences from a hundred followers to a few million, most of them small.
    const audience = Math.round(100 * Math.pow(10, random() * 4.7));
    const tags = [`brand-${brand.toLowerCase()}`, team.group];
    if (random() < 0.2) tags.push('campaign');
    if (platform === FILTER.platform && stage === FILTER.lifecycleStage) {
      filterMatches++;
    }
    // The fields are filled in this order, which is the order of the random draws in every run.
    const row: Record<(typeof CSV_HEADER)[number], string | number> = {
      name,
      platform,
      handle,
      profileUrl: profileUrlFor(platform, handle),
      purpose: team.purposes[Math.floor(random() * team.purposes.length)],
      businessUnit: team.unit,
      ownerGroup: `group:default/${team.group}`,
      serviceOwner:
        stage === 'strategy'
          ? ''
          : `user:default/${
              team.owners[Math.floor(random() * team.owners.length)]
            }`,
      audienceSize: audience,
      tags: tags.join(';'),
      lifecycleStage: stage,
      mfaEnabled: mfa ? 'true' : 'false',
      credentialVaultRef: vaulted
        ? `vault://social/${brand.toLowerCase()}/${platform}-${seq}`
        : '',
      riskAssessedAt: assessed ? assessedAt : '',
      accessRevoked: retired ? 'true' : 'false',
      accountStatus: accountStatusOf(retired, random),
      itsmSystem: itsm,
      itsmReference,
    };
    rows.push(CSV_HEADER.map(column => row[column] ?? ''));
  }
  return { rows, filterMatches, businessServices };
}

function accountStatusOf(retired: boolean, random: () => number): string {
  if (!retired) return 'active';
  return random() < 0.7 ? 'archived' : 'deleted';
}

/** How many services of the inventory are mapped to ServiceNow. */
export function serviceNowMappedServices(inventory: Inventory): number {
  const system = CSV_HEADER.indexOf('itsmSystem');
  return inventory.rows.filter(row => row[system] === 'servicenow').length;
}

/**
 * The services of the inventory mapped to each ServiceNow business service (sys_id, lower case):
 * the sync stores one copy of each of a business service's incidents for each of them.
 */
export function serviceNowServicesPerReference(
  inventory: Inventory,
): Map<string, number> {
  const system = CSV_HEADER.indexOf('itsmSystem');
  const reference = CSV_HEADER.indexOf('itsmReference');
  const counts = new Map<string, number>();
  for (const row of inventory.rows) {
    if (row[system] !== 'servicenow') continue;
    const ref = String(row[reference]).trim().toLowerCase();
    counts.set(ref, (counts.get(ref) ?? 0) + 1);
  }
  return counts;
}
