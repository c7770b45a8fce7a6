/*
 * `npm run demo`: turns an instance into a lived-in one through its own API, exactly as people
 * would — networks across industries, members at different levels, threads with replies, an
 * anonymous question, a pulse with results and the notifications all that sends — and prints the
 * demo accounts. It runs against the same data as `npm start` (DATA_DIR, or DATABASE_URL), once.
 */
import path from 'node:path';
import { currentInstrument } from '@roundtable/contract/assessments';
import { acceptedProposal, type PlanProposalView } from '@roundtable/contract/plans';
import type { LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/src/app.js';
import { loadConfig } from '../../server/src/config.js';
import { migrateToLatest, openDatabase } from '../../server/src/db/database.js';
import { write } from '../../server/src/db/write.js';
import { grantAdmission } from '../../server/src/features/memberships/memberships.service.js';

export const DEMO_PASSWORD = 'roundtable demo 2026';
const DOMAIN = 'demo.roundtable.example';

type Person = { key: string; name: string; email: string; cookie: string; id: string };
type Profile = Record<string, unknown>;

const PEOPLE: { key: string; name: string; role: string; profile: Profile }[] = [
  {
    key: 'host',
    name: 'Hanne Host',
    role: 'host admin',
    profile: {
      headline: 'Runs this Roundtable instance',
      jobTitle: 'Community director',
      level: 'director',
      function: 'operations',
      industry: 'professional_services',
      company: 'Roundtable Partners',
      companySize: '11-50',
      region: 'northern_europe',
    },
  },
  {
    key: 'facilitator',
    name: 'Fiona Facilitator',
    role: 'facilitator of the CFO Circle',
    profile: {
      headline: 'Former CFO, now facilitating peer groups',
      jobTitle: 'Facilitator',
      level: 'c_level',
      function: 'finance',
      industry: 'manufacturing',
      company: 'Bergmann Advisory',
      companySize: '1-10',
      region: 'western_europe',
    },
  },
  {
    key: 'member',
    name: 'Marco Member',
    role: 'member of the CFO Circle and the People Leaders Forum',
    profile: {
      headline: 'CFO at a precision-parts maker',
      jobTitle: 'Chief Financial Officer',
      level: 'c_level',
      function: 'finance',
      industry: 'manufacturing',
      company: 'Vitali Precision',
      companySize: '201-1000',
      region: 'southern_europe',
      competitors: ['Keller Components'],
    },
  },
  {
    key: 'applicant',
    name: 'Ada Applicant',
    role: 'applicant waiting for the CFO Circle',
    profile: {
      headline: 'Finance director in food processing',
      jobTitle: 'Finance Director',
      level: 'director',
      function: 'finance',
      industry: 'food_agriculture',
      company: 'Nordfrisk Foods',
      companySize: '1001-5000',
      region: 'northern_europe',
    },
  },
  {
    key: 'priya',
    name: 'Priya Raman',
    role: 'member',
    profile: {
      headline: 'CFO, industrial pumps',
      jobTitle: 'CFO',
      level: 'c_level',
      function: 'finance',
      industry: 'manufacturing',
      company: 'Aquaflow Industries',
      companySize: '1001-5000',
      region: 'western_europe',
    },
  },
  {
    key: 'jonas',
    name: 'Jonas Keller',
    role: 'member',
    profile: {
      headline: 'VP Finance, automotive supplier',
      jobTitle: 'VP Finance',
      level: 'vice_president',
      function: 'finance',
      industry: 'automotive',
      company: 'Keller Components',
      companySize: '1001-5000',
      region: 'central_eastern_europe',
    },
  },
  {
    key: 'sofia',
    name: 'Sofia Lindqvist',
    role: 'member',
    profile: {
      headline: 'CFO, packaging',
      jobTitle: 'CFO',
      level: 'c_level',
      function: 'finance',
      industry: 'manufacturing',
      company: 'Lindqvist Pack',
      companySize: '201-1000',
      region: 'northern_europe',
    },
  },
  {
    key: 'tomas',
    name: 'Tomás Ortega',
    role: 'member',
    profile: {
      headline: 'Group controller, building materials',
      jobTitle: 'Group Controller',
      level: 'senior_manager',
      function: 'finance',
      industry: 'construction',
      company: 'Ortega Materiales',
      companySize: '5001-10000',
      region: 'southern_europe',
    },
  },
  {
    key: 'amara',
    name: 'Amara Okafor',
    role: 'member',
    profile: {
      headline: 'Chief People Officer, logistics',
      jobTitle: 'Chief People Officer',
      level: 'c_level',
      function: 'people',
      industry: 'logistics',
      company: 'Okafor Freight',
      companySize: '1001-5000',
      region: 'africa',
    },
  },
  {
    key: 'lena',
    name: 'Lena Brandt',
    role: 'member',
    profile: {
      headline: 'HR director, retail',
      jobTitle: 'HR Director',
      level: 'director',
      function: 'people',
      industry: 'retail',
      company: 'Brandt & Söhne',
      companySize: '5001-10000',
      region: 'western_europe',
    },
  },
  {
    key: 'kenji',
    name: 'Kenji Watanabe',
    role: 'member',
    profile: {
      headline: 'Founder & CEO, B2B SaaS',
      jobTitle: 'CEO',
      level: 'founder_owner',
      function: 'general_management',
      industry: 'software',
      company: 'Ledgerline',
      companySize: '51-200',
      region: 'east_asia',
    },
  },
  {
    key: 'grace',
    name: 'Grace Mensah',
    role: 'member',
    profile: {
      headline: 'Co-founder, HR tech',
      jobTitle: 'Co-founder',
      level: 'founder_owner',
      function: 'general_management',
      industry: 'software',
      company: 'Teamtide',
      companySize: '11-50',
      region: 'north_america',
    },
  },
];

const NETWORKS = [
  {
    key: 'cfo',
    facilitator: 'facilitator',
    body: {
      name: 'CFO Circle — Mid-size Manufacturers',
      slug: 'cfo-circle',
      purpose:
        'Finance chiefs of manufacturers with 200 to 10,000 people comparing notes on cash, pricing, systems and teams — as peers, in confidence.',
      format: 'hybrid',
      homeLocation: 'Frankfurt',
      cadence: 'monthly',
      joinPolicy: 'application',
      listed: true,
      sizeLimit: 30,
      experienceProtocol: true,
      audience: {
        levels: ['c_level', 'vice_president', 'director'],
        functions: ['finance'],
        industries: ['manufacturing', 'automotive', 'construction', 'food_agriculture'],
      },
    },
    members: ['member', 'priya', 'jonas', 'sofia', 'tomas'],
  },
  {
    key: 'people',
    facilitator: 'host',
    body: {
      name: 'People Leaders Forum',
      slug: 'people-leaders',
      purpose: 'Heads of people and HR sharing what works in hiring, retention, pay and hard conversations.',
      format: 'online',
      cadence: 'fortnightly',
      joinPolicy: 'open',
      listed: true,
      audience: { functions: ['people', 'general_management', 'finance'] },
    },
    members: ['amara', 'lena', 'member', 'grace'],
  },
  {
    key: 'founders',
    facilitator: 'host',
    body: {
      name: 'SaaS Founders Roundtable',
      slug: 'saas-founders',
      purpose: 'Founders of B2B software companies between seed and Series C, by invitation.',
      format: 'online',
      cadence: 'monthly',
      joinPolicy: 'invitation',
      listed: true,
      audience: { levels: ['founder_owner', 'c_level'], industries: ['software'] },
    },
    members: ['kenji', 'grace'],
  },
];

async function main(): Promise<void> {
  const config = loadConfig();
  const database = openDatabase({
    databaseUrl: config.databaseUrl,
    sqlitePath: path.join(config.dataDir, 'roundtable.db'),
  });
  await migrateToLatest(database.db);
  const existing = await database.db
    .selectFrom('users')
    .select('id')
    .where('email', '=', `host@${DOMAIN}`)
    .executeTakeFirst();
  if (existing) {
    process.stdout.write('The demo is already here; sign in with the accounts below.\n');
    printAccounts();
    await database.close();
    return;
  }
  /*
   * The story is written ten minutes back, so that the demo can step to the next whole minute to
   * publish an anonymous post (held until then, as in real use) without dating anything ahead.
   */
  let offset = -10 * 60_000;
  const clock = { now: () => new Date(Date.now() + offset) };
  const app = await buildApp({ config, database, clock });
  const publishHeldPosts = async () => {
    const now = clock.now().getTime();
    offset += (Math.floor(now / 60_000) + 1) * 60_000 - now;
    await app.jobs.workDue();
  };
  const origin = config.publicUrl.origin;
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    as?: Person,
    payload?: unknown,
  ): Promise<LightMyRequestResponse> => {
    const response = await app.inject({
      method,
      url,
      headers: { origin, ...(as ? { cookie: as.cookie } : {}) },
      ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
    });
    if (response.statusCode >= 400)
      throw new Error(`${method} ${url} answered ${response.statusCode}: ${response.body}`);
    return response;
  };

  const people = new Map<string, Person>();
  for (const person of PEOPLE) {
    const email = `${person.key}@${DOMAIN}`;
    const response = await call('POST', '/api/v1/auth/sign-up', undefined, {
      email,
      name: person.name,
      password: DEMO_PASSWORD,
    });
    const cookie = response.cookies.find((c) => c.name === 'rt_session');
    if (!cookie) throw new Error('sign-up gave no session');
    const signedUp: Person = {
      key: person.key,
      name: person.name,
      email,
      cookie: `rt_session=${cookie.value}`,
      id: response.json().id,
    };
    people.set(person.key, signedUp);
    await call('PATCH', '/api/v1/me', signedUp, { profile: { timeZone: 'Europe/Berlin', ...person.profile } });
  }
  const who = (key: string): Person => {
    const person = people.get(key);
    if (!person) throw new Error(`no demo person ${key}`);
    return person;
  };
  // The demo host is the host admin even on an instance someone signed up to first; everyone's email is confirmed.
  await database.db.updateTable('users').set({ role: 'admin' }).where('id', '=', who('host').id).execute();
  await database.db
    .updateTable('users')
    .set({ emailVerifiedAt: new Date().toISOString() })
    .where('email', 'like', `%@${DOMAIN}`)
    .execute();

  const networks = new Map<string, { id: string; charterVersion: number }>();
  for (const network of NETWORKS) {
    const created = (await call('POST', '/api/v1/networks', who('host'), network.body)).json() as {
      id: string;
      charterVersion: number;
    };
    networks.set(network.key, created);
    for (const key of [...(network.facilitator === 'host' ? [] : [network.facilitator]), ...network.members]) {
      await admit(database, created.id, who(key).id);
      await call('POST', `/api/v1/networks/${created.id}/join`, who(key), { charterVersion: created.charterVersion });
    }
    if (network.facilitator !== 'host')
      await call('POST', `/api/v1/networks/${created.id}/facilitators`, who('host'), {
        memberId: who(network.facilitator).id,
      });
  }
  const cfo = networks.get('cfo');
  if (!cfo) throw new Error('no CFO Circle');
  await call('POST', `/api/v1/networks/${cfo.id}/applications`, who('applicant'), {
    why: 'I am a year into my first finance director role at a food processor and want peers who have been through a plant investment.',
    contribution:
      'Ten years of costing and pricing in food manufacturing, and a working rolling forecast I am happy to share.',
  });

  // Discussions in the CFO Circle.
  const thread = async (as: string, body: Record<string, unknown>) =>
    (await call('POST', `/api/v1/networks/${cfo.id}/threads`, who(as), { anonymous: false, ...body })).json() as {
      id: string;
    };
  const reply = async (as: string, threadId: string, body: string, extra: Record<string, unknown> = {}) =>
    (
      await call('POST', `/api/v1/threads/${threadId}/replies`, who(as), { body, anonymous: false, ...extra })
    ).json() as { id: string };

  const welcome = await thread('facilitator', {
    title: 'Welcome — how we work in this circle',
    kind: 'discussion',
    tags: ['welcome'],
    body: 'Everything here stays in the circle. We **share experience, not advice**: what you did, what happened, what you would do differently.\n\nIntroduce yourself below: your company, your biggest finance question this quarter.',
  });
  await call('POST', `/api/v1/threads/${welcome.id}/moderation`, who('facilitator'), { action: 'pin' });
  await reply(
    'priya',
    welcome.id,
    'Priya, CFO at Aquaflow (pumps, 1,800 people). This quarter: moving from annual budgets to a rolling forecast.',
  );
  await reply(
    'sofia',
    welcome.id,
    'Sofia, Lindqvist Pack. My question: how to price in energy costs without losing our two biggest accounts.',
  );

  const cash = await thread('member', {
    title: 'How do you run your 13-week cash forecast?',
    kind: 'question',
    tags: ['cash', 'forecasting'],
    body: 'Our bank asked for a 13-week cash forecast after a covenant wobble. Who owns it in your team, which tool, and how often do you reforecast?',
  });
  const answer = await reply(
    'priya',
    cash.id,
    'We built ours in 2020. The treasury analyst owns it, we update **every Monday** from the AR/AP ledgers, and the CFO reviews variances over 10 % on Tuesday. Excel first; we moved to our FP&A tool after a year.',
  );
  await reply(
    'jonas',
    cash.id,
    'Same rhythm here. What made it stick: the sales team commits collections per top-20 customer, so the forecast is owned outside finance too.',
    { quoteReplyId: answer.id },
  );
  await reply(
    'tomas',
    cash.id,
    'We tried daily updates and dropped them: weekly is enough unless you are close to the limit.',
  );
  await call('POST', `/api/v1/replies/${answer.id}/helpful`, who('member'));
  await call('POST', `/api/v1/replies/${answer.id}/helpful`, who('sofia'));
  await call('POST', `/api/v1/threads/${cash.id}/resolution`, who('member'), { replyId: answer.id });

  const layoffs = await thread('sofia', {
    title: 'We may need to cut 8 % of staff in Q1. How did you tell people?',
    kind: 'question',
    anonymous: true,
    tags: ['people', 'restructuring'],
    body: 'Volumes are down and the board wants a plan by January. For those who went through it: what would you do again, and what would you never do again?',
  });
  await publishHeldPosts();
  await reply(
    'jonas',
    layoffs.id,
    'We did it in 2023. Tell everyone on the same day, managers first by one hour, with the package already decided. Rumours cost us more than the cuts.',
  );
  await reply(
    'member',
    layoffs.id,
    'We offered voluntary part-time first and got half the savings without anyone leaving. It bought us two quarters.',
    { anonymous: true },
  );
  await publishHeldPosts();

  await thread('jonas', {
    title: 'Price increases for 2026: what did your customers accept?',
    kind: 'discussion',
    tags: ['pricing'],
    body: 'Not asking anyone for future prices (antitrust!) — just how you **approached** the conversation last year: index clauses, surcharges, or one increase?',
  });

  // A pulse with results: five answers in the CFO Circle.
  const pulse = (
    await call('POST', `/api/v1/networks/${cfo.id}/pulses`, who('member'), {
      title: 'Finance team size and forecasting tools',
      context: 'For my board deck: how do mid-size manufacturers staff finance and forecast cash?',
      threshold: 3,
      questions: [
        {
          type: 'single_choice',
          prompt: 'Do you run a 13-week cash forecast?',
          options: ['Yes, weekly', 'Yes, monthly', 'No'],
        },
        { type: 'number', prompt: 'People in your finance team', unit: 'people', min: 0 },
        {
          type: 'scale',
          prompt: 'How confident are you in your forecast?',
          min: 1,
          max: 5,
          labels: { min: 'Not at all', max: 'Very' },
        },
      ],
    })
  ).json() as { id: string; questions: { id: string }[] };
  const sheets: [string, number, number, number][] = [
    ['priya', 0, 14, 4],
    ['jonas', 0, 22, 4],
    ['sofia', 1, 9, 3],
    ['tomas', 0, 31, 5],
    ['facilitator', 2, 6, 2],
  ];
  for (const [key, choice, size, confidence] of sheets)
    await call('POST', `/api/v1/pulses/${pulse.id}/responses`, who(key), {
      answers: [
        { questionId: pulse.questions[0]?.id, value: choice },
        { questionId: pulse.questions[1]?.id, value: size },
        { questionId: pulse.questions[2]?.id, value: confidence },
      ],
    });
  await call('POST', `/api/v1/pulses/${pulse.id}/close`, who('member'));

  // The CFO Circle meets on the second Tuesday of each month at 09:00 Berlin time; Marco and Priya
  // raised issues, the agenda of the next meeting is published, and Jonas offered his process.
  const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
  await call('PATCH', `/api/v1/networks/${cfo.id}/meeting-settings`, who('facilitator'), {
    timeZone: 'Europe/Berlin',
  });
  const series = (
    await call('POST', `/api/v1/networks/${cfo.id}/meetings`, who('facilitator'), {
      title: 'CFO Circle monthly forum',
      description: 'Bring one issue you want the group’s experience on. Coffee from 8:45.',
      startsAt: `${inDays(7)}T09:00`,
      endsAt: `${inDays(7)}T12:00`,
      timeZone: 'Europe/Berlin',
      format: 'hybrid',
      location: 'Mainzer Landstraße 50, Frankfurt',
      videoUrl: 'https://meet.example.com/cfo-circle',
      capacity: 14,
      repeat: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6',
    })
  ).json() as { meeting: { id: string } };
  const issueOf = async (key: string, title: string, need: string, priority: string, background: string) =>
    (
      await call('POST', `/api/v1/networks/${cfo.id}/meeting-issues`, who(key), { title, need, priority, background })
    ).json() as { id: string };
  const cashIssue = await issueOf(
    'member',
    'Our 13-week cash forecast misses by 20 % every quarter',
    'experience',
    'A',
    'Two plants, one ERP, forecasts built in Excel by three people. The bank wants better by June.',
  );
  const erpIssue = await issueOf(
    'priya',
    'Replace our ERP now or after the acquisition closes?',
    'decision',
    'B',
    'The deal may close in Q3; the ERP vendor ends support next year.',
  );
  await issueOf('sofia', 'How do you present FX risk to a non-finance board?', 'resources', 'C', '');
  await call('PUT', `/api/v1/meetings/${series.meeting.id}/agenda`, who('facilitator'), {
    items: [
      { issueId: cashIssue.id, minutes: 35 },
      { issueId: erpIssue.id, minutes: 30 },
    ],
    publish: true,
  });
  for (const [key, answer] of [
    ['member', 'going'],
    ['priya', 'going'],
    ['jonas', 'going'],
    ['sofia', 'maybe'],
    ['tomas', 'not_going'],
  ] as const)
    await call('PUT', `/api/v1/meetings/${series.meeting.id}/rsvp`, who(key), {
      answer,
      ...(key === 'tomas' ? { note: 'Board meeting that morning, sorry.' } : {}),
    });
  await call('POST', `/api/v1/meeting-issues/${cashIssue.id}/offers`, who('jonas'), {
    description: 'Our 13-week cash model and the weekly review agenda',
    dueOn: inDays(10),
  });

  // Marco has taken the NQ twice and keeps the plan it proposed.
  const instrument = currentInstrument();
  for (const [index, lean] of [2, 3].entries()) {
    const answers = Object.fromEntries(
      instrument.items.map((item, position) => {
        const weak = item.dimension === 'diversity' || item.dimension === 'upkeep';
        const score = Math.min(5, Math.max(1, (weak ? lean - 1 : lean + 1) + (position % 2)));
        return [item.id, item.reverse ? 6 - score : score];
      }),
    );
    await call('POST', '/api/v1/assessments', who('member'), {
      instrumentVersion: instrument.version,
      answers,
      ...(index === 0 ? { takenAt: new Date(Date.now() - 20 * 86_400_000).toISOString() } : {}),
    });
  }
  const proposal = (await call('GET', '/api/v1/plan/proposal', who('member'))).json() as PlanProposalView;
  await call('PUT', '/api/v1/plan', who('member'), acceptedProposal(proposal));

  await app.close();
  process.stdout.write(
    `Seeded ${PEOPLE.length} people, ${NETWORKS.length} networks, discussions, a pulse, meetings with an agenda, and an NQ with a plan.\n`,
  );
  printAccounts();
}

/** As if each person had accepted an invitation, so the demo can place people in networks that take applications or invitations. */
async function admit(database: ReturnType<typeof openDatabase>, networkId: string, userId: string): Promise<void> {
  await write(database, () =>
    grantAdmission({ networkId, userId, via: 'invitation', sourceId: 'demo', now: new Date().toISOString() }),
  );
}

function printAccounts(): void {
  const lines = [
    `\nDemo accounts (password for all: "${DEMO_PASSWORD}"):`,
    ...PEOPLE.slice(0, 4).map((person) => `  ${`${person.key}@${DOMAIN}`.padEnd(37)} ${person.name} — ${person.role}`),
    `  …and ${PEOPLE.length - 4} more members: <first name>@${DOMAIN}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n\n`);
}

await main();
