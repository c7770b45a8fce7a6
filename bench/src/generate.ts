import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  COMPANY_SIZES,
  DEFAULT_VISIBILITY,
  FUNCTIONS,
  INDUSTRIES,
  LEVELS,
  PROFILE_FIELDS,
} from '@roundtable/contract/profiles';
import { type Insertable, PostgresAdapter, sql } from 'kysely';
import {
  type Database,
  type Db,
  migrateToLatest,
  openDatabase,
  type Trx,
  withTransaction,
} from '../../server/src/db/database.js';
import type { Tables } from '../../server/src/db/tables.js';
import {
  passwordChangedContent,
  resetPasswordContent,
  verifyEmailContent,
} from '../../server/src/features/accounts/accounts.emails.js';
import { hashToken, newSecretToken } from '../../server/src/platform/ids.js';
import { renderEmail } from '../../server/src/platform/mail.js';
import { encodeCursor } from '../../server/src/platform/pagination.js';
import { hashPassword } from '../../server/src/platform/passwords.js';
import { writeAssessments } from './assessments.js';
import { type MeetingsResult, writeBenchMeetings } from './meetings.js';
import { type NetworksResult, type ProfileFacts, writeNetworks } from './networks.js';
import { PeopleFactory, userAgents } from './people.js';
import { type PulseResult, writeBenchPulse } from './pulses.js';
import { Random } from './random.js';
import { type Account, ANCHOR_MS, DAY_MS, insertInBatches, iso, type TableReport, weighted, zipf } from './rows.js';
import { type ThreadsResult, writeThreads } from './threads.js';

export type { TableReport } from './rows.js';

export const HOST_ADMIN = {
  email: 'host@roundtable.example',
  name: 'Hanne Host',
  password: 'bench host password 2026',
};
export const MEMBER_PASSWORD = 'bench member password 2026';

const INSTANCE_URL = 'https://roundtable.example';

export type GenerateOptions = {
  members: number;
  outbox: number;
  networks: number;
  /** Threads and replies together; ten per member unless given. */
  posts?: number;
  seed: number;
  /** Share of members holding a signed-in session (one or two devices each). */
  sessionShare?: number;
};

export type DataSet = {
  tables: TableReport[];
  ms: number;
  /** Cookie tokens (`rt_session`) that scenarios send instead of signing in. */
  adminToken: string;
  memberToken: string;
  memberEmail: string;
  /** An outbox page cursor 90 % deep into the newest-first list. */
  deepOutboxCursor: string | null;
  /** The profile of the member whose session `memberToken` is: the directory ranks by it. */
  memberProfile: ProfileFacts | null;
  networks: NetworksResult;
  threads: ThreadsResult;
  /** An open pulse in the flagship network waiting for the benchmark's member. */
  pulse: PulseResult;
  /** Every network's monthly meetings; the flagship's next one with its agenda and answers. */
  meetings: MeetingsResult;
};

/** Writes a whole data set into an empty, migrated database: one function per table group. */
export async function generateDataSet(db: Db, options: GenerateOptions): Promise<DataSet> {
  const started = performance.now();
  const tables: TableReport[] = [];

  const accounts = await timed(tables, 'users', () =>
    withTransaction(db, (trx) => writeAccounts(trx, Random.forGroup(options.seed, 'accounts'), options.members)),
  );
  const sessions = await timed(tables, 'sessions', () =>
    withTransaction(db, (trx) =>
      writeSessions(trx, Random.forGroup(options.seed, 'sessions'), accounts, options.sessionShare ?? 0.6),
    ),
  );
  const profiles = await timed(tables, 'profiles', () =>
    withTransaction(db, (trx) =>
      writeProfiles(
        trx,
        Random.forGroup(options.seed, 'profiles'),
        Random.forGroup(options.seed, 'declarations'),
        accounts.members,
      ),
    ),
  );
  const outbox = await timed(tables, 'outboxMessages', () =>
    withTransaction(db, (trx) =>
      writeOutbox(trx, Random.forGroup(options.seed, 'outbox'), accounts.members, options.outbox),
    ),
  );
  // One transaction for the networks and everything in them; each table reports its own rows and time.
  const networks = await withTransaction(db, (trx) =>
    writeNetworks(
      trx,
      Random.forGroup(options.seed, 'networks'),
      accounts.admin,
      accounts.members,
      profiles.facts,
      options.networks,
      tables,
    ),
  );

  // NQ results and plans; each table reports its own rows and time.
  await withTransaction(db, (trx) =>
    writeAssessments(trx, Random.forGroup(options.seed, 'assessments'), accounts.members, tables),
  );

  // Discussions write in transactions of their own (about 25,000 posts each), so a million posts
  // never sit in one transaction's memory or write-ahead log.
  const threads = await writeThreads(
    db,
    Random.forGroup(options.seed, 'threads'),
    {
      posts: options.posts ?? defaultPosts(options.members),
      flagshipId: networks.flagship?.id ?? null,
      benchMemberId: accounts.members[0]?.id ?? null,
    },
    tables,
  );

  const pulse = await writeBenchPulse(
    db,
    Random.forGroup(options.seed, 'pulses'),
    { networkId: threads.flagship?.networkId ?? null, benchMemberId: accounts.members[0]?.id ?? null },
    tables,
  );

  const meetings = await writeBenchMeetings(
    db,
    Random.forGroup(options.seed, 'meetings'),
    { flagshipId: threads.flagship?.networkId ?? null, benchMemberId: accounts.members[0]?.id ?? null },
    tables,
  );

  // PostgreSQL plans from table statistics, and autovacuum gathers them only a minute or more after
  // a bulk load: without this, the first minutes of a benchmark measure plans made for empty tables
  // (the directory query took 14 s instead of 0.2 s). SQLite keeps no statistics unless asked, like
  // the server's own database, so it is left alone.
  if (db.getExecutor().adapter instanceof PostgresAdapter) await sql`analyze`.execute(db);

  return {
    tables,
    ms: performance.now() - started,
    adminToken: sessions.adminToken,
    memberToken: sessions.memberToken,
    memberEmail: sessions.memberEmail,
    deepOutboxCursor: outbox.deepCursor,
    memberProfile: profiles.facts.get(accounts.members[0]?.id ?? '') ?? null,
    networks,
    threads,
    pulse,
    meetings,
  };
}

async function timed<T extends { rows: number }>(
  reports: TableReport[],
  table: keyof Tables,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  const result = await work();
  reports.push({ table, rows: result.rows, ms: performance.now() - started });
  return result;
}

// Accounts: one host admin with a known password, members sharing one pre-computed hash
// (argon2id costs ~50 ms each; thousands would dominate the run).

type Accounts = { admin: Account; members: Account[]; rows: number };

async function writeAccounts(trx: Trx, random: Random, memberCount: number): Promise<Accounts> {
  const [adminHash, memberHash] = await Promise.all([hashPassword(HOST_ADMIN.password), hashPassword(MEMBER_PASSWORD)]);
  const people = new PeopleFactory(random);
  const firstDayMs = ANCHOR_MS - 730 * DAY_MS;

  const admin: Account = {
    id: random.uuidV7(firstDayMs),
    name: HOST_ADMIN.name,
    email: HOST_ADMIN.email,
    createdMs: firstDayMs,
  };
  const members: Account[] = [];
  // Sign-ups spread over two years, in order, as a growing network's would.
  let createdMs = firstDayMs;
  const meanGapMs = (ANCHOR_MS - firstDayMs) / Math.max(memberCount, 1);
  for (let i = 0; i < memberCount; i++) {
    createdMs += Math.max(1, Math.round(random.next() * 2 * meanGapMs));
    members.push({ id: random.uuidV7(createdMs), ...people.next(), createdMs });
  }

  const rows: Insertable<Tables['users']>[] = [admin, ...members].map((account) => {
    const isAdmin = account === admin;
    const verifiedMs = isAdmin || random.chance(0.9) ? account.createdMs + random.int(DAY_MS) : null;
    return {
      id: account.id,
      email: account.email,
      name: account.name,
      passwordHash: isAdmin ? adminHash : memberHash,
      role: isAdmin ? 'admin' : 'member',
      emailVerifiedAt: verifiedMs === null ? null : iso(verifiedMs),
      createdAt: iso(account.createdMs),
      updatedAt: iso(verifiedMs ?? account.createdMs),
    };
  });
  await insertInBatches(trx, 'users', rows);
  return { admin, members, rows: rows.length };
}

// Sessions: real random tokens (they are secrets, so never seeded), stored hashed like the server's.

type SessionTokens = { adminToken: string; memberToken: string; memberEmail: string; rows: number };

async function writeSessions(trx: Trx, random: Random, accounts: Accounts, share: number): Promise<SessionTokens> {
  const now = Date.now();
  const rows: Insertable<Tables['sessions']>[] = [];
  const addSession = (account: Account) => {
    const token = newSecretToken();
    const createdMs = now - random.int(20 * DAY_MS);
    rows.push({
      id: random.uuidV7(createdMs),
      userId: account.id,
      tokenHash: hashToken(token),
      createdAt: iso(createdMs),
      // Far enough ahead that a long benchmark never meets an expired session.
      expiresAt: iso(now + 30 * DAY_MS),
      userAgent: random.pick(userAgents),
    });
    return token;
  };

  const adminToken = addSession(accounts.admin);
  const [member] = accounts.members;
  if (!member) throw new Error('The data set needs at least one member.');
  const memberToken = addSession(member);
  for (const account of accounts.members.slice(1)) {
    if (!random.chance(share)) continue;
    addSession(account);
    if (random.chance(0.3)) addSession(account);
  }
  await insertInBatches(trx, 'sessions', rows);
  return { adminToken, memberToken, memberEmail: member.email, rows: rows.length };
}

// Profiles: most members fill in some of theirs. Levels and company sizes follow a professional
// association's membership (many managers and directors, few board members); functions, industries
// and regions are skewed the way real member bases are, and a few members hide fields from non-peers.

const levelWeights = [3, 12, 10, 18, 12, 16, 10, 8, 9, 2];
const sizeWeights = [14, 20, 22, 20, 12, 5, 7];
// Earlier entries of each list are more common (a Zipf-like tail), so filters see realistic skew.
const functionWeights = zipf(FUNCTIONS);
const industryWeights = zipf(INDUSTRIES);
const regionWeights = [
  ['north_america', 30],
  ['western_europe', 22],
  ['northern_europe', 8],
  ['southern_europe', 6],
  ['central_eastern_europe', 6],
  ['east_asia', 7],
  ['south_asia', 6],
  ['southeast_asia', 4],
  ['oceania', 4],
  ['latin_america', 4],
  ['middle_east', 2],
  ['africa', 1],
] as const;
const zonesByRegion: Record<string, readonly string[]> = {
  north_america: ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles', 'America/Toronto'],
  western_europe: ['Europe/London', 'Europe/Paris', 'Europe/Berlin', 'Europe/Amsterdam', 'Europe/Zurich'],
  northern_europe: ['Europe/Stockholm', 'Europe/Oslo', 'Europe/Helsinki', 'Europe/Copenhagen'],
  southern_europe: ['Europe/Madrid', 'Europe/Rome', 'Europe/Lisbon', 'Europe/Athens'],
  central_eastern_europe: ['Europe/Warsaw', 'Europe/Prague', 'Europe/Budapest', 'Europe/Bucharest'],
  east_asia: ['Asia/Tokyo', 'Asia/Seoul', 'Asia/Shanghai', 'Asia/Hong_Kong'],
  south_asia: ['Asia/Kolkata', 'Asia/Karachi', 'Asia/Dhaka'],
  southeast_asia: ['Asia/Singapore', 'Asia/Jakarta', 'Asia/Bangkok', 'Asia/Manila'],
  oceania: ['Australia/Sydney', 'Australia/Melbourne', 'Pacific/Auckland'],
  latin_america: ['America/Sao_Paulo', 'America/Mexico_City', 'America/Bogota', 'America/Santiago'],
  middle_east: ['Asia/Dubai', 'Asia/Riyadh', 'Asia/Jerusalem'],
  africa: ['Africa/Johannesburg', 'Africa/Lagos', 'Africa/Nairobi', 'Africa/Cairo'],
};
const titlesByLevel: Record<string, readonly string[]> = {
  early_career: ['Apprentice', 'Graduate trainee', 'Associate', 'Junior analyst'],
  individual_contributor: ['Analyst', 'Engineer', 'Specialist', 'Consultant', 'Account executive'],
  senior_individual_contributor: ['Senior engineer', 'Principal consultant', 'Staff engineer', 'Lead analyst'],
  manager: ['Team lead', 'Manager', 'Engineering manager', 'Sales manager', 'Product manager'],
  senior_manager: ['Senior manager', 'Head of operations', 'Group product manager'],
  director: ['Director', 'Head of sales', 'Head of engineering', 'Finance director'],
  vice_president: ['VP Sales', 'VP Engineering', 'VP Marketing', 'VP Operations'],
  c_level: ['CEO', 'CFO', 'CTO', 'COO', 'CMO', 'Chief people officer'],
  founder_owner: ['Founder', 'Co-founder', 'Owner', 'Managing partner'],
  board_member: ['Board member', 'Non-executive director', 'Chair'],
};
const companyStems = [
  'Northwind',
  'Acme',
  'Globex',
  'Initech',
  'Umbrella',
  'Stark',
  'Wayne',
  'Cyberdyne',
  'Hooli',
  'Vandelay',
  'Soylent',
  'Tyrell',
  'Wonka',
  'Gringotts',
  'Oscorp',
  'Pied Piper',
  'Aperture',
  'Massive Dynamic',
];
const companySuffixes = [
  'Analytics',
  'Logistics',
  'Health',
  'Foods',
  'Systems',
  'Partners',
  'Energy',
  'Labs',
  'Capital',
  'Retail',
  'Manufacturing',
  'Media',
];
const expertiseTopics = [
  'pricing',
  'sales enablement',
  'hiring',
  'fundraising',
  'board relations',
  'okrs',
  'remote teams',
  'procurement',
  'cloud costs',
  'security audits',
  'soc 2',
  'gdpr',
  'channel partners',
  'customer churn',
  'onboarding',
  'performance reviews',
  'compensation',
  'm&a',
  'supply chain resilience',
  'lean manufacturing',
  'product-led growth',
  'brand strategy',
  'data governance',
  'ai adoption',
  'change management',
  'succession planning',
  'cash flow',
  'export markets',
  'unions',
  'esg reporting',
];
const headlineVerbs = ['Scaling', 'Building', 'Leading', 'Turning around', 'Growing', 'Running'];
const headlineObjects = [
  'B2B sales teams',
  'a family business',
  'platform engineering',
  'finance operations',
  'regional distribution',
  'customer success',
  'a product portfolio',
  'people operations',
];

type Profiles = { rows: number; facts: Map<string, ProfileFacts> };

async function writeProfiles(trx: Trx, random: Random, declarations: Random, members: Account[]): Promise<Profiles> {
  const rows: Insertable<Tables['profiles']>[] = [];
  const facts = new Map<string, ProfileFacts>();
  // The benchmark's signed-in member always has a profile: the directory ranks networks by it.
  const [benchMember] = members;
  for (const member of members) {
    // About one in five never opens the profile page.
    if (!random.chance(0.8) && member !== benchMember) continue;
    const level = weighted(
      random,
      LEVELS.map((option, index) => [option.id, levelWeights[index] ?? 1] as const),
    );
    const region = weighted(random, regionWeights);
    const isThorough = random.chance(0.5) || member === benchMember;
    const optional = <T>(probability: number, value: () => T): T | null =>
      isThorough || random.chance(probability) ? value() : null;
    const topics = new Set<string>();
    const topicCount = optional(0.5, () => 1 + random.int(8)) ?? 0;
    while (topics.size < topicCount) topics.add(random.pick(expertiseTopics));
    const visibility = { ...DEFAULT_VISIBILITY };
    for (const field of PROFILE_FIELDS) {
      if (random.chance(0.08)) visibility[field] = visibility[field] === 'network' ? 'signed_in' : 'network';
    }
    const updatedMs = member.createdMs + random.int(30 * DAY_MS);
    rows.push({
      userId: member.id,
      headline: optional(0.4, () => `${random.pick(headlineVerbs)} ${random.pick(headlineObjects)}`),
      jobTitle: optional(0.7, () => random.pick(titlesByLevel[level] ?? ['Manager'])),
      level,
      function: optional(0.8, () => weighted(random, functionWeights)),
      industry: optional(0.8, () => weighted(random, industryWeights)),
      company: optional(0.6, () => `${random.pick(companyStems)} ${random.pick(companySuffixes)}`),
      companySize: optional(0.6, () =>
        weighted(
          random,
          COMPANY_SIZES.map((option, index) => [option.id, sizeWeights[index] ?? 1] as const),
        ),
      ),
      region: optional(0.8, () => region),
      timeZone: optional(0.5, () => random.pick(zonesByRegion[region] ?? ['UTC'])),
      yearsOfExperience: optional(0.5, () =>
        Math.min(45, LEVELS.findIndex((o) => o.id === level) * 3 + random.int(10)),
      ),
      expertise: JSON.stringify([...topics]),
      bio: optional(
        0.3,
        () =>
          `${random.pick(headlineVerbs)} ${random.pick(headlineObjects)}; ask me about ${random.pick(expertiseTopics)}.`,
      ),
      website: optional(0.15, () => `https://${member.name.toLowerCase().replace(/[^a-z]+/g, '-')}.example.com/blog`),
      visibility: JSON.stringify(visibility),
      avatarKey: null,
      avatarUpdatedAt: null,
      // Private, for the conflict-of-interest screen: some declare competitors, fewer customers.
      competitors: JSON.stringify(declaredCompanies(declarations, 0.15)),
      customers: JSON.stringify(declaredCompanies(declarations, 0.1)),
      updatedAt: iso(updatedMs),
    });
    const row = rows[rows.length - 1];
    facts.set(member.id, {
      level,
      function: row?.function ?? null,
      industry: row?.industry ?? null,
      companySize: row?.companySize ?? null,
      region: row?.region ?? null,
    });
  }
  await insertInBatches(trx, 'profiles', rows);
  return { rows: rows.length, facts };
}

function declaredCompanies(random: Random, share: number): string[] {
  if (!random.chance(share)) return [];
  const companies = new Set<string>();
  const count = 1 + random.int(3);
  while (companies.size < count) companies.add(`${random.pick(companyStems)} ${random.pick(companySuffixes)}`);
  return [...companies];
}

// Outbox: emails rendered with the server's own templates, over the last year, partly in bursts
// sharing one millisecond (a fan-out), so pagination's (createdAt, id) tie-breaker is exercised.

type Outbox = { deepCursor: string | null; rows: number };

const emailKinds = [
  { weight: 0.6, content: verifyEmailContent, path: '/verify-email' },
  { weight: 0.3, content: resetPasswordContent, path: '/reset-password' },
  { weight: 0.1, content: passwordChangedContent, path: '/reset-password' },
] as const;

function pickKind(random: Random) {
  let roll = random.next();
  for (const kind of emailKinds) {
    roll -= kind.weight;
    if (roll < 0) return kind;
  }
  return emailKinds[0];
}

async function writeOutbox(trx: Trx, random: Random, members: Account[], count: number): Promise<Outbox> {
  const firstMs = ANCHOR_MS - 365 * DAY_MS;
  const burstChance = 0.02;
  const meanBurst = 11.5;
  // Bursts add messages without moving the clock; lengthen the gaps so the year is still covered.
  const meanGapMs = ((ANCHOR_MS - firstMs) / Math.max(count, 1)) * (1 + burstChance * meanBurst);
  const rows: Insertable<Tables['outboxMessages']>[] = [];
  let createdMs = firstMs;
  let burstLeft = 0;
  while (rows.length < count) {
    if (burstLeft > 0) burstLeft--;
    else {
      createdMs += Math.max(1, Math.round(random.next() * 2 * meanGapMs));
      if (random.chance(burstChance)) burstLeft = 2 + random.int(20);
    }
    const to = random.pick(members);
    const kind = pickKind(random);
    const url = `${INSTANCE_URL}${kind.path}?token=${random.bytes(32).toString('base64url')}`;
    const message = renderEmail(to.email, kind.content(to.name, url), INSTANCE_URL);
    rows.push({
      id: random.uuidV7(createdMs),
      toAddress: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      createdAt: iso(createdMs),
    });
  }
  await insertInBatches(trx, 'outboxMessages', rows);

  // Newest first, ties broken by id, exactly as the admin list orders them.
  const newestFirst = rows
    .map((row) => ({ createdAt: row.createdAt, id: row.id }))
    .sort((a, b) => (a.createdAt === b.createdAt ? compare(b.id, a.id) : compare(b.createdAt, a.createdAt)));
  // 90 % deep, but always with a full page of 25 after it.
  const deep = newestFirst[Math.min(Math.floor(newestFirst.length * 0.9), newestFirst.length - 26)];
  return { deepCursor: deep ? encodeCursor(deep) : null, rows: rows.length };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export type Target = { databaseUrl: string | null; dataDir: string };

/** Opens and migrates the target database, refusing one that already holds accounts. */
export async function openEmptyDatabase(target: Target): Promise<Database> {
  const database = openDatabase({
    databaseUrl: target.databaseUrl,
    sqlitePath: path.join(target.dataDir, 'roundtable.db'),
  });
  try {
    await migrateToLatest(database.db);
    const existing = await database.db.selectFrom('users').select('id').limit(1).executeTakeFirst();
    if (existing) {
      throw new Error(
        `${target.databaseUrl ? 'That database' : `${target.dataDir}/roundtable.db`} already holds accounts; ` +
          'generate into a fresh one.',
      );
    }
    // The generator's connection only: a page cache large enough for the membership indexes, which
    // take rows in random user order (with SQLite's default 2 MB, inserts wait on page reads).
    if (database.dialect === 'sqlite') await sql`pragma cache_size = -262144`.execute(database.db);
    return database;
  } catch (error) {
    await database.close();
    throw error;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string', default: '1000' },
      outbox: { type: 'string', default: '10000' },
      networks: { type: 'string', default: '100' },
      posts: { type: 'string' },
      seed: { type: 'string', default: '42' },
      'database-url': { type: 'string' },
      'data-dir': { type: 'string', default: 'data' },
    },
  });
  const members = positiveInteger('--members', values.members);
  const options = {
    members,
    outbox: positiveInteger('--outbox', values.outbox, 0),
    networks: positiveInteger('--networks', values.networks, 0),
    posts: values.posts === undefined ? defaultPosts(members) : positiveInteger('--posts', values.posts, 0),
    seed: positiveInteger('--seed', values.seed, 0),
  };
  const target = { databaseUrl: values['database-url'] ?? null, dataDir: fromCallerDir(values['data-dir']) };
  if (!target.databaseUrl) fs.mkdirSync(target.dataDir, { recursive: true });

  const database = await openEmptyDatabase(target);
  try {
    const dataSet = await generateDataSet(database.db, options);
    console.info(`Wrote to ${target.databaseUrl ?? path.join(target.dataDir, 'roundtable.db')}:`);
    for (const table of dataSet.tables) {
      console.info(`  ${table.table.padEnd(24)} ${String(table.rows).padStart(9)} rows  ${table.ms.toFixed(0)} ms`);
    }
    console.info(`  total ${(dataSet.ms / 1000).toFixed(2)} s (seed ${options.seed})`);
    console.info(`\nHost admin: ${HOST_ADMIN.email} / "${HOST_ADMIN.password}"`);
    console.info(`Members' password: "${MEMBER_PASSWORD}"`);
    console.info(`Admin session:  rt_session=${dataSet.adminToken}`);
    console.info(`Member session: rt_session=${dataSet.memberToken} (${dataSet.memberEmail})`);
    console.info(`Deep outbox cursor: ${dataSet.deepOutboxCursor ?? '(no outbox)'}`);
    const { flagship } = dataSet.networks;
    console.info(
      flagship
        ? `Largest network: ${flagship.name} (/api/v1/networks/${flagship.slug}, id ${flagship.id}, ${flagship.memberCount} members)`
        : 'Largest network: (no networks)',
    );
    const discussions = dataSet.threads.flagship;
    console.info(
      discussions
        ? `Its discussions: ${discussions.listedThreads} threads; /api/v1/threads/${discussions.longThreadId} has ${discussions.longThreadReplies} replies`
        : 'Its discussions: (none)',
    );
    const profile = dataSet.memberProfile;
    if (profile)
      console.info(
        `Member's profile: level ${profile.level}, industry ${profile.industry ?? '—'}, function ${profile.function ?? '—'}`,
      );
  } finally {
    await database.close();
  }
}

/** Ten posts per member, as issue 8's 100,000 members and 1,000,000 posts. */
export const defaultPosts = (members: number) => members * 10;

/** npm runs workspace scripts in bench/; paths on the command line mean the caller's directory. */
export const fromCallerDir = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

export function positiveInteger(flag: string, raw: string, min = 1): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${flag} must be a whole number ≥ ${min}, got "${raw}"`);
  return value;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
