import { type Static, Type } from 'typebox';
import { Id } from './common.js';

/** One entry of a fixed list: a stable id for the API and a label for people. */
export type Option<IdT extends string = string> = { readonly id: IdT; readonly label: string };

/** Career levels in order, from the first job to the board; networks of true peers filter on these. */
export const LEVELS = [
  { id: 'early_career', label: 'Early career / apprentice' },
  { id: 'individual_contributor', label: 'Individual contributor' },
  { id: 'senior_individual_contributor', label: 'Senior individual contributor' },
  { id: 'manager', label: 'Manager' },
  { id: 'senior_manager', label: 'Senior manager' },
  { id: 'director', label: 'Director' },
  { id: 'vice_president', label: 'Vice president' },
  { id: 'c_level', label: 'C-level / chief executive' },
  { id: 'founder_owner', label: 'Founder / owner' },
  { id: 'board_member', label: 'Board member' },
] as const satisfies readonly Option[];

export const FUNCTIONS = [
  { id: 'general_management', label: 'General management' },
  { id: 'engineering', label: 'Engineering & technology' },
  { id: 'product', label: 'Product management' },
  { id: 'design', label: 'Design & user experience' },
  { id: 'data', label: 'Data & analytics' },
  { id: 'sales', label: 'Sales' },
  { id: 'marketing', label: 'Marketing' },
  { id: 'customer_success', label: 'Customer success & support' },
  { id: 'operations', label: 'Operations' },
  { id: 'supply_chain', label: 'Supply chain & procurement' },
  { id: 'finance', label: 'Finance & accounting' },
  { id: 'people', label: 'People & HR' },
  { id: 'legal', label: 'Legal & compliance' },
  { id: 'security', label: 'Security & risk' },
  { id: 'research', label: 'Research & development' },
  { id: 'strategy', label: 'Strategy & business development' },
  { id: 'communications', label: 'Communications & public affairs' },
  { id: 'healthcare_practice', label: 'Clinical practice' },
  { id: 'education_practice', label: 'Teaching & training' },
  { id: 'consulting', label: 'Consulting & advisory' },
  { id: 'other', label: 'Other' },
] as const satisfies readonly Option[];

export const INDUSTRIES = [
  { id: 'software', label: 'Software & internet' },
  { id: 'hardware', label: 'Hardware & electronics' },
  { id: 'telecom', label: 'Telecommunications' },
  { id: 'financial_services', label: 'Banking & financial services' },
  { id: 'insurance', label: 'Insurance' },
  { id: 'healthcare', label: 'Healthcare' },
  { id: 'life_sciences', label: 'Pharma & life sciences' },
  { id: 'manufacturing', label: 'Manufacturing' },
  { id: 'automotive', label: 'Automotive & mobility' },
  { id: 'energy', label: 'Energy & utilities' },
  { id: 'construction', label: 'Construction & real estate' },
  { id: 'retail', label: 'Retail & e-commerce' },
  { id: 'consumer_goods', label: 'Consumer goods' },
  { id: 'food_agriculture', label: 'Food & agriculture' },
  { id: 'logistics', label: 'Transport & logistics' },
  { id: 'hospitality', label: 'Hospitality & travel' },
  { id: 'media', label: 'Media & entertainment' },
  { id: 'professional_services', label: 'Professional services' },
  { id: 'education', label: 'Education' },
  { id: 'government', label: 'Government & public sector' },
  { id: 'nonprofit', label: 'Non-profit' },
  { id: 'other', label: 'Other' },
] as const satisfies readonly Option[];

export const REGIONS = [
  { id: 'north_america', label: 'North America' },
  { id: 'latin_america', label: 'Latin America & Caribbean' },
  { id: 'western_europe', label: 'Western Europe' },
  { id: 'northern_europe', label: 'Northern Europe' },
  { id: 'southern_europe', label: 'Southern Europe' },
  { id: 'central_eastern_europe', label: 'Central & Eastern Europe' },
  { id: 'middle_east', label: 'Middle East' },
  { id: 'africa', label: 'Africa' },
  { id: 'south_asia', label: 'South Asia' },
  { id: 'east_asia', label: 'East Asia' },
  { id: 'southeast_asia', label: 'Southeast Asia' },
  { id: 'oceania', label: 'Australia & Oceania' },
] as const satisfies readonly Option[];

/** Employee-count bands, smallest first. */
export const COMPANY_SIZES = [
  { id: '1-10', label: '1–10 people' },
  { id: '11-50', label: '11–50 people' },
  { id: '51-200', label: '51–200 people' },
  { id: '201-1000', label: '201–1,000 people' },
  { id: '1001-5000', label: '1,001–5,000 people' },
  { id: '5001-10000', label: '5,001–10,000 people' },
  { id: '10000+', label: 'More than 10,000 people' },
] as const satisfies readonly Option[];

type IdsOf<List extends readonly Option[]> = { -readonly [K in keyof List]: List[K]['id'] };
// Marked free of side effects so bundlers drop the schemas a client does not use.
const idsOf = /* #__NO_SIDE_EFFECTS__ */ <List extends readonly Option[]>(list: List) =>
  list.map((option) => option.id) as IdsOf<List>;

export const Level = Type.Enum(idsOf(LEVELS), { description: 'An id from `levels` of /profile-options' });
export type Level = Static<typeof Level>;
export const JobFunction = Type.Enum(idsOf(FUNCTIONS), { description: 'An id from `functions` of /profile-options' });
export type JobFunction = Static<typeof JobFunction>;
export const Industry = Type.Enum(idsOf(INDUSTRIES), { description: 'An id from `industries` of /profile-options' });
export type Industry = Static<typeof Industry>;
export const Region = Type.Enum(idsOf(REGIONS), { description: 'An id from `regions` of /profile-options' });
export type Region = Static<typeof Region>;
export const CompanySize = Type.Enum(idsOf(COMPANY_SIZES), {
  description: 'An id from `companySizes` of /profile-options',
});
export type CompanySize = Static<typeof CompanySize>;

export const HEADLINE_MAX_LENGTH = 120;
export const JOB_TITLE_MAX_LENGTH = 100;
export const COMPANY_MAX_LENGTH = 100;
export const BIO_MAX_LENGTH = 1000;
export const WEBSITE_MAX_LENGTH = 300;
export const TIME_ZONE_MAX_LENGTH = 64;
export const EXPERTISE_MAX_TAGS = 15;
export const EXPERTISE_TAG_MAX_LENGTH = 40;
export const YEARS_OF_EXPERIENCE_MAX = 70;
export const DECLARED_COMPANIES_MAX = 20;

/** Only web links: a profile link must never run script or open a local file. */
export const WEBSITE_PATTERN = '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#]+\\.[^\\s]+$';

/** Zones already found valid: building a formatter to check one costs ~50 µs, and every notification checks its recipient's. */
const knownTimeZones = new Set<string>();

/** True for an IANA time zone the runtime knows, e.g. `Europe/Berlin`; the same check runs in browser and server. */
export function isValidTimeZone(value: string): boolean {
  if (knownTimeZones.has(value)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(value)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    // Only what the runtime accepted is kept, so the set holds at most the runtime's few hundred zones.
    if (knownTimeZones.size < 2_000) knownTimeZones.add(value);
    return true;
  } catch {
    return false;
  }
}

/**
 * A company name as compared for conflicts: case, accents, punctuation and legal suffixes ignored,
 * so "ACME, Inc." and "Acme" are one company.
 */
export function companyKey(name: string): string {
  const words = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  while (words.length > 1 && LEGAL_SUFFIXES.has(words.at(-1) ?? '')) words.pop();
  return words.join(' ');
}

const LEGAL_SUFFIXES = new Set([
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'srl',
  'bv',
  'nv',
  'co',
  'corp',
  'corporation',
  'company',
  'group',
  'holding',
  'holdings',
  'kg',
  'oy',
  'ab',
  'as',
  'spa',
  'pty',
  'se',
]);

/**
 * An expertise tag as stored: trimmed, inner spaces collapsed, lower case, so that
 * "Pricing ", "pricing" and "PRICING" are one tag.
 */
export const normaliseTag = (tag: string): string => tag.trim().replace(/\s+/g, ' ').toLowerCase();

/** Who may see a profile field: the member's network peers, or everyone signed in to this Roundtable. */
export const FieldVisibility = Type.Enum(['network', 'signed_in'], {
  description: '`network`: people who share a network with the member; `signed_in`: everyone signed in',
});
export type FieldVisibility = Static<typeof FieldVisibility>;

/** Every profile field that carries its own visibility, in the order forms show them. */
export const PROFILE_FIELDS = [
  'headline',
  'jobTitle',
  'level',
  'function',
  'industry',
  'company',
  'companySize',
  'region',
  'timeZone',
  'yearsOfExperience',
  'expertise',
  'bio',
  'website',
] as const;
export type ProfileField = (typeof PROFILE_FIELDS)[number];

/** Company and personal details stay among network peers until the member says otherwise. */
export const DEFAULT_VISIBILITY: Record<ProfileField, FieldVisibility> = {
  headline: 'signed_in',
  jobTitle: 'signed_in',
  level: 'signed_in',
  function: 'signed_in',
  industry: 'signed_in',
  company: 'network',
  companySize: 'network',
  region: 'signed_in',
  timeZone: 'network',
  yearsOfExperience: 'network',
  expertise: 'signed_in',
  bio: 'network',
  website: 'signed_in',
};

const Headline = Type.String({ minLength: 1, maxLength: HEADLINE_MAX_LENGTH, pattern: '\\S' });
const JobTitle = Type.String({ minLength: 1, maxLength: JOB_TITLE_MAX_LENGTH, pattern: '\\S' });
const Company = Type.String({ minLength: 1, maxLength: COMPANY_MAX_LENGTH, pattern: '\\S' });
const TimeZone = Type.String({
  minLength: 1,
  maxLength: TIME_ZONE_MAX_LENGTH,
  description: 'An IANA time zone such as `Europe/Berlin`',
});
const YearsOfExperience = Type.Integer({ minimum: 0, maximum: YEARS_OF_EXPERIENCE_MAX });
const ExpertiseTag = Type.String({ minLength: 1, maxLength: EXPERTISE_TAG_MAX_LENGTH, pattern: '\\S' });
const Expertise = Type.Array(ExpertiseTag, { maxItems: EXPERTISE_MAX_TAGS });
const Bio = Type.String({ minLength: 1, maxLength: BIO_MAX_LENGTH, pattern: '\\S' });
const Website = Type.String({ minLength: 1, maxLength: WEBSITE_MAX_LENGTH, pattern: WEBSITE_PATTERN });
const DeclaredCompanies = Type.Array(Company, { maxItems: DECLARED_COMPANIES_MAX });

const orNull = /* #__NO_SIDE_EFFECTS__ */ <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const ProfileVisibility = Type.Object({
  headline: FieldVisibility,
  jobTitle: FieldVisibility,
  level: FieldVisibility,
  function: FieldVisibility,
  industry: FieldVisibility,
  company: FieldVisibility,
  companySize: FieldVisibility,
  region: FieldVisibility,
  timeZone: FieldVisibility,
  yearsOfExperience: FieldVisibility,
  expertise: FieldVisibility,
  bio: FieldVisibility,
  website: FieldVisibility,
});
export type ProfileVisibility = Static<typeof ProfileVisibility>;

/** The member's own profile: every value (null when unset) and who may see each. */
export const OwnProfileView = Type.Object({
  headline: orNull(Type.String()),
  jobTitle: orNull(Type.String()),
  level: orNull(Level),
  function: orNull(JobFunction),
  industry: orNull(Industry),
  company: orNull(Type.String()),
  companySize: orNull(CompanySize),
  region: orNull(Region),
  timeZone: orNull(Type.String()),
  yearsOfExperience: orNull(Type.Integer()),
  expertise: Type.Array(Type.String()),
  bio: orNull(Type.String()),
  website: orNull(Type.String()),
  /** Relative URL of the 256×256 avatar, or null when none is uploaded. */
  avatarUrl: orNull(Type.String()),
  visibility: ProfileVisibility,
  /** Companies the member declares competitors; private, used only to screen conflicts of interest. */
  competitors: Type.Array(Type.String()),
  /** Companies the member declares customers; private, shown to facilitators only as a conflict. */
  customers: Type.Array(Type.String()),
});
export type OwnProfileView = Static<typeof OwnProfileView>;

/**
 * A partial change to one's profile: a field left out stays as it is, null clears it.
 * `visibility` changes only the fields it names.
 */
export const ProfileUpdateBody = Type.Object(
  {
    headline: Type.Optional(orNull(Headline)),
    jobTitle: Type.Optional(orNull(JobTitle)),
    level: Type.Optional(orNull(Level)),
    function: Type.Optional(orNull(JobFunction)),
    industry: Type.Optional(orNull(Industry)),
    company: Type.Optional(orNull(Company)),
    companySize: Type.Optional(orNull(CompanySize)),
    region: Type.Optional(orNull(Region)),
    timeZone: Type.Optional(orNull(TimeZone)),
    yearsOfExperience: Type.Optional(orNull(YearsOfExperience)),
    expertise: Type.Optional(orNull(Expertise)),
    bio: Type.Optional(orNull(Bio)),
    website: Type.Optional(orNull(Website)),
    competitors: Type.Optional(DeclaredCompanies),
    customers: Type.Optional(DeclaredCompanies),
    visibility: Type.Optional(Type.Partial(ProfileVisibility, { additionalProperties: false })),
  },
  { additionalProperties: false },
);
export type ProfileUpdateBody = Static<typeof ProfileUpdateBody>;

/** Another member as the viewer may see them: a field the viewer may not see, or that is unset, is absent. */
export const MemberView = Type.Object({
  id: Id,
  name: Type.String(),
  avatarUrl: orNull(Type.String()),
  headline: Type.Optional(Type.String()),
  jobTitle: Type.Optional(Type.String()),
  level: Type.Optional(Level),
  function: Type.Optional(JobFunction),
  industry: Type.Optional(Industry),
  company: Type.Optional(Type.String()),
  companySize: Type.Optional(CompanySize),
  region: Type.Optional(Region),
  timeZone: Type.Optional(Type.String()),
  yearsOfExperience: Type.Optional(Type.Integer()),
  expertise: Type.Optional(Type.Array(Type.String())),
  bio: Type.Optional(Type.String()),
  website: Type.Optional(Type.String()),
  /** True when the viewer is this member. */
  isSelf: Type.Boolean(),
});
export type MemberView = Static<typeof MemberView>;

export const MemberParams = Type.Object({ memberId: Id }, { additionalProperties: false });
export type MemberParams = Static<typeof MemberParams>;

export const AvatarQuery = Type.Object(
  {
    /** Cache-busting version from `avatarUrl`; ignored by the server. */
    v: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);
export type AvatarQuery = Static<typeof AvatarQuery>;

export const AVATAR_MAX_BYTES = 5 * 1024 * 1024;
export const AVATAR_SIZE_PX = 256;
export const AVATAR_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

const OptionView = Type.Object({ id: Type.String(), label: Type.String() });

/** The fixed lists, for clients that do not share this package. */
export const ProfileOptionsView = Type.Object({
  levels: Type.Array(OptionView),
  functions: Type.Array(OptionView),
  industries: Type.Array(OptionView),
  regions: Type.Array(OptionView),
  companySizes: Type.Array(OptionView),
  visibilities: Type.Array(OptionView),
  limits: Type.Object({
    expertiseMaxTags: Type.Integer(),
    expertiseTagMaxLength: Type.Integer(),
    bioMaxLength: Type.Integer(),
    avatarMaxBytes: Type.Integer(),
  }),
});
export type ProfileOptionsView = Static<typeof ProfileOptionsView>;

export const VISIBILITY_OPTIONS = [
  { id: 'network', label: 'Members of my networks' },
  { id: 'signed_in', label: 'Everyone signed in' },
] as const satisfies readonly Option<FieldVisibility>[];
