import {
  audienceMasks,
  DEFAULT_CHARTER,
  DEFAULT_CONFIDENTIALITY,
  NETWORK_NAME_MAX_LENGTH,
  slugify,
} from '@roundtable/contract/networks';
import { COMPANY_SIZES, FUNCTIONS, INDUSTRIES, LEVELS, REGIONS } from '@roundtable/contract/profiles';
import type { Insertable } from 'kysely';
import type { Trx } from '../../server/src/db/database.js';
import type { Tables } from '../../server/src/db/tables.js';
import { hashToken, newSecretToken } from '../../server/src/platform/ids.js';
import { PeopleFactory } from './people.js';
import type { Random } from './random.js';
import { type Account, ANCHOR_MS, DAY_MS, insertReported, iso, type TableReport, weighted, zipf } from './rows.js';

/*
 * Networks, who they are for, and who is in them. Sizes are skewed as peer groups are: most hold
 * 10–40 members, a few hundred-member communities exist, and one flagship holds 5,000 (the
 * member-list scenario reads it). Names and purposes follow from the audience ("CFO Circle —
 * Mid-market manufacturing" is for c-level finance people in manufacturing at 201–1,000-people
 * companies), and members are mostly drawn from the profiles that fit that audience.
 */

/** What the network generator needs to know of a member's profile. */
export type ProfileFacts = {
  level: string;
  function: string | null;
  industry: string | null;
  companySize: string | null;
  region: string | null;
};

export type NetworksResult = {
  networks: number;
  /** The largest network: the member-list and network-page scenarios read it. */
  flagship: { id: string; slug: string; name: string; memberCount: number } | null;
  /** A word many network names hold, for the full-text scenario. */
  searchWord: string;
};

export const SEARCH_WORD = 'circle';
const FLAGSHIP_SIZE = 5000;

type Audience = {
  levels: string[];
  functions: string[];
  industries: string[];
  companySizes: string[];
  regions: string[];
};

const AUDIENCE_DIMENSIONS = ['levels', 'functions', 'industries', 'companySizes', 'regions'] as const;

// Networks are mostly for experienced people: peer groups of directors, executives and founders.
const networkLevelWeights = [2, 5, 6, 12, 10, 16, 12, 17, 13, 7];
const levelIds = LEVELS.map((option) => option.id as string);
const sizeIds = COMPANY_SIZES.map((option) => option.id as string);
const functionWeights = zipf(FUNCTIONS).filter(([id]) => id !== 'other');
const industryWeights = zipf(INDUSTRIES).filter(([id]) => id !== 'other');
const regionWeights = [
  ['north_america', 30],
  ['western_europe', 24],
  ['northern_europe', 8],
  ['southern_europe', 6],
  ['central_eastern_europe', 6],
  ['east_asia', 6],
  ['south_asia', 5],
  ['southeast_asia', 5],
  ['oceania', 4],
  ['latin_america', 4],
  ['middle_east', 2],
  ['africa', 2],
] as const;

const regionLabel = new Map<string, string>(REGIONS.map((option) => [option.id, option.label]));
const citiesByRegion: Record<string, readonly string[]> = {
  north_america: ['New York', 'Chicago', 'Toronto', 'Austin', 'Boston', 'San Francisco', 'Seattle', 'Atlanta'],
  western_europe: ['Berlin', 'Munich', 'London', 'Paris', 'Amsterdam', 'Zurich', 'Hamburg', 'Brussels', 'Dublin'],
  northern_europe: ['Stockholm', 'Oslo', 'Copenhagen', 'Helsinki'],
  southern_europe: ['Madrid', 'Barcelona', 'Milan', 'Lisbon', 'Athens'],
  central_eastern_europe: ['Warsaw', 'Prague', 'Budapest', 'Bucharest', 'Vienna'],
  east_asia: ['Tokyo', 'Seoul', 'Hong Kong', 'Shanghai', 'Taipei'],
  south_asia: ['Bengaluru', 'Mumbai', 'Delhi', 'Karachi'],
  southeast_asia: ['Singapore', 'Jakarta', 'Bangkok', 'Manila', 'Kuala Lumpur'],
  oceania: ['Sydney', 'Melbourne', 'Auckland', 'Brisbane'],
  latin_america: ['São Paulo', 'Mexico City', 'Bogotá', 'Santiago', 'Buenos Aires'],
  middle_east: ['Dubai', 'Riyadh', 'Tel Aviv', 'Doha'],
  africa: ['Johannesburg', 'Lagos', 'Nairobi', 'Cairo', 'Cape Town'],
};
const areasByRegion: Record<string, readonly string[]> = {
  north_america: ['Bay Area', 'Midwest', 'East Coast', 'Pacific Northwest', 'Texas'],
  western_europe: ['DACH', 'Benelux', 'UK & Ireland', 'France'],
  northern_europe: ['Nordics'],
  southern_europe: ['Iberia', 'Italy'],
  central_eastern_europe: ['CEE'],
  east_asia: ['Greater China', 'Japan & Korea'],
  south_asia: ['India'],
  southeast_asia: ['ASEAN'],
  oceania: ['ANZ'],
  latin_america: ['LATAM'],
  middle_east: ['GCC'],
  africa: ['Sub-Saharan Africa'],
};

const functionShort: Record<string, string> = {
  general_management: 'General Management',
  engineering: 'Engineering',
  product: 'Product',
  design: 'Design',
  data: 'Data',
  sales: 'Sales',
  marketing: 'Marketing',
  customer_success: 'Customer Success',
  operations: 'Operations',
  supply_chain: 'Supply Chain',
  finance: 'Finance',
  people: 'People',
  legal: 'Legal',
  security: 'Security',
  research: 'R&D',
  strategy: 'Strategy',
  communications: 'Communications',
  healthcare_practice: 'Clinical',
  education_practice: 'Learning',
  consulting: 'Consulting',
};
const chiefTitle: Record<string, string> = {
  general_management: 'CEO',
  engineering: 'CTO',
  product: 'CPO',
  design: 'Chief Design Officer',
  data: 'Chief Data Officer',
  sales: 'CRO',
  marketing: 'CMO',
  customer_success: 'Chief Customer Officer',
  operations: 'COO',
  supply_chain: 'Chief Supply Chain Officer',
  finance: 'CFO',
  people: 'CHRO',
  legal: 'General Counsel',
  security: 'CISO',
  research: 'Chief Scientific Officer',
  strategy: 'Chief Strategy Officer',
  communications: 'Chief Communications Officer',
  healthcare_practice: 'Chief Medical Officer',
  education_practice: 'Chief Learning Officer',
  consulting: 'Managing Partner',
};
const practitionerTitle: Record<string, string> = {
  engineering: 'Engineer',
  product: 'Product Manager',
  design: 'Designer',
  data: 'Data Scientist',
  sales: 'Account Executive',
  marketing: 'Marketer',
  customer_success: 'Customer Success Manager',
  operations: 'Operations Specialist',
  supply_chain: 'Buyer',
  finance: 'Financial Analyst',
  people: 'HR Business Partner',
  legal: 'Lawyer',
  security: 'Security Engineer',
  research: 'Researcher',
  strategy: 'Strategy Analyst',
  communications: 'Communications Specialist',
  healthcare_practice: 'Clinician',
  education_practice: 'Teacher',
  consulting: 'Consultant',
  general_management: 'Business Analyst',
};
const industryShort: Record<string, string> = {
  software: 'SaaS',
  hardware: 'Hardware',
  telecom: 'Telecom',
  financial_services: 'Fintech',
  insurance: 'Insurance',
  healthcare: 'Healthcare',
  life_sciences: 'Life sciences',
  manufacturing: 'Manufacturing',
  automotive: 'Automotive',
  energy: 'Energy',
  construction: 'Real estate',
  retail: 'Retail',
  consumer_goods: 'Consumer brands',
  food_agriculture: 'Food & agriculture',
  logistics: 'Logistics',
  hospitality: 'Hospitality',
  media: 'Media',
  professional_services: 'Professional services',
  education: 'Education',
  government: 'Public sector',
  nonprofit: 'Non-profit',
};
const industryLabel = new Map<string, string>(INDUSTRIES.map((option) => [option.id, option.label]));
const sizeShort: Record<string, string> = {
  '1-10': 'Small business',
  '11-50': 'Start-up',
  '51-200': 'Scale-up',
  '201-1000': 'Mid-market',
  '1001-5000': 'Upper mid-market',
  '5001-10000': 'Enterprise',
  '10000+': 'Global enterprise',
};
const genericQualifiers = [
  'Global',
  'Worldwide',
  'First 100 days',
  'Growth stage',
  'Turnaround',
  'Women in leadership',
  'New in role',
  'Second-time',
  'Remote-first',
  'Family business',
];
const topics = [
  'pricing',
  'hiring senior people',
  'fundraising',
  'board relations',
  'cash flow',
  'cloud costs',
  'security audits',
  'customer churn',
  'performance reviews',
  'compensation',
  'M&A',
  'supply chain resilience',
  'AI adoption',
  'change management',
  'succession planning',
  'export markets',
  'ESG reporting',
  'working with unions',
  'restructuring',
  'remote teams',
  'vendor negotiations',
  'a first CFO hire',
  'going from founder-led sales to a team',
  'regulators',
];
const applicationQuestionPool = [
  'What is the hardest decision in front of you this year?',
  'What would you bring to the group?',
  'Which companies do you compete with or sell to?',
  'How did you hear about this network?',
  'What do you expect from your peers here?',
  'Can you commit to the meeting cadence for a year?',
];
const removalReasons = [
  'Missed four meetings in a row without notice.',
  'Pitched their services to other members after a warning.',
  'Moved into a role that competes directly with another member.',
  'Shared a member’s story outside the group.',
];
const declineMessages = [
  'Thank you for applying. The group is aimed at people further along; we would welcome you in a year or two.',
  'We already have a member from a direct competitor, so we cannot admit you to this group.',
  'The group is full for this cycle; please apply again when we open the next one.',
];
const customCharterClauses = [
  'Phones stay face down during sessions; the hot seat gets everyone’s full attention.',
  'We start and end on time. If you cannot make a session, tell the facilitator a week ahead.',
  'Members rotate hosting; whoever hosts prepares one case from their own company.',
];

const pluralOf = (role: string) => {
  if (role.startsWith('VP ')) return `VPs of ${role.slice(3)}`;
  if (role === 'General Counsel') return 'General Counsel';
  if (role === 'Founder & CEO') return 'Founders & CEOs';
  if (role === 'VP & General Manager') return 'VPs & General Managers';
  if (role === 'Managing Director') return 'Managing Directors';
  if (role.endsWith('s')) return role;
  return `${role}s`;
};

// "Manufacturing" → "manufacturing", but "SaaS" and "R&D" keep their capitals.
const lowerFirst = (text: string) =>
  /^[A-Z][^A-Z]*$/.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

const listPhrase = (items: readonly string[]) =>
  items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;

/** The role a network's name is about: "CFO", "VP Sales", "Engineering Manager", "Founder". */
function roleOf(random: Random, level: string, fn: string | undefined): string {
  const short = fn ? functionShort[fn] : undefined;
  if (fn === 'general_management') {
    if (level === 'manager' || level === 'senior_manager') return 'General Manager';
    if (level === 'director') return 'Managing Director';
    if (level === 'vice_president') return 'VP & General Manager';
  }
  switch (level) {
    case 'board_member':
      return random.pick(['Non-Executive Director', 'Board Chair', 'Board Member']);
    case 'founder_owner':
      return fn === 'engineering' ? 'Technical Founder' : random.pick(['Founder', 'Founder', 'Owner', 'Founder & CEO']);
    case 'c_level':
      return fn ? (chiefTitle[fn] ?? 'CEO') : random.pick(['CEO', 'CEO', 'Executive']);
    case 'vice_president':
      return short ? `VP ${short}` : 'Vice President';
    case 'director':
      return short ? `${short} Director` : 'Director';
    case 'senior_manager':
      return short ? `Senior ${short} Manager` : 'Senior Manager';
    case 'manager':
      return short ? `${short} Manager` : random.pick(['New Manager', 'First-time Manager', 'Manager']);
    case 'senior_individual_contributor':
      return fn === 'engineering'
        ? random.pick(['Staff Engineer', 'Principal Engineer'])
        : `Senior ${(fn && practitionerTitle[fn]) || 'Specialist'}`;
    case 'individual_contributor':
      return (fn && practitionerTitle[fn]) || 'Specialist';
    default:
      return `Early-career ${(fn && practitionerTitle[fn]) || 'Professional'}`;
  }
}

/** A contiguous run of 1–3 entries of an ordered list around a weighted anchor. */
function runAround(random: Random, ids: readonly string[], weights: readonly number[], broad: boolean): string[] {
  const anchor = weighted(
    random,
    ids.map((_id, index) => [index, weights[index] ?? 1] as const),
  );
  const length = broad
    ? 2 + random.int(2)
    : weighted(random, [
        [1, 50],
        [2, 35],
        [3, 15],
      ] as const);
  const start = Math.max(0, Math.min(anchor - random.int(length), ids.length - length));
  return ids.slice(start, start + length);
}

function distinct(count: number, draw: () => string): string[] {
  const chosen = new Set<string>();
  for (let tries = 0; chosen.size < count && tries < count * 10; tries++) chosen.add(draw());
  return [...chosen];
}

function drawAudience(random: Random, broad: boolean, region: string | null): Audience {
  const levels = runAround(random, levelIds, networkLevelWeights, broad);
  const seniorOnly = levels.every((level) => level === 'founder_owner' || level === 'board_member');
  const functionCount =
    broad || seniorOnly
      ? 0
      : weighted(random, [
          [0, 45],
          [1, 45],
          [2, 10],
        ] as const);
  const industryCount = broad
    ? weighted(random, [
        [0, 80],
        [1, 20],
      ] as const)
    : weighted(random, [
        [0, 40],
        [1, 40],
        [2, 12],
        [3, 8],
      ] as const);
  return {
    levels,
    functions: distinct(functionCount, () => weighted(random, functionWeights)),
    industries: distinct(industryCount, () => weighted(random, industryWeights)),
    companySizes: !broad && random.chance(0.25) ? runAround(random, sizeIds, [6, 10, 14, 16, 10, 5, 6], false) : [],
    regions: region ? [region] : !broad && random.chance(0.15) ? [weighted(random, regionWeights)] : [],
  };
}

type Naming = { name: string; purpose: string };

function nameNetwork(
  random: Random,
  audience: Audience,
  place: { city: string | null; area: string | null },
  cadence: string,
  format: string,
): Naming {
  const level = random.pick(audience.levels);
  const fn = audience.functions[0];
  const role = roleOf(random, level, fn);
  const industry = audience.industries[0] ? industryShort[audience.industries[0]] : undefined;
  const size = audience.companySizes.length > 0 ? sizeShort[random.pick(audience.companySizes)] : undefined;
  const where = place.city ?? place.area ?? undefined;

  const qualifiers: string[] = [];
  if (size && industry) qualifiers.push(`${size} ${lowerFirst(industry)}`);
  if (industry && where) qualifiers.push(`${industry}, ${where}`);
  if (industry) qualifiers.push(industry);
  if (where) qualifiers.push(where, where);
  if (size && !industry) qualifiers.push(size);
  const qualifier = qualifiers.length > 0 ? random.pick(qualifiers) : random.pick(genericQualifiers);

  const headsOf =
    fn &&
    fn !== 'general_management' &&
    (level === 'director' || level === 'vice_president' || level === 'senior_manager');
  const form = weighted(random, [
    ['circle', 3],
    ['roundtable', 2],
    ['forum', 2],
    ['peers', 2],
    ['council', 1],
    ['exchange', 1],
    ['mastermind', 0.5],
    ['heads', headsOf ? 3 : 0],
  ] as const);
  const name =
    form === 'circle'
      ? `${role} Circle — ${qualifier}`
      : form === 'roundtable'
        ? `${role} Roundtable: ${qualifier}`
        : form === 'forum'
          ? `${qualifier} ${role} Forum`
          : form === 'peers'
            ? `${role} Peer Group (${qualifier})`
            : form === 'council'
              ? `${role} Council, ${qualifier}`
              : form === 'exchange'
                ? `${qualifier} ${pluralOf(role)} Exchange`
                : form === 'mastermind'
                  ? `${role} Mastermind — ${qualifier}`
                  : `Heads of ${fn ? functionShort[fn] : 'Operations'}, ${qualifier}`;

  const who = [
    pluralOf(role),
    audience.industries.length > 0
      ? ` in ${listPhrase(audience.industries.map((id) => lowerFirst(industryLabel.get(id) ?? id)))}`
      : '',
    size ? ` at ${lowerFirst(size)} companies` : '',
    place.city ? ` in and around ${place.city}` : place.area ? ` across ${place.area}` : '',
  ].join('');
  const when =
    cadence === 'weekly'
      ? 'every week'
      : cadence === 'fortnightly'
        ? 'every two weeks'
        : cadence === 'monthly'
          ? 'once a month'
          : cadence === 'quarterly'
            ? 'once a quarter'
            : 'whenever someone needs the group';
  const how =
    format === 'online'
      ? 'online'
      : format === 'in_person'
        ? `in person in ${place.city}`
        : `in ${place.city} and online`;
  const [t1, t2, t3] = distinct(3, () => random.pick(topics));
  const purpose = weighted(random, [
    [
      `A confidential peer group for ${who}. We meet ${when}, ${how}, to work through each other’s hardest decisions — ${t1}, ${t2} and ${t3} come up most.`,
      3,
    ],
    [
      `${who} who want a sounding board outside their own company. Each session one member brings a real issue and the rest share what they did in the same spot. Recent themes: ${t1} and ${t2}. We meet ${when}, ${how}.`,
      2,
    ],
    [
      `Small, vetted and candid: ${who} comparing notes on ${t1} and ${t2}. No vendors, no recruiters, no pitching — just peers who have been there. Meetings ${when}, ${how}.`,
      2,
    ],
  ] as const);
  return { name: name.slice(0, NETWORK_NAME_MAX_LENGTH).trim(), purpose };
}

/** Network sizes: most 10–40, a tail of larger communities, log-uniform inside each band. */
function drawSize(random: Random): number {
  const [low, high] = weighted(random, [
    [[5, 9], 6],
    [[10, 40], 70],
    [[41, 150], 17],
    [[151, 600], 3.5],
    [[601, 2000], 1],
    [[2001, 5000], 0.25],
  ] as const);
  return Math.round(Math.exp(Math.log(low) + random.next() * (Math.log(high) - Math.log(low))));
}

/**
 * Draws members who fit an audience: a level of the audience, then an industry or function of it,
 * then a few tries for the other dimensions; one in five is drawn from everyone (people join
 * networks that are not quite for them, and people without a profile join too).
 */
class MemberPool {
  private readonly byLevel = new Map<string, Account[]>();
  private readonly byLevelIndustry = new Map<string, Account[]>();
  private readonly byLevelFunction = new Map<string, Account[]>();

  constructor(
    private readonly random: Random,
    private readonly members: Account[],
    private readonly profiles: Map<string, ProfileFacts>,
  ) {
    const add = (map: Map<string, Account[]>, key: string, account: Account) => {
      const list = map.get(key);
      if (list) list.push(account);
      else map.set(key, [account]);
    };
    for (const member of members) {
      const profile = profiles.get(member.id);
      if (!profile) continue;
      add(this.byLevel, profile.level, member);
      if (profile.industry) add(this.byLevelIndustry, `${profile.level}|${profile.industry}`, member);
      if (profile.function) add(this.byLevelFunction, `${profile.level}|${profile.function}`, member);
    }
  }

  anyone(): Account {
    return this.random.pick(this.members);
  }

  draw(audience: Audience, fitShare = 0.8): Account {
    const random = this.random;
    if (!random.chance(fitShare)) return this.anyone();
    const level = random.pick(audience.levels);
    let pool: Account[] | undefined;
    if (audience.industries.length > 0) pool = this.byLevelIndustry.get(`${level}|${random.pick(audience.industries)}`);
    else if (audience.functions.length > 0)
      pool = this.byLevelFunction.get(`${level}|${random.pick(audience.functions)}`);
    if (!pool || pool.length === 0) pool = this.byLevel.get(level);
    if (!pool || pool.length === 0) return this.anyone();
    let candidate = random.pick(pool);
    for (let tries = 0; tries < 3 && !this.fits(candidate, audience); tries++) candidate = random.pick(pool);
    return candidate;
  }

  private fits(account: Account, audience: Audience): boolean {
    const profile = this.profiles.get(account.id);
    if (!profile) return false;
    const on = (values: string[], value: string | null) =>
      values.length === 0 || (value !== null && values.includes(value));
    return (
      on(audience.functions, profile.function) &&
      on(audience.companySizes, profile.companySize) &&
      on(audience.regions, profile.region)
    );
  }
}

type Rows = {
  networks: Insertable<Tables['networks']>[];
  networkCharters: Insertable<Tables['networkCharters']>[];
  networkAudience: Insertable<Tables['networkAudience']>[];
  memberships: Insertable<Tables['memberships']>[];
  charterAcceptances: Insertable<Tables['charterAcceptances']>[];
  networkApplications: Insertable<Tables['networkApplications']>[];
  networkInvitations: Insertable<Tables['networkInvitations']>[];
  networkAdmissions: Insertable<Tables['networkAdmissions']>[];
};

export async function writeNetworks(
  trx: Trx,
  random: Random,
  admin: Account,
  members: Account[],
  profiles: Map<string, ProfileFacts>,
  count: number,
  reports: TableReport[],
): Promise<NetworksResult> {
  const started = performance.now();
  const rows: Rows = {
    networks: [],
    networkCharters: [],
    networkAudience: [],
    memberships: [],
    charterAcceptances: [],
    networkApplications: [],
    networkInvitations: [],
    networkAdmissions: [],
  };
  const pool = new MemberPool(random, members, profiles);
  const invitees = new PeopleFactory(random);
  const [benchMember] = members;
  const takenNames = new Map<string, number>();
  const takenSlugs = new Set<string>();
  // Networks were created over the last two years, the first ones right after the host admin arrived.
  const firstMs = Math.max(admin.createdMs + DAY_MS, ANCHOR_MS - 700 * DAY_MS);
  const meanGapMs = (ANCHOR_MS - 7 * DAY_MS - firstMs) / Math.max(count, 1);
  // An early network is the flagship community; the member-list scenario reads its 5,000 members.
  const flagshipIndex = Math.floor(count / 20);
  let flagship: NetworksResult['flagship'] = null;
  let createdMs = firstMs;

  for (let index = 0; index < count; index++) {
    createdMs += Math.max(1, Math.round(random.next() * 2 * meanGapMs));
    const isFlagship = index === flagshipIndex;
    const status = isFlagship
      ? 'active'
      : weighted(random, [
          ['active', 98.7],
          ['proposed', 1],
          ['declined', 0.3],
        ] as const);
    const wanted = Math.min(isFlagship ? FLAGSHIP_SIZE : drawSize(random), Math.floor(members.length / 2));
    const broad = wanted > 300;
    // Hundreds of people do not meet in one room: large communities are online.
    const format = broad
      ? 'online'
      : weighted(random, [
          ['online', 50],
          ['hybrid', 25],
          ['in_person', 25],
        ] as const);
    const homeRegion = format === 'online' ? null : weighted(random, regionWeights);
    const place =
      homeRegion === null
        ? { city: null, area: null }
        : random.chance(0.8)
          ? { city: random.pick(citiesByRegion[homeRegion] ?? ['London']), area: null }
          : { city: null, area: random.pick(areasByRegion[homeRegion] ?? ['Europe']) };
    // In-person groups meet in one city, so they name its region; online ones rarely do.
    const audience = drawAudience(random, broad, homeRegion);
    if (homeRegion === null && audience.regions[0] && random.chance(0.7)) {
      place.area = random.pick(areasByRegion[audience.regions[0]] ?? [regionLabel.get(audience.regions[0]) ?? '']);
    }
    const cadence = weighted(random, [
      ['monthly', 45],
      ['fortnightly', 15],
      ['weekly', 8],
      ['quarterly', 17],
      ['as_needed', 15],
    ] as const);
    const naming = nameNetwork(random, audience, place, cadence, format === 'online' ? 'online' : format);
    const seen = takenNames.get(naming.name) ?? 0;
    takenNames.set(naming.name, seen + 1);
    // Namesakes are numbered as peer-group organisations number their groups.
    const name = seen === 0 ? naming.name : `${naming.name.slice(0, NETWORK_NAME_MAX_LENGTH - 4)} ${seen + 1}`;
    let slug = slugify(name);
    for (let n = 2; takenSlugs.has(slug); n++) slug = `${slugify(name).slice(0, 55).replace(/-+$/, '')}-${n}`;
    takenSlugs.add(slug);

    const id = random.uuidV7(createdMs);
    const joinPolicy = isFlagship
      ? 'open'
      : weighted(random, [
          ['application', 50],
          ['open', 30],
          ['invitation', 20],
        ] as const);
    const questions =
      joinPolicy === 'application' ? distinct(random.int(4), () => random.pick(applicationQuestionPool)) : [];
    const proposer = status === 'active' ? null : pool.anyone();
    const charter = random.chance(0.2) ? `${DEFAULT_CHARTER}\n\n${random.pick(customCharterClauses)}` : DEFAULT_CHARTER;
    rows.networkCharters.push({
      networkId: id,
      version: 1,
      charter,
      confidentiality: DEFAULT_CONFIDENTIALITY,
      createdBy: proposer?.id ?? admin.id,
      createdAt: iso(createdMs),
    });
    for (const dimension of AUDIENCE_DIMENSIONS) {
      const values = audience[dimension];
      for (const value of values.length > 0 ? values : ['*'])
        rows.networkAudience.push({ networkId: id, dimension, value });
    }

    // Facilitators first (they started the group), then members over the time since.
    const inNetwork = new Set<string>();
    let active = 0;
    let facilitators: Account[] = [];
    if (status === 'active') {
      const facilitatorCount = wanted >= 20 && random.chance(0.5) ? 2 : 1;
      // `wanted` counts active members, as member_count does; some who joined have left since.
      for (let tries = 0; active < wanted && tries < wanted * 6; tries++) {
        // The benchmark's member belongs to the flagship, so it may read the member list.
        if (isFlagship && benchMember && facilitators.length === facilitatorCount && !inNetwork.has(benchMember.id)) {
          inNetwork.add(benchMember.id);
          active += addMembership(random, rows, id, benchMember, createdMs, false, facilitators, true);
          continue;
        }
        // The flagship is filled to its size exactly: once fitting people run short, anyone joins.
        const fitShare = inNetwork.size < facilitatorCount ? 0.95 : isFlagship && tries > wanted * 2 ? 0 : 0.8;
        const account = pool.draw(audience, fitShare);
        if (inNetwork.has(account.id)) continue;
        inNetwork.add(account.id);
        const isFacilitator = facilitators.length < facilitatorCount;
        if (isFacilitator) facilitators.push(account);
        active += addMembership(random, rows, id, account, createdMs, isFacilitator, facilitators);
      }
      facilitators = facilitators.length > 0 ? facilitators : [admin];
    }

    const sizeLimit =
      status !== 'active' || random.chance(0.35) || active < 2
        ? null
        : random.chance(0.2)
          ? active
          : ([12, 15, 20, 25, 30, 40, 50, 100, 250, 500, 1000, 10000].find((limit) => limit >= active * 1.1) ?? 10000);
    const masks = audienceMasks(audience);
    rows.networks.push({
      id,
      slug,
      name,
      audienceLevels: masks.levels,
      audienceFunctions: masks.functions,
      audienceIndustries: masks.industries,
      audienceCompanySizes: masks.companySizes,
      audienceRegions: masks.regions,
      purpose: naming.purpose,
      status,
      format,
      homeLocation: place.city,
      cadence,
      sizeLimit: isFlagship ? null : sizeLimit,
      joinPolicy,
      listed: isFlagship || random.chance(0.85) ? 1 : 0,
      memberCount: active,
      charterVersion: 1,
      applicationQuestions: JSON.stringify(questions),
      allowMemberInvites: random.chance(0.3) ? 1 : 0,
      refuseSameCompany: random.chance(0.4) ? 1 : 0,
      refuseCompetitors: random.chance(0.3) ? 1 : 0,
      proposedBy: proposer?.id ?? null,
      decisionMessage:
        status === 'declined' ? 'We already have a network for this audience; please join that one.' : null,
      createdAt: iso(createdMs),
      updatedAt: iso(createdMs + random.int(DAY_MS)),
    });
    if (isFlagship) flagship = { id, slug, name, memberCount: active };

    if (status === 'active') {
      if (joinPolicy === 'application')
        addApplications(random, rows, id, audience, questions, pool, inNetwork, facilitators);
      if (joinPolicy === 'invitation' || random.chance(0.1)) {
        addInvitations(random, rows, id, joinPolicy, pool, invitees, inNetwork, facilitators);
      }
    }
  }

  const buildMs = performance.now() - started;
  await insertReported(reports, trx, 'networks', rows.networks, buildMs);
  await insertReported(reports, trx, 'networkCharters', rows.networkCharters);
  await insertReported(reports, trx, 'networkAudience', rows.networkAudience);
  await insertReported(reports, trx, 'memberships', rows.memberships);
  await insertReported(reports, trx, 'charterAcceptances', rows.charterAcceptances);
  await insertReported(reports, trx, 'networkApplications', rows.networkApplications);
  await insertReported(reports, trx, 'networkInvitations', rows.networkInvitations);
  await insertReported(reports, trx, 'networkAdmissions', rows.networkAdmissions);
  return { networks: count, flagship, searchWord: SEARCH_WORD };
}

/** One membership with its charter acceptance; answers 1 when it is active (counted). */
function addMembership(
  random: Random,
  rows: Rows,
  networkId: string,
  account: Account,
  networkCreatedMs: number,
  isFacilitator: boolean,
  facilitators: Account[],
  staysActive = false,
): number {
  const earliestMs = Math.max(networkCreatedMs, account.createdMs) + 1;
  const joinedMs = isFacilitator
    ? earliestMs + random.int(DAY_MS)
    : earliestMs + Math.floor(random.next() * Math.max(DAY_MS, ANCHOR_MS - earliestMs));
  const ending =
    isFacilitator || staysActive
      ? 'active'
      : weighted(random, [
          ['active', 95],
          ['left', 4],
          ['removed', 1],
        ] as const);
  const endedMs = joinedMs + Math.floor(random.next() * Math.max(DAY_MS, ANCHOR_MS - joinedMs));
  const remover = facilitators.find((facilitator) => facilitator.id !== account.id);
  const status = ending === 'removed' && !remover ? 'left' : ending;
  rows.memberships.push({
    networkId,
    userId: account.id,
    role: isFacilitator ? 'facilitator' : 'member',
    status,
    joinedAt: iso(joinedMs),
    acceptedCharterVersion: 1,
    acceptedCharterAt: iso(joinedMs),
    endedAt: status === 'active' ? null : iso(endedMs),
    removedBy: status === 'removed' ? (remover?.id ?? null) : null,
    removalReason: status === 'removed' ? random.pick(removalReasons) : null,
  });
  rows.charterAcceptances.push({
    id: random.uuidV7(joinedMs),
    networkId,
    userId: account.id,
    version: 1,
    acceptedAt: iso(joinedMs),
  });
  return status === 'active' ? 1 : 0;
}

/** A queue for the facilitators: pending applications, a few declined, now and then one approved. */
function addApplications(
  random: Random,
  rows: Rows,
  networkId: string,
  audience: Audience,
  questions: string[],
  pool: MemberPool,
  inNetwork: Set<string>,
  facilitators: Account[],
): void {
  const pending = weighted(random, [
    [0, 30],
    [1, 30],
    [2, 20],
    [3, 12],
    [5, 8],
  ] as const);
  const declined = random.chance(0.3) ? 1 : 0;
  const approved = random.chance(0.08) ? 1 : 0;
  for (let n = 0; n < pending + declined + approved; n++) {
    const applicant = pool.draw(audience);
    if (inNetwork.has(applicant.id)) continue;
    inNetwork.add(applicant.id);
    const status = n < pending ? 'pending' : n < pending + declined ? 'declined' : 'approved';
    const createdMs = Math.max(applicant.createdMs + 1, ANCHOR_MS - random.int(30 * DAY_MS));
    const decidedMs = createdMs + random.int(5 * DAY_MS);
    const decider = random.pick(facilitators);
    const id = random.uuidV7(createdMs);
    rows.networkApplications.push({
      id,
      networkId,
      userId: applicant.id,
      why: `I am facing ${random.pick(topics)} for the first time and want to hear from people who have done it.`,
      contribution: `Ten years of ${random.pick(topics)}; happy to share what went wrong as well as what worked.`,
      answers: JSON.stringify(questions.map(() => `Mostly ${random.pick(topics)}, and some ${random.pick(topics)}.`)),
      status,
      decisionMessage: status === 'declined' ? random.pick(declineMessages) : status === 'approved' ? 'Welcome!' : null,
      decidedBy: status === 'pending' ? null : decider.id,
      decidedAt: status === 'pending' ? null : iso(decidedMs),
      createdAt: iso(createdMs),
    });
    if (status === 'approved') {
      rows.networkAdmissions.push({
        id: random.uuidV7(decidedMs),
        networkId,
        userId: applicant.id,
        via: 'application',
        sourceId: id,
        grantedAt: iso(decidedMs),
        usedAt: null,
      });
    }
  }
}

/**
 * Email invitations (to members and to people without an account yet) and now and then a shared
 * link. Tokens are secrets like session tokens (node:crypto, never seeded): only their hashes are
 * stored, and they differ between runs.
 */
function addInvitations(
  random: Random,
  rows: Rows,
  networkId: string,
  joinPolicy: string,
  pool: MemberPool,
  invitees: PeopleFactory,
  inNetwork: Set<string>,
  facilitators: Account[],
): void {
  const emails = joinPolicy === 'invitation' ? random.int(5) : 1;
  for (let n = 0; n < emails; n++) {
    const createdMs = ANCHOR_MS - random.int(40 * DAY_MS);
    const member = random.chance(0.6) ? pool.anyone() : null;
    if (member && inNetwork.has(member.id)) continue;
    const accepted = member !== null && random.chance(0.15);
    const id = random.uuidV7(createdMs);
    rows.networkInvitations.push({
      id,
      networkId,
      kind: 'email',
      email: member?.email ?? invitees.next().email,
      tokenHash: hashToken(newSecretToken()),
      message: random.chance(0.5) ? 'I think you would get a lot out of this group — and we out of you.' : null,
      invitedBy: random.pick(facilitators).id,
      maxUses: 1,
      uses: accepted ? 1 : 0,
      createdAt: iso(createdMs),
      expiresAt: iso(createdMs + 14 * DAY_MS),
      revokedAt: !accepted && random.chance(0.05) ? iso(createdMs + random.int(7 * DAY_MS)) : null,
    });
    if (member && accepted) {
      inNetwork.add(member.id);
      const acceptedMs = createdMs + random.int(3 * DAY_MS);
      rows.networkAdmissions.push({
        id: random.uuidV7(acceptedMs),
        networkId,
        userId: member.id,
        via: 'invitation',
        sourceId: id,
        grantedAt: iso(acceptedMs),
        usedAt: null,
      });
    }
  }
  if (random.chance(0.25)) {
    const createdMs = ANCHOR_MS - random.int(20 * DAY_MS);
    const maxUses = random.chance(0.5) ? 10 + random.int(40) : null;
    rows.networkInvitations.push({
      id: random.uuidV7(createdMs),
      networkId,
      kind: 'link',
      email: null,
      tokenHash: hashToken(newSecretToken()),
      message: null,
      invitedBy: random.pick(facilitators).id,
      maxUses,
      uses: random.int(Math.min(maxUses ?? 10, 10)),
      createdAt: iso(createdMs),
      expiresAt: iso(createdMs + (7 + random.int(24)) * DAY_MS),
      revokedAt: null,
    });
  }
}
