import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type Budget, checkBudgets, checkTargets, readBudgets, readTargets, type Verdict } from './budgets.js';
import {
  type DataSet,
  defaultPosts,
  fromCallerDir,
  generateDataSet,
  MEMBER_PASSWORD,
  openEmptyDatabase,
  positiveInteger,
} from './generate.js';
import type { LoadSummary } from './load.js';
import { createScratchDatabase, type ScratchDatabase } from './postgres.js';
import {
  childEnv,
  freePort,
  runLoad,
  runSseClients,
  type ServerProcess,
  startCeiling,
  startServer,
} from './processes.js';
import type { SseSummary } from './sse-clients.js';
import { measureFirstPageJs, type WebWeight } from './web-budget.js';

const benchDir = path.resolve(import.meta.dirname, '..');
const repoDir = path.resolve(benchDir, '..');
const serverMain = path.join(repoDir, 'server/dist/main.js');
const webDist = path.join(repoDir, 'web/dist');
const budgetsFile = path.join(benchDir, 'BUDGETS.md');
const defaultResultsFile = path.join(benchDir, 'results/latest.json');

const WEB_BUDGET_KEY = 'web-first-page-js';
const DEEP_VS_FIRST_KEY = 'outbox-deep-vs-first';
const NETWORKS_DEEP_VS_FIRST_KEY = 'networks-deep-vs-first';
const FEED_DEEP_VS_FIRST_KEY = 'discussions-feed-deep-vs-first';
/** A page view of a thread is the thread and its first 200 replies: two requests. */
const THREAD_VIEW_KEY = 'thread-page-view';
/** How deep the deep feed scenario reads, as a share of the feed. */
const FEED_DEEP_SHARE = 0.9;
/** How many directory pages the deep-page scenario follows `nextCursor` through. */
const DIRECTORY_DEEP_PAGES = 8;
const POSTGRES_PREFIX = 'postgres/';

type Scenario = {
  key: string;
  path: string;
  measures: string;
  session?: 'admin' | 'member';
  /** GET unless given; a POST sends `body` as JSON and expects 201 (or `status`). */
  method?: 'POST';
  body?: string;
  /** The status the probe expects when it is not 200 for a GET or 201 for a POST. */
  status?: number;
  /** Every request from a client IP of its own (X-Forwarded-For; the server trusts it in a bench run). */
  distinctClientIps?: boolean;
  /** A reason the answer is wrong even though it is a 200; checked once before the load. */
  expect?: (body: unknown) => string | undefined;
  /** Finds the path against the running server (e.g. by following cursors) before the probe. */
  resolve?: (get: (path: string) => Promise<unknown>) => Promise<string>;
};

type Measured = LoadSummary & {
  key: string;
  path: string;
  measures: string;
  bodyBytes: number;
  rssMb: number | null;
  ratio: number;
};

const itemsOf = (body: unknown): unknown[] | undefined =>
  typeof body === 'object' && body !== null && 'items' in body && Array.isArray(body.items) ? body.items : undefined;

const pageOf =
  (what: string, min: number, max = min) =>
  (body: unknown) => {
    const count = itemsOf(body)?.length ?? -1;
    return count >= min && count <= max
      ? undefined
      : `expected a page of ${min === max ? min : `${min}–${max}`} ${what}, got ${count < 0 ? 'no items' : count}`;
  };

function scenarios(dataSet: DataSet): Scenario[] {
  const fullPage = pageOf('emails', 25);
  const list: Scenario[] = [
    { key: 'healthz', path: '/healthz', measures: 'liveness: routing, hooks, serialisation; no database' },
    { key: 'instance', path: '/api/v1/instance', measures: 'public JSON: settings read + "any user?" probe' },
    {
      key: 'me',
      path: '/api/v1/me',
      session: 'member',
      measures: 'session cookie → session lookup joined with the user, account JSON',
    },
    {
      key: 'outbox-first',
      path: '/api/v1/admin/outbox?limit=25',
      session: 'admin',
      measures: 'admin session + first page of 25 emails (≈ 2.5 kB each), newest first',
      expect: fullPage,
    },
  ];
  if (dataSet.deepOutboxCursor) {
    list.push({
      key: 'outbox-deep',
      path: `/api/v1/admin/outbox?limit=25&cursor=${dataSet.deepOutboxCursor}`,
      session: 'admin',
      measures: 'the same page 90 % deep through a cursor: must cost what the first page costs',
      expect: fullPage,
    });
  }
  list.push(...networkScenarios(dataSet));
  list.push(...discussionScenarios(dataSet));
  list.push(
    {
      key: 'nq-history',
      path: '/api/v1/assessments',
      session: 'member',
      measures: 'the member’s NQ results, newest first (3 here), with advice derived per result',
      expect: pageOf('results', 3),
    },
    {
      key: 'plan',
      path: '/api/v1/plan',
      session: 'member',
      measures: 'the member’s plan: 2 goals, 6 actions, progress counted from memberships and invitations',
      expect: (body) =>
        typeof body === 'object' &&
        body !== null &&
        'goals' in body &&
        Array.isArray(body.goals) &&
        body.goals.length === 2
          ? undefined
          : 'expected a plan of 2 goals',
    },
    ...pulseScenarios(dataSet),
    ...meetingScenarios(dataSet),
    {
      key: 'sign-in',
      path: '/api/v1/auth/sign-in',
      method: 'POST',
      status: 200,
      body: JSON.stringify({ email: dataSet.memberEmail, password: MEMBER_PASSWORD }),
      distinctClientIps: true,
      measures:
        'signing in with email and password: argon2id verification, rate-limit counters, a new session; each request from its own IP',
      expect: (body) =>
        typeof body === 'object' && body !== null && 'email' in body && body.email === dataSet.memberEmail
          ? undefined
          : `expected the account of ${dataSet.memberEmail}`,
    },
  );
  return list;
}

/**
 * A member opening the flagship network's next meeting (its answers, who is going, the published
 * agenda with its presenters, the commitments to check in on) and its queue of issues.
 */
function meetingScenarios(dataSet: DataSet): Scenario[] {
  const { meetings } = dataSet;
  if (!meetings) return [];
  return [
    {
      key: 'meeting-page',
      path: `/api/v1/meetings/${meetings.nextMeetingId}`,
      session: 'member',
      measures: `the next meeting of the largest network: answers counted, the first 200 going, an agenda of ${meetings.agendaItems} issues, open commitments to check in on`,
      expect: (body) => {
        const view = body as { id?: string; agenda?: unknown[]; openCommitments?: unknown[] } | null;
        return view?.id === meetings.nextMeetingId &&
          view.agenda?.length === meetings.agendaItems &&
          (view.openCommitments?.length ?? 0) > 0
          ? undefined
          : `expected the meeting ${meetings.nextMeetingId} with its agenda and commitments`;
      },
    },
    {
      key: 'meeting-queue',
      path: `/api/v1/networks/${meetings.networkId}/meeting-issues`,
      session: 'member',
      measures: `the network's queue of ${meetings.queued} issues waiting for an agenda, A first, with their authors`,
      expect: pageOf('issues', meetings.queued),
    },
    {
      key: 'my-meetings',
      path: '/api/v1/me/meetings',
      session: 'member',
      measures: "the member's upcoming meetings across their networks, soonest first, with their answers",
      expect: pageOf('meetings', 1, 25),
    },
  ];
}

/**
 * Answering a pulse: the probe's POST is the member's first answer, so every POST under load is an
 * answer edit — the same route and a durable write (the response row updated in a transaction),
 * but not the first answer's recipient state, counter and position (`bench:pulse` measures those).
 */
function pulseScenarios(dataSet: DataSet): Scenario[] {
  const { pulse } = dataSet;
  if (!pulse) return [];
  return [
    {
      key: 'pulse-answer',
      path: `/api/v1/pulses/${pulse.pulseId}/responses`,
      session: 'member',
      method: 'POST',
      status: 200,
      body: pulse.answerBody,
      measures: `answering a 3-question pulse of ${pulse.recipients} recipients (${pulse.answered} answered): after the probe's first answer, answer edits, each a transaction and the pulse's view`,
      expect: (body) =>
        typeof body === 'object' && body !== null && 'id' in body && body.id === pulse.pulseId
          ? undefined
          : `expected the pulse ${pulse.pulseId}`,
    },
  ];
}

/**
 * The network directory as a signed-in member with a profile (so the default sort ranks by fit),
 * a network's page, and the member list of the largest network (the member belongs to it).
 */
function networkScenarios(dataSet: DataSet): Scenario[] {
  const { flagship, searchWord } = dataSet.networks;
  if (!flagship) return [];
  const profile = dataSet.memberProfile;
  // Filter on the member's own industry and level, as someone looking for peers would.
  const filters = new URLSearchParams({
    industry: profile?.industry ?? 'software',
    level: profile?.level ?? 'director',
  });
  const directoryPage = pageOf('networks', 25);
  const list: Scenario[] = [
    {
      key: 'networks-directory',
      path: '/api/v1/networks',
      session: 'member',
      measures: 'directory first page, default sort (fit to the member’s profile, then newest), 25 networks',
      expect: directoryPage,
    },
    {
      key: 'networks-filtered',
      path: `/api/v1/networks?${filters}`,
      session: 'member',
      measures: `the same filtered on the member’s industry and level (${filters.get('industry')}, ${filters.get('level')})`,
      expect: pageOf('networks', 1, 25),
    },
    {
      key: 'networks-search',
      path: `/api/v1/networks?q=${searchWord}`,
      session: 'member',
      measures: `full-text q=${searchWord} (in about a quarter of the names), ranked by fit`,
      expect: pageOf('networks', 1, 25),
    },
    {
      key: 'networks-deep',
      path: '/api/v1/networks',
      session: 'member',
      measures: `the directory ${DIRECTORY_DEEP_PAGES} pages deep through nextCursor: must cost what the first page costs`,
      expect: directoryPage,
      resolve: async (get) => {
        let path = '/api/v1/networks';
        for (let page = 0; page < DIRECTORY_DEEP_PAGES; page++) {
          const body = await get(path);
          const cursor =
            typeof body === 'object' && body !== null && 'nextCursor' in body && typeof body.nextCursor === 'string'
              ? body.nextCursor
              : null;
          if (!cursor) throw new Error(`the directory ended after ${page + 1} pages; generate more networks`);
          path = `/api/v1/networks?cursor=${encodeURIComponent(cursor)}`;
        }
        return path;
      },
    },
    {
      key: 'network-page',
      path: `/api/v1/networks/${flagship.slug}`,
      session: 'member',
      measures: `a network’s page by slug (${flagship.memberCount} members): charter, facilitators, the viewer’s standing`,
      expect: (body) =>
        typeof body === 'object' && body !== null && 'slug' in body && body.slug === flagship.slug
          ? undefined
          : `expected the network ${flagship.slug}`,
    },
    {
      key: 'network-members',
      path: `/api/v1/networks/${flagship.id}/members`,
      session: 'member',
      measures: `first page of the member list of the ${flagship.memberCount}-member network, with profiles`,
      expect: pageOf('members', 25),
    },
  ];
  return list;
}

const nextCursorOf = (body: unknown): string | null =>
  typeof body === 'object' && body !== null && 'nextCursor' in body && typeof body.nextCursor === 'string'
    ? body.nextCursor
    : null;

/**
 * The largest network's discussions as its member reads them: the feed's first page, a page 90 %
 * deep, a search, a thread with 200+ replies and those replies, and posting a reply (last, as it
 * adds replies to a thread none of the reads look at).
 */
function discussionScenarios(dataSet: DataSet): Scenario[] {
  const discussions = dataSet.threads.flagship;
  if (!discussions) return [];
  const feed = `/api/v1/networks/${discussions.networkId}/threads`;
  const thread = `/api/v1/threads/${discussions.longThreadId}`;
  const { searchWord } = dataSet.threads;
  // 90 % deep, with a full page after it.
  const skip = Math.max(
    0,
    Math.min(Math.floor(discussions.listedThreads * FEED_DEEP_SHARE), discussions.listedThreads - 25),
  );
  return [
    {
      key: 'discussions-feed',
      path: feed,
      session: 'member',
      measures: `first feed page of the largest network (${discussions.listedThreads} threads): 25 threads, pinned first, with unread marks`,
      expect: pageOf('threads', 25),
    },
    {
      key: 'discussions-feed-deep',
      path: feed,
      session: 'member',
      measures: `the feed ${skip} threads deep through nextCursor: must cost what the first page costs`,
      expect: pageOf('threads', 25),
      resolve: async (get) => {
        if (skip === 0) throw new Error('the feed is too short for a deep page; generate more posts');
        let cursor: string | null = null;
        // Pages of 100 (the most a page may hold) to get there in few requests.
        for (let skipped = 0; skipped < skip; ) {
          const limit = Math.min(100, skip - skipped);
          const body = await get(`${feed}?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          cursor = nextCursorOf(body);
          if (!cursor) throw new Error(`the feed ended after ${skipped + limit} threads, before ${skip}`);
          skipped += limit;
        }
        return `${feed}?cursor=${encodeURIComponent(cursor ?? '')}`;
      },
    },
    {
      key: 'discussions-search',
      path: `${feed}?q=${searchWord}`,
      session: 'member',
      measures: `full-text q=${searchWord} in that feed (FTS5 / tsvector), newest activity first`,
      expect: pageOf('threads', 1, 25),
    },
    {
      key: 'thread-page',
      path: thread,
      session: 'member',
      measures: `a thread with ${discussions.longThreadReplies} replies, in one request with up to 30 replies from the first unread: rendered body, abilities, first unread`,
      expect: (body) => {
        const page = body as { id?: string; replies?: { items?: unknown[] } } | null;
        // Up to 30: the member has read most of the thread, so the page opens at their first unread reply.
        const count = page?.replies?.items?.length ?? 0;
        return page?.id === discussions.longThreadId && count >= 1 && count <= 30
          ? undefined
          : `expected the thread ${discussions.longThreadId} with up to 30 replies`;
      },
    },
    {
      key: 'thread-replies',
      path: `${thread}/replies?limit=200`,
      session: 'member',
      measures: 'the first 200 replies of that thread, each rendered from Markdown and sanitised',
      expect: pageOf('replies', 200),
    },
    {
      key: 'reply-post',
      path: `/api/v1/threads/${discussions.replyThreadId}/replies`,
      session: 'member',
      method: 'POST',
      body: JSON.stringify({ body: REPLY_BODY, anonymous: false }),
      measures: 'posting a reply: durable write (position, reply, read mark, notification to the asker) and its view',
    },
  ];
}

const REPLY_BODY =
  'We went through the same thing last year. What helped was writing down, before we started, what would make us stop.\n\n' +
  '- talk to the people affected first\n- write the one-page version\n- set a date to review it';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      members: { type: 'string' },
      outbox: { type: 'string' },
      networks: { type: 'string' },
      posts: { type: 'string' },
      duration: { type: 'string' },
      quick: { type: 'boolean', default: false },
      connections: { type: 'string', default: '50' },
      seed: { type: 'string', default: '42' },
      postgres: { type: 'string' },
      check: { type: 'boolean', default: false },
      targets: { type: 'boolean', default: false },
      keep: { type: 'boolean', default: false },
      only: { type: 'string' },
      results: { type: 'string' },
      sse: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  // The SSE scenario runs in a full run, or under --only when --sse N asks for it (0 skips it).
  const sseStreams =
    values.only === undefined || values.sse !== undefined ? positiveInteger('--sse', values.sse ?? '1000', 0) : 0;
  const resultsFile = values.results ? fromCallerDir(values.results) : defaultResultsFile;
  // --quick keeps the suite working in a minute or two (CI): a small data set, 2 s per scenario.
  const defaults = values.quick
    ? { members: '1000', outbox: '2000', networks: '300', duration: '2' }
    : { members: '2000', outbox: '20000', networks: '400', duration: '10' };
  const members = positiveInteger('--members', values.members ?? defaults.members);
  const parameters = {
    members,
    // Both outbox scenarios expect full pages of 25.
    outbox: positiveInteger('--outbox', values.outbox ?? defaults.outbox, 50),
    // The deep directory scenario follows eight pages of 25 listed networks (~85 % are listed).
    networks: positiveInteger('--networks', values.networks ?? defaults.networks, 300),
    posts: values.posts === undefined ? defaultPosts(members) : positiveInteger('--posts', values.posts, 0),
    quick: values.quick,
    durationSeconds: positiveInteger('--duration', values.duration ?? defaults.duration),
    connections: positiveInteger('--connections', values.connections),
    seed: positiveInteger('--seed', values.seed, 0),
    database: values.postgres ? 'postgres' : 'sqlite',
  };
  const warmupSeconds = Math.max(1, Math.round(parameters.durationSeconds / 5));
  // Read first, so a broken BUDGETS.md fails before minutes of load, not after.
  const budgets = readBudgets(budgetsFile);
  const targets = readTargets(budgetsFile);
  // The product targets hold at full size: --check weighs them there, --targets at any size.
  const isFullSize = parameters.members >= 100_000 && parameters.posts >= 1_000_000;
  const webBudget = budgets.find((budget) => budget.key === WEB_BUDGET_KEY);
  const webBudgetKb = webBudget?.kind === 'maxKb' ? webBudget.max : null;

  if (!fs.existsSync(serverMain)) {
    console.error(`${path.relative(process.cwd(), serverMain)} is missing: run \`npm run build\` first.`);
    return 1;
  }

  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    memoryMb: Math.round(os.totalmem() / 2 ** 20),
    loadAverageAtStart: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
  const build = serverBuild();
  const [load1] = os.loadavg();
  say(
    `Roundtable benchmark — ${machine.cpus} cpus, Node ${machine.node}, ${parameters.database}, ` +
      `${parameters.members} members, ${parameters.outbox} outbox emails, ${parameters.networks} networks, ` +
      `${parameters.posts} posts, ` +
      `${parameters.durationSeconds} s per scenario ` +
      `(+${warmupSeconds} s warm-up), ${parameters.connections} connections`,
  );
  say(
    `Measuring server/dist built ${build.builtAt}${build.commit ? ` (HEAD ${build.commit})` : ''}; the runner never builds.`,
  );
  if (load1 !== undefined && load1 > 0.5 * machine.cpus) {
    say(`Note: load average ${load1.toFixed(2)} at start — something else is running; expect lower figures.`);
  }

  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'roundtable-bench-'));
  const dataDir = path.join(workDir, 'data');
  let scratch: ScratchDatabase | undefined;
  const running: ServerProcess[] = [];
  let keptTokens: { admin: string; member: string } | undefined;
  try {
    if (values.postgres) scratch = await createScratchDatabase(values.postgres);
    const databaseUrl = scratch?.url ?? null;

    say(`\nGenerating the data set into ${scratch ? `PostgreSQL database ${scratch.name}` : dataDir} …`);
    const database = await openEmptyDatabase({ databaseUrl, dataDir });
    let dataSet: DataSet;
    try {
      dataSet = await generateDataSet(database.db, parameters);
    } finally {
      await database.close();
    }
    say(`  ${dataSet.tables.map((t) => `${t.table} ${t.rows}`).join(', ')} in ${(dataSet.ms / 1000).toFixed(1)} s`);

    keptTokens = { admin: dataSet.adminToken, member: dataSet.memberToken };

    const drive = async (
      server: ServerProcess,
      urlPath: string,
      headers?: Record<string, string>,
      post?: { body: string },
      distinctClientIps?: boolean,
    ) => {
      const job = {
        url: `${server.baseUrl}${urlPath}`,
        connections: parameters.connections,
        headers: post ? { ...headers, 'content-type': 'application/json' } : headers,
        ...(post ? { method: 'POST' as const, body: post.body } : {}),
        ...(distinctClientIps ? { distinctClientIps } : {}),
      };
      await runLoad({ ...job, durationSeconds: warmupSeconds });
      return runLoad({ ...job, durationSeconds: parameters.durationSeconds });
    };

    say('\nCeiling: bare Fastify 5 hello-world …');
    const ceilingServer = await startCeiling(await freePort(), path.join(workDir, 'ceiling.log'));
    running.push(ceilingServer);
    const ceilingLoad = await drive(ceilingServer, '/');
    const ceiling = { ...ceilingLoad, rssMb: ceilingServer.rssMb() };
    await ceilingServer.stop();
    say(`  ${fmt(ceiling.requestsPerSecond, 0)} req/s, p99 ${fmt(ceiling.latencyP99Ms, 1)} ms`);

    const port = await freePort();
    const server = await startServer({
      name: 'Roundtable server',
      // --profile DIR: a V8 CPU profile of the server over the whole run, written when it stops.
      args: [...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${fromCallerDir(values.profile)}`] : []), serverMain],
      env: childEnv({
        PORT: String(port),
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        LOG_LEVEL: 'warn',
        // Only the sign-in scenario sends X-Forwarded-For (an address per request, as clients behind
        // a reverse proxy would): the per-IP sign-in limit stays on, and no client reaches it.
        TRUST_PROXY: 'true',
        // The sse scenario opens its streams as one member; the per-account cap (10 by default)
        // is lifted so that one session stands in for a thousand members' tabs.
        STREAMS_PER_USER: '10000',
        ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      }),
      readyPath: '/healthz',
      logFile: path.join(workDir, 'server.log'),
      port,
    });
    running.push(server);
    const sessions = { admin: dataSet.adminToken, member: dataSet.memberToken };

    const measured: Measured[] = [];
    for (const scenario of selectScenarios(scenarios(dataSet), values.only)) {
      const headers = scenario.session ? { cookie: `rt_session=${sessions[scenario.session]}` } : undefined;
      if (scenario.resolve) scenario.path = await scenario.resolve((urlPath) => getJson(server, urlPath, headers));
      const bodyBytes = await probe(server, scenario, headers);
      say(`${scenario.key} (${scenario.path.length > 60 ? `${scenario.path.slice(0, 57)}…` : scenario.path}) …`);
      const result = await drive(
        server,
        scenario.path,
        headers,
        scenario.method === 'POST' ? { body: scenario.body ?? '{}' } : undefined,
        scenario.distinctClientIps,
      );
      measured.push({
        key: scenario.key,
        path: scenario.path,
        measures: scenario.measures,
        ...result,
        bodyBytes,
        rssMb: server.rssMb(),
        ratio: result.requestsPerSecond / ceiling.requestsPerSecond,
      });
    }
    let sse: (SseSummary & { rssBeforeMb: number | null; rssOpenMb: number | null }) | null = null;
    const sseThread = dataSet.threads.flagship?.replyThreadId;
    if (sseStreams > 0 && sseThread) {
      say(`sse (${sseStreams} streams on /api/v1/events?threadId=…, then one reply) …`);
      const rssBeforeMb = server.rssMb();
      let rssOpenMb: number | null = null;
      const summary = await runSseClients(
        {
          baseUrl: server.baseUrl,
          cookie: `rt_session=${sessions.member}`,
          threadId: sseThread,
          count: sseStreams,
          replyBody: JSON.stringify({ body: REPLY_BODY, anonymous: false }),
        },
        () => {
          rssOpenMb = server.rssMb();
        },
      );
      sse = { ...summary, rssBeforeMb, rssOpenMb };
    }
    // Requests autocannon abandoned at its deadline are still queued for the database; let them
    // finish, or closing the pool under them logs errors that belong to no scenario.
    await sleep(1000);
    const logUnderLoad = fs.statSync(server.logFile).size;
    await server.stop();
    const serverLog = readServerLog(server.logFile, logUnderLoad);

    const web = measureFirstPageJs(webDist);
    const derived = derivedMetrics(measured);

    say('');
    printTable(ceiling, measured);
    say('');
    for (const [key, value] of derived) say(`${key}: ${value.toFixed(3)} (${DERIVED_MEANING[key] ?? ''})`);
    const posting = measured.find((m) => m.key === 'reply-post');
    if (posting) say(`reply-post: ${fmt(posting.requestsPerSecond, 0)} replies/s (ARCHITECTURE target ≥ 2,000/s)`);
    if (sse) {
      const mb = (value: number | null) => (value === null ? '—' : `${fmt(value, 0)} MB`);
      say(
        `sse: ${sse.streams} streams open in ${fmt(sse.openMs, 0)} ms, server RSS ${mb(sse.rssBeforeMb)} → ${mb(sse.rssOpenMb)}; ` +
          `the reply (POST ${fmt(sse.postMs, 0)} ms) reached ${sse.received}/${sse.streams}: ` +
          `p50 ${fmt(sse.deliveryP50Ms, 0)} ms, p99 ${fmt(sse.deliveryP99Ms, 0)} ms, last ${fmt(sse.deliveryMaxMs, 0)} ms after the POST was sent`,
      );
    }
    const unanswered = measured.filter((m) => m.requests === 0).map((m) => m.key);
    if (unanswered.length > 0) {
      say(
        `No request completed within ${parameters.durationSeconds} s for: ${unanswered.join(', ')} (each took longer).`,
      );
    }
    say(webLine(web, webBudgetKb));
    if (serverLog.underLoad.length > 0) {
      say(`\nThe server logged ${serverLog.underLoad.length} warnings/errors under load, last:`);
      for (const line of serverLog.underLoad.slice(-3)) say(`  ${line}`);
    }
    if (serverLog.atShutdown.length > 0) {
      say(
        `The server logged ${serverLog.atShutdown.length} warnings/errors while shutting down, first: ${serverLog.atShutdown[0]}`,
      );
    }

    let verdicts: Verdict[] | undefined;
    if (values.check) {
      verdicts = runChecks(budgets, measured, derived, web, {
        database: parameters.database,
        isPartial: values.only !== undefined,
      });
      // Not a ratio, so no row in BUDGETS.md: every open stream must hear the reply.
      if (sse) {
        const verdict = {
          key: 'sse',
          budget: `${sse.streams} streams`,
          measured: `${sse.received} reached`,
          ok: sse.received === sse.streams,
        };
        say(
          `  ${verdict.ok ? 'ok  ' : 'FAIL'} ${verdict.key.padEnd(30)} ${verdict.measured.padStart(10)}  budget ${verdict.budget}`,
        );
        verdicts.push(verdict);
      }
    }

    if (values.targets || (values.check && isFullSize && parameters.database === 'sqlite')) {
      const targetVerdicts = checkTargets(
        targets,
        new Map(
          measured.map((m) => [
            m.key,
            { ratio: m.ratio, perSecond: m.requestsPerSecond, p99Ms: m.latencyP99Ms, rssMb: m.rssMb },
          ]),
        ),
      );
      say(`\nTargets (${path.relative(process.cwd(), budgetsFile)}, ## Targets):`);
      for (const v of targetVerdicts)
        say(
          `  ${v.ok ? 'ok  ' : 'FAIL'} ${v.key.padEnd(30)} ${v.measured.padStart(10)}  target ${v.budget}${v.note ? ` — ${v.note}` : ''}`,
        );
      verdicts = [...(verdicts ?? []), ...targetVerdicts];
    }

    const report = {
      date: new Date().toISOString(),
      machine,
      serverBuild: build,
      parameters: { ...parameters, warmupSeconds },
      dataSet: { tables: dataSet.tables.map((t) => ({ ...t, ms: Math.round(t.ms) })), ms: Math.round(dataSet.ms) },
      ceiling,
      scenarios: measured,
      derived: Object.fromEntries(derived),
      sse,
      web: web ? { budgetKb: webBudgetKb, ...web } : { skipped: 'web/dist/index.html not found' },
      check: verdicts ?? null,
    };
    fs.mkdirSync(path.dirname(resultsFile), { recursive: true });
    fs.writeFileSync(resultsFile, `${JSON.stringify(report, null, 2)}\n`);
    say(`\nWrote ${path.relative(process.cwd(), resultsFile)}`);

    return verdicts?.some((verdict) => !verdict.ok) ? 1 : 0;
  } finally {
    for (const child of running) await child.stop();
    if (values.keep) {
      say(`Kept ${scratch ? `PostgreSQL database ${scratch.name} and ` : ''}${workDir}`);
      if (keptTokens) say(`  admin rt_session=${keptTokens.admin}\n  member rt_session=${keptTokens.member}`);
    } else {
      if (scratch) await scratch.drop();
      fs.rmSync(workDir, { recursive: true, force: true });
    }
  }
}

function selectScenarios(all: Scenario[], only: string | undefined): Scenario[] {
  if (only === undefined) return all;
  const keys = only.split(',').map((key) => key.trim());
  const unknown = keys.filter((key) => !all.some((scenario) => scenario.key === key));
  if (unknown.length > 0) {
    throw new Error(`--only: no scenario ${unknown.join(', ')}; there are ${all.map((s) => s.key).join(', ')}.`);
  }
  return all.filter((scenario) => keys.includes(scenario.key));
}

/** One request before the load: a scenario answering 401 at full speed must not pass for fast. */
async function probe(server: ServerProcess, scenario: Scenario, headers?: Record<string, string>): Promise<number> {
  const method = scenario.method ?? 'GET';
  const clientIp: Record<string, string> = scenario.distinctClientIps ? { 'x-forwarded-for': '192.0.2.1' } : {};
  const response = await fetch(`${server.baseUrl}${scenario.path}`, {
    method,
    headers: method === 'POST' ? { ...headers, ...clientIp, 'content-type': 'application/json' } : headers,
    body: method === 'POST' ? scenario.body : undefined,
  });
  const text = await response.text();
  const expected = scenario.status ?? (method === 'POST' ? 201 : 200);
  if (response.status !== expected)
    throw new Error(`${scenario.key}: ${method} ${scenario.path} answered ${response.status}: ${text}`);
  const problem = scenario.expect?.(JSON.parse(text));
  if (problem) throw new Error(`${scenario.key}: ${problem}, got ${text.slice(0, 200)}`);
  return Buffer.byteLength(text);
}

async function getJson(server: ServerProcess, urlPath: string, headers?: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${server.baseUrl}${urlPath}`, { headers });
  const text = await response.text();
  if (!response.ok) throw new Error(`GET ${urlPath} answered ${response.status}: ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

/** Pino lines (warn and above at LOG_LEVEL=warn), shortened to their message, split at shutdown. */
function readServerLog(file: string, shutdownOffset: number): { underLoad: string[]; atShutdown: string[] } {
  const text = fs.readFileSync(file);
  const lines = (part: Buffer) =>
    part
      .toString('utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(summariseLogLine);
  return { underLoad: lines(text.subarray(0, shutdownOffset)), atShutdown: lines(text.subarray(shutdownOffset)) };
}

function summariseLogLine(line: string): string {
  try {
    const entry: { msg?: string; err?: { message?: string } } = JSON.parse(line);
    return [entry.msg, entry.err?.message].filter(Boolean).join(': ').slice(0, 200);
  } catch {
    return line.slice(0, 200);
  }
}

/** Which build was measured: the runner never builds, so say when the measured one was made. */
function serverBuild(): { builtAt: string; commit: string | null } {
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoDir, encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout (a release tarball): the build time alone identifies the run.
  }
  return { builtAt: fs.statSync(serverMain).mtime.toISOString(), commit };
}

const DERIVED_MEANING: Record<string, string> = {
  [DEEP_VS_FIRST_KEY]: 'req/s of the deep page ÷ the first page',
  [NETWORKS_DEEP_VS_FIRST_KEY]: 'req/s of the deep page ÷ the first page',
  [FEED_DEEP_VS_FIRST_KEY]: 'req/s of the deep page ÷ the first page',
  [THREAD_VIEW_KEY]:
    'long-read views/s (the thread with 30 replies, then 200 more: two requests) ÷ the ceiling, from thread-page and thread-replies',
};

function derivedMetrics(measured: Measured[]): Map<string, number> {
  const derived = new Map<string, number>();
  const find = (key: string) => measured.find((m) => m.key === key);
  const pairs = [
    [DEEP_VS_FIRST_KEY, 'outbox-first', 'outbox-deep'],
    [NETWORKS_DEEP_VS_FIRST_KEY, 'networks-directory', 'networks-deep'],
    [FEED_DEEP_VS_FIRST_KEY, 'discussions-feed', 'discussions-feed-deep'],
  ] as const;
  for (const [key, firstKey, deepKey] of pairs) {
    const first = find(firstKey);
    const deep = find(deepKey);
    if (first && deep) derived.set(key, deep.requestsPerSecond / first.requestsPerSecond);
  }
  // A reader's view costs both requests one after the other: their times add up.
  const thread = find('thread-page');
  const replies = find('thread-replies');
  if (thread && replies && thread.ratio > 0 && replies.ratio > 0)
    derived.set(THREAD_VIEW_KEY, 1 / (1 / thread.ratio + 1 / replies.ratio));
  return derived;
}

function runChecks(
  budgets: Budget[],
  measured: Measured[],
  derived: Map<string, number>,
  web: WebWeight | null,
  run: { database: string; isPartial: boolean },
): Verdict[] {
  // PostgreSQL shares the machine's two cores with the server, so its rows have budgets of their own.
  const prefix = run.database === 'postgres' ? POSTGRES_PREFIX : '';
  const values = new Map<string, number>(measured.map((m) => [`${prefix}${m.key}`, m.ratio]));
  for (const [key, value] of derived) values.set(`${prefix}${key}`, value);
  if (web) values.set(WEB_BUDGET_KEY, web.gzipKb);
  const skipped = new Map<string, string>();
  if (!web) skipped.set(WEB_BUDGET_KEY, 'web/dist/index.html not found (run `npm run build -w web`)');
  for (const { key } of budgets) {
    if (values.has(key) || key === WEB_BUDGET_KEY) continue;
    const isPostgresBudget = key.startsWith(POSTGRES_PREFIX);
    if (isPostgresBudget && !prefix) skipped.set(key, 'PostgreSQL budget (run with --postgres)');
    else if (!isPostgresBudget && prefix) skipped.set(key, 'SQLite budget (run without --postgres)');
    else if (run.isPartial) skipped.set(key, 'not selected with --only');
  }

  const verdicts = checkBudgets(budgets, values, skipped);
  for (const m of measured) {
    const failures = m.non2xx + m.errors;
    if (failures > 0) {
      verdicts.push({
        key: `${prefix}${m.key}`,
        budget: '0 failures',
        measured: `${failures} non-2xx/errors`,
        ok: false,
      });
    }
    // A request slower than the whole run never completes and never errs (autocannon's timeout is
    // 10 s): zero answers is a failure, not a ratio of 0 that merely misses its budget.
    if (m.requests === 0) {
      verdicts.push({
        key: `${prefix}${m.key}`,
        budget: '≥ 1 answer',
        measured: 'none',
        ok: false,
        note: 'no request completed within the run; try a longer --duration',
      });
    }
  }
  say(`\nBudgets (${path.relative(process.cwd(), budgetsFile)}):`);
  for (const v of verdicts) {
    say(
      `  ${v.ok ? 'ok  ' : 'FAIL'} ${v.key.padEnd(30)} ${v.measured.padStart(10)}  budget ${v.budget}${v.note ? ` — ${v.note}` : ''}`,
    );
  }
  return verdicts;
}

function printTable(ceiling: LoadSummary & { rssMb: number | null }, measured: Measured[]): void {
  const header = ['scenario', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx+err', 'body B', 'RSS MB', 'ratio'];
  const row = (key: string, m: LoadSummary, bodyBytes: number | null, rssMb: number | null, ratio: number) => [
    key,
    fmt(m.requestsPerSecond, 0),
    fmt(m.latencyP50Ms, 1),
    fmt(m.latencyP99Ms, 1),
    String(m.non2xx + m.errors),
    bodyBytes === null ? '—' : fmt(bodyBytes, 0),
    rssMb === null ? '—' : fmt(rssMb, 0),
    ratio.toFixed(3),
  ];
  const rows = [
    header,
    row('ceiling (hello-world)', ceiling, null, ceiling.rssMb, 1),
    ...measured.map((m) => row(m.key, m, m.bodyBytes, m.rssMb, m.ratio)),
  ];
  const widths = header.map((_, column) => Math.max(...rows.map((r) => (r[column] ?? '').length)));
  for (const [index, cells] of rows.entries()) {
    say(
      cells
        .map((cell, column) => (column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0)))
        .join('  '),
    );
    if (index === 0) say(widths.map((width) => '-'.repeat(width)).join('  '));
  }
}

function webLine(web: WebWeight | null, budgetKb: number | null): string {
  if (!web) return 'web first-page JS: not measured — web/dist/index.html not found (run `npm run build -w web`).';
  const files = web.files.map((f) => `${f.file} ${fmt(f.gzipKb, 1)} kB`).join(', ');
  const budget = budgetKb === null ? 'no budget in BUDGETS.md' : `budget ${budgetKb} kB`;
  return `web first-page JS: ${fmt(web.gzipKb, 1)} kB gzipped, ${budget} (${files || 'no scripts'})`;
}

const fmt = (value: number, digits: number) =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const say = (line: string) => console.info(line);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
