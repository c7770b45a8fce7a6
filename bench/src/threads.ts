import type { Insertable } from 'kysely';
import { type Db, withTransaction } from '../../server/src/db/database.js';
import type { Tables } from '../../server/src/db/tables.js';
import type { Random } from './random.js';
import { ANCHOR_MS, DAY_MS, insertInBatches, iso, type TableReport, weighted } from './rows.js';

/*
 * Discussions: threads and replies in the networks the generator wrote, written as the service
 * would have left them. Networks post in proportion to their size (a 5,000-member community is far
 * busier than a circle of twelve), reply counts are skewed (most threads get 0–5 replies, a few
 * hundreds), about a tenth of posts are anonymous and carry random UUID v4 ids as the service gives
 * them, and every author is an active member who had joined before posting. `reply_count`,
 * `last_position` and `last_activity_at` agree with the replies; everyone who posted in a thread
 * has read it up to their post (the service marks that), and some members have read more.
 */

/** What the scenarios need to find in the largest network's discussions. */
export type ThreadsResult = {
  threads: number;
  replies: number;
  flagship: {
    networkId: string;
    /** Threads its member sees in the feed (hidden ones are not listed). */
    listedThreads: number;
    /** A visible thread with at least 200 replies, for the thread-page scenario. */
    longThreadId: string;
    longThreadReplies: number;
    /** An open thread someone else started, for the reply-post scenario. */
    replyThreadId: string;
  } | null;
  /** A word in about one thread title in twelve, for the search scenario. */
  searchWord: string;
};

export const THREAD_SEARCH_WORD = 'pricing';
/** The thread page asks for 200 replies; every large network has a thread at least that long. */
export const LONG_THREAD_REPLIES = 200;
const LARGE_NETWORK_MEMBERS = 300;
/** Enough for a deep feed page (90 % of the feed, with 25 threads after it) at any size. */
const MIN_FLAGSHIP_THREADS = 100;
/** Posts (threads + replies) per transaction: bounded memory and WAL, and commits a reader could see. */
const CHUNK_POSTS = 25_000;
const ANONYMOUS_SHARE = 0.1;

type Member = { id: string; name: string; joinedMs: number };
type NetworkMembers = { networkId: string; members: Member[] };

type Topic = { tag: string; phrase: string; word: string };

// Phrases fit "How did you handle …?" and "What I learned from …"; `word` is what a member searches for.
const topics: readonly (readonly [Topic, number])[] = [
  [{ tag: 'hiring', phrase: 'hiring a first senior leader', word: 'hiring' }, 10],
  [{ tag: 'cash-flow', phrase: 'a cash-flow squeeze', word: 'cash' }, 9],
  [{ tag: 'board-relations', phrase: 'a difficult board meeting', word: 'board' }, 8],
  [{ tag: 'pricing', phrase: 'a pricing change with long-standing customers', word: 'pricing' }, 8],
  [{ tag: 'restructuring', phrase: 'a restructuring that cost jobs', word: 'restructuring' }, 6],
  [{ tag: 'fundraising', phrase: 'fundraising in a down market', word: 'fundraising' }, 6],
  [{ tag: 'ai-adoption', phrase: 'rolling out AI tools to a sceptical team', word: 'ai' }, 6],
  [{ tag: 'succession', phrase: 'succession in a family business', word: 'succession' }, 5],
  [{ tag: 'churn', phrase: 'losing our largest customer', word: 'churn' }, 5],
  [{ tag: 'compensation', phrase: 'a compensation review nobody liked', word: 'compensation' }, 5],
  [{ tag: 'remote-teams', phrase: 'bringing a remote team back to the office', word: 'remote' }, 5],
  [{ tag: 'm-and-a', phrase: 'integrating an acquisition', word: 'acquisition' }, 4],
  [{ tag: 'supply-chain', phrase: 'a supplier going bust', word: 'supplier' }, 4],
  [{ tag: 'cloud-costs', phrase: 'cloud costs doubling in a year', word: 'cloud' }, 3],
  [{ tag: 'performance', phrase: 'letting go of a loyal underperformer', word: 'underperformer' }, 4],
  [{ tag: 'burnout', phrase: 'burnout in the leadership team', word: 'burnout' }, 4],
  [{ tag: 'export', phrase: 'entering a first export market', word: 'export' }, 3],
  [{ tag: 'security', phrase: 'a security incident disclosed to customers', word: 'incident' }, 3],
  [{ tag: 'co-founders', phrase: 'a falling-out between co-founders', word: 'cofounder' }, 3],
  [{ tag: 'esg', phrase: 'the first ESG report', word: 'esg' }, 2],
];
const questionTitles = [
  (t: Topic) => `How did you handle ${t.phrase}?`,
  (t: Topic) => `Has anyone here been through ${t.phrase}?`,
  (t: Topic) => `What would you do first about ${t.phrase}?`,
  (t: Topic) => `Advice wanted: ${t.phrase}, and the board is watching`,
  (t: Topic) => `Who has a playbook for ${t.phrase}?`,
];
const discussionTitles = [
  (t: Topic) => `What I learned from ${t.phrase}`,
  (t: Topic) => `Notes from our session on ${t.phrase}`,
  (t: Topic) => `${capitalise(t.phrase)}: one year on`,
  (t: Topic) => `Three mistakes I made with ${t.phrase}`,
  (t: Topic) => `Reading list and tools for ${t.phrase}`,
];
const openers = [
  'We are about two hundred people, mostly in one office, and growing faster than our processes.',
  'This has been on my mind for weeks and I would value the group’s perspective.',
  'Some context first: I took over the role eight months ago from a founder who is still on the board.',
  'I promised at our last meeting to write this up, so here it is.',
  'Our situation is probably not unusual, but it is the first time for me.',
  'Long-time reader, first post.',
];
const middles = [
  (t: Topic) => `The hard part of ${t.phrase} is not the plan, it is keeping everyone informed without creating panic.`,
  (t: Topic) => `Everyone agrees ${t.word} matters, and nobody agrees on who owns it.`,
  () => 'We tried the textbook approach first and it did not survive contact with our largest customer.',
  () => 'My leadership team is split down the middle, and both halves have good arguments.',
  () => 'The numbers look fine on paper; the people side is what keeps me up at night.',
  () => 'We gave ourselves a quarter, which in hindsight was too short.',
  (t: Topic) => `Our advisers keep sending us articles about ${t.word}, which is not the same as having done it.`,
  () => 'Timing matters more than I expected: the same message landed very differently in January and in June.',
];
const closers = [
  'What would you watch out for?',
  'I would especially like to hear from anyone who got this wrong.',
  'Happy to share our templates with anyone who asks.',
  'Thanks in advance — this group has been a lifeline.',
  'I will report back on what we decide.',
];
const replyOpeners = [
  'We went through almost exactly this two years ago.',
  'In my case the turning point was a conversation I had been avoiding for months.',
  'I can only share what happened to us, not what you should do.',
  'Same here — and it took longer than anyone predicted.',
  'Thanks for writing this up so openly.',
  'My experience was the opposite, for what it is worth.',
  '+1 to everything above.',
];
const replyMiddles = [
  (t: Topic) => `What helped us with ${t.phrase} was writing down, before we started, what would make us stop.`,
  () => 'I told my team earlier than felt comfortable, and I would do that again.',
  () => 'We brought in someone who had done it before for three days a month; that was worth more than any report.',
  () => 'Looking back, the real problem was that two of us had different ideas of what success meant.',
  (t: Topic) => `I underestimated how much ${t.word} would take from me personally.`,
  () => 'The first version of our plan was far too detailed; the second fit on one page.',
  () => 'Our board only relaxed once we showed them a monthly view they could compare against.',
  () => 'It cost us two good people, and I still think it was the right call.',
];
const lists = [
  ['talk to the people affected first', 'write the one-page version', 'set a date to review it'],
  ['ask for references from people who did it', 'keep the board informed monthly', 'protect the core team'],
  ['separate the decision from the announcement', 'over-communicate', 'measure what changed after 90 days'],
];
const hideReasons = [
  'Names a customer of another member; please repost without it.',
  'Personal attack on another member.',
  'Advertising your firm’s services.',
];

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

function paragraph(random: Random, topic: Topic, first: readonly string[], middle: readonly ((t: Topic) => string)[]) {
  const sentences = [random.pick(first)];
  const more = 1 + random.int(3);
  for (let i = 0; i < more; i++) sentences.push(random.pick(middle)(topic));
  return sentences.join(' ');
}

/** A post body in the Markdown members write: a few paragraphs, now and then a list, bold or a link. */
function postBody(random: Random, topic: Topic, isReply: boolean): string {
  const paragraphs: string[] = [];
  const count = isReply
    ? weighted(random, [
        [1, 55],
        [2, 35],
        [3, 10],
      ] as const)
    : 1 + random.int(3);
  for (let i = 0; i < count; i++) {
    paragraphs.push(
      isReply
        ? paragraph(random, topic, i === 0 ? replyOpeners : closers, replyMiddles)
        : paragraph(random, topic, i === 0 ? openers : closers, middles),
    );
  }
  if (random.chance(0.15))
    paragraphs.push(
      random
        .pick(lists)
        .map((item) => `- ${item}`)
        .join('\n'),
    );
  if (random.chance(0.1))
    paragraphs.push(`**The one thing I would do differently:** start with ${topic.phrase} earlier.`);
  if (random.chance(0.05))
    paragraphs.push(`We wrote it up here: https://notes.example.com/${topic.tag}/${random.int(1000)}`);
  if (!isReply) paragraphs.push(random.pick(closers));
  return paragraphs.join('\n\n');
}

/** How many replies a thread gets: mostly a handful, sometimes none, a few hundreds. */
function drawReplyCount(random: Random): number {
  const band = weighted(random, [
    [[0, 0], 30],
    [[1, 5], 40],
    [[6, 20], 18],
    [[21, 60], 8],
    [[61, 150], 3.5],
    [[151, 600], 0.5],
  ] as const);
  return band[0] + random.int(band[1] - band[0] + 1);
}

/** How many members found a reply helpful. */
const drawHelpfulCount = (random: Random): number =>
  weighted(random, [
    [0, 80],
    [1 + random.int(2), 15],
    [3 + random.int(4), 4],
    [7 + random.int(14), 1],
  ] as const);

/** The members who had joined by `ms` are a prefix of the list, which is in joining order. */
function joinedBy(members: readonly Member[], ms: number): number {
  let low = 0;
  let high = members.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((members[middle]?.joinedMs ?? Number.POSITIVE_INFINITY) <= ms) low = middle + 1;
    else high = middle;
  }
  return low;
}

function memberJoinedBy(random: Random, members: readonly Member[], ms: number): Member {
  return members[random.int(Math.max(1, joinedBy(members, ms)))] ?? random.pick(members);
}

type Rows = {
  threads: Insertable<Tables['threads']>[];
  replies: Insertable<Tables['replies']>[];
  helpfulMarks: Insertable<Tables['helpfulMarks']>[];
  threadReads: Insertable<Tables['threadReads']>[];
};
const TABLES = ['threads', 'replies', 'helpfulMarks', 'threadReads'] as const;

/** The active members of every active network, in joining order (facilitators joined first). */
async function readNetworkMembers(db: Db): Promise<NetworkMembers[]> {
  const rows = await db
    .selectFrom('memberships')
    .innerJoin('users', 'users.id', 'memberships.userId')
    .innerJoin('networks', 'networks.id', 'memberships.networkId')
    .select(['memberships.networkId', 'memberships.userId', 'memberships.joinedAt', 'users.name'])
    .where('memberships.status', '=', 'active')
    .where('networks.status', '=', 'active')
    .orderBy('memberships.networkId')
    .orderBy('memberships.joinedAt')
    .orderBy('memberships.userId')
    .execute();
  const networks: NetworkMembers[] = [];
  let current: NetworkMembers | undefined;
  for (const row of rows) {
    if (current?.networkId !== row.networkId) {
      current = { networkId: row.networkId, members: [] };
      networks.push(current);
    }
    current.members.push({ id: row.userId, name: row.name, joinedMs: Date.parse(row.joinedAt) });
  }
  return networks;
}

/**
 * Writes `posts` threads and replies over the networks' active members, in transactions of about
 * 25,000 posts, and reports rows and insert time per table (building the rows in JavaScript is
 * reported on a line of its own). On SQLite each thread insert also fires the FTS5 trigger.
 */
export async function writeThreads(
  db: Db,
  random: Random,
  options: { posts: number; flagshipId: string | null; benchMemberId: string | null },
  reports: TableReport[],
): Promise<ThreadsResult> {
  const started = performance.now();
  const networks = await readNetworkMembers(db);
  const totals = Object.fromEntries(TABLES.map((table) => [table, { rows: 0, ms: 0 }])) as Record<
    (typeof TABLES)[number],
    { rows: number; ms: number }
  >;
  let rows: Rows = { threads: [], replies: [], helpfulMarks: [], threadReads: [] };
  const flush = async () => {
    const chunk = rows;
    rows = { threads: [], replies: [], helpfulMarks: [], threadReads: [] };
    await withTransaction(db, async (trx) => {
      // Parents first: replies reference threads, marks reference replies.
      for (const table of TABLES) {
        const tableStarted = performance.now();
        await insertInBatches(trx, table, chunk[table]);
        totals[table].rows += chunk[table].length;
        totals[table].ms += performance.now() - tableStarted;
      }
    });
  };

  // Posts per network grow a little faster than its size: big communities are busier per head.
  const weights = networks.map((network) => network.members.length ** 1.1);
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  let flagship: ThreadsResult['flagship'] = null;
  let threadCount = 0;
  let replyCount = 0;

  for (const [index, network] of networks.entries()) {
    const exact = weightSum > 0 ? (options.posts * (weights[index] ?? 0)) / weightSum : 0;
    let budget = Math.floor(exact) + (random.chance(exact - Math.floor(exact)) ? 1 : 0);
    const isFlagship = network.networkId === options.flagshipId;
    const isLarge = isFlagship || network.members.length >= LARGE_NETWORK_MEMBERS;
    const written = new NetworkThreads(random, network, isFlagship ? options.benchMemberId : null, rows);
    // Busy networks pin a welcome thread from the facilitator who started them.
    if (budget > 0 && network.members.length >= 30 && random.chance(0.6))
      budget -= written.add({ pinned: true, maxPosts: budget });
    if (isLarge && (budget >= LONG_THREAD_REPLIES + 1 || isFlagship))
      budget -= written.add({ replies: LONG_THREAD_REPLIES + random.int(200), isLong: true });
    while (budget > 0) budget -= written.add({ maxPosts: budget });
    // The feed scenarios page through the flagship's feed, even in a small data set.
    while (isFlagship && written.threads < MIN_FLAGSHIP_THREADS) written.add({});
    threadCount += written.threads;
    replyCount += written.replies;
    if (isFlagship && written.long && written.replyTarget) {
      flagship = {
        networkId: network.networkId,
        listedThreads: written.listed,
        longThreadId: written.long.id,
        longThreadReplies: written.long.replies,
        replyThreadId: written.replyTarget,
      };
    }
    if (rows.threads.length + rows.replies.length >= CHUNK_POSTS) await flush();
  }
  await flush();

  const insertMs = TABLES.reduce((sum, table) => sum + totals[table].ms, 0);
  for (const table of TABLES) reports.push({ table, rows: totals[table].rows, ms: totals[table].ms });
  reports.push({
    table: 'threads (building rows)',
    rows: threadCount + replyCount,
    ms: performance.now() - started - insertMs,
  });
  return { threads: threadCount, replies: replyCount, flagship, searchWord: THREAD_SEARCH_WORD };
}

type ThreadPlan = { pinned?: boolean; replies?: number; maxPosts?: number; isLong?: boolean };

/** One network's threads as they are drawn; answers how many posts each took. */
class NetworkThreads {
  threads = 0;
  replies = 0;
  listed = 0;
  long: { id: string; replies: number } | null = null;
  replyTarget: string | null = null;
  private readonly members: Member[];
  private readonly firstMs: number;
  /** The network's "now": the anchor, or a little after the last founding when members joined past it. */
  private readonly endMs: number;

  constructor(
    private readonly random: Random,
    private readonly network: NetworkMembers,
    private readonly benchMemberId: string | null,
    private readonly rows: Rows,
  ) {
    this.members = network.members;
    this.firstMs = this.members[0]?.joinedMs ?? ANCHOR_MS - DAY_MS;
    this.endMs = Math.max(ANCHOR_MS, this.firstMs + 2 * DAY_MS);
  }

  /** Writes one thread with its replies, marks and reads into the pending rows; answers posts written. */
  add(plan: ThreadPlan): number {
    const random = this.random;
    const rows = this.rows;
    const founder = this.members[0];
    if (!founder) return Number.POSITIVE_INFINITY;
    const span = this.endMs - DAY_MS - this.firstMs;
    // Activity leans recent (networks grow); the welcome thread comes right after the founding.
    const createdMs = plan.pinned
      ? this.firstMs + 1 + random.int(DAY_MS)
      : plan.isLong
        ? this.firstMs + Math.floor(span * random.next() * 0.5)
        : this.firstMs + Math.floor(span * random.next() ** 0.7);
    const author = plan.pinned ? founder : memberJoinedBy(random, this.members, createdMs);
    const anonymous = !plan.pinned && random.chance(ANONYMOUS_SHARE);
    const topic = weighted(random, topics);
    const kind = !plan.pinned && random.chance(1 / 3) ? 'question' : 'discussion';
    const id = anonymous ? random.uuidV4() : random.uuidV7(createdMs);
    const replyTotal = Math.max(
      0,
      Math.min(plan.replies ?? drawReplyCount(random), (plan.maxPosts ?? Number.POSITIVE_INFINITY) - 1),
    );

    // Replies follow each other by hours, faster in a lively thread; squeezed to end before the anchor.
    const gaps: number[] = [];
    let offset = 0;
    const meanGapMs = replyTotal > 50 ? 1.5 * 3_600_000 : 5 * 3_600_000;
    for (let i = 0; i < replyTotal; i++) {
      offset += 1 + Math.floor(-Math.log(1 - random.next()) * meanGapMs);
      gaps.push(offset);
    }
    const room = this.endMs - 60_000 - createdMs;
    const squeeze = offset > room ? room / offset : 1;
    const replyTimes = gaps.map((gap, i) => createdMs + 1 + i + Math.floor(gap * squeeze));

    const isSpecial = plan.pinned || plan.isLong;
    const threadDeleted = !isSpecial && random.chance(0.003);
    const threadHidden = !isSpecial && !threadDeleted && random.chance(0.003);
    const lastMs = replyTimes.at(-1) ?? createdMs;
    const locked = !isSpecial && lastMs < this.endMs - 60 * DAY_MS && random.chance(0.01);

    const reads = new Map<string, number>([[author.id, 0]]);
    const replyIds: string[] = [];
    const replyAuthors: string[] = [];
    let counted = 0;
    for (const [i, replyMs] of replyTimes.entries()) {
      const position = i + 1;
      const isFollowUp = random.chance(0.15);
      const writer = isFollowUp ? author : memberJoinedBy(random, this.members, replyMs);
      const replyAnonymous = isFollowUp ? anonymous : random.chance(ANONYMOUS_SHARE);
      const replyId = replyAnonymous ? random.uuidV4() : random.uuidV7(replyMs);
      const deleted = random.chance(0.007);
      const hidden = !deleted && random.chance(0.003);
      let body = postBody(random, topic, true);
      const quoted = i > 0 && random.chance(0.05) ? random.int(i) : -1;
      const quoteReplyId = quoted >= 0 ? (replyIds[quoted] ?? null) : null;
      if (quoteReplyId) body = `> ${random.pick(replyMiddles)(topic)}\n\n${body}`;
      if (random.chance(0.03)) {
        const mentioned = random.pick(this.members);
        body = `[@${mentioned.name}](/people/${mentioned.id}) ${body}`;
      }
      rows.replies.push({
        id: replyId,
        threadId: id,
        networkId: this.network.networkId,
        position,
        authorId: writer.id,
        anonymous: replyAnonymous ? 1 : 0,
        body: deleted ? '' : body,
        quoteReplyId,
        helpfulCount: 0,
        nudgedAt: null,
        hiddenAt: hidden ? iso(replyMs + random.int(DAY_MS)) : null,
        hiddenReason: hidden ? random.pick(hideReasons) : null,
        deletedAt: deleted ? iso(replyMs + random.int(DAY_MS)) : null,
        editedAt: null,
        createdAt: iso(replyMs),
      });
      replyIds.push(replyId);
      replyAuthors.push(writer.id);
      if (!deleted && !hidden) counted++;
      // Posting marks the thread read up to the new reply (the service's markReadUpTo).
      reads.set(writer.id, position);
    }

    // The asker resolves about half of the answered questions with someone else's reply.
    const visibleReplies = rows.replies
      .slice(rows.replies.length - replyTotal)
      .filter((reply) => !reply.deletedAt && !reply.hiddenAt);
    const candidates = visibleReplies.filter((reply) => reply.authorId !== author.id);
    const resolved =
      kind === 'question' && candidates.length > 0 && random.chance(0.5) ? random.pick(candidates) : null;
    const helpfulBase = rows.replies.length - replyTotal;
    for (const [i, replyId] of replyIds.entries()) {
      const reply = rows.replies[helpfulBase + i];
      if (!reply || reply.deletedAt || reply.hiddenAt) continue;
      const markers = new Set<string>();
      if (reply === resolved) markers.add(author.id);
      const wanted = Math.min(drawHelpfulCount(random) + markers.size, this.members.length - 1);
      // Marked within a week of the reply, by someone who had joined by then.
      const markMs = Math.min(this.endMs - 1, (replyTimes[i] ?? createdMs) + 1 + random.int(7 * DAY_MS));
      for (let tries = 0; markers.size < wanted && tries < wanted * 4; tries++) {
        const marker = memberJoinedBy(random, this.members, markMs).id;
        if (marker !== replyAuthors[i]) markers.add(marker);
      }
      for (const marker of markers) rows.helpfulMarks.push({ replyId, userId: marker, createdAt: iso(markMs) });
      reply.helpfulCount = markers.size;
    }

    // A few more members read it, most to the end; the benchmark's member has read half the flagship.
    const readers = weighted(random, [
      [0, 30],
      [1, 30],
      [2, 20],
      [4, 15],
      [8, 5],
    ] as const);
    for (let n = 0; n < readers; n++) {
      const reader = random.pick(this.members).id;
      const position = random.chance(0.7) ? replyTotal : random.int(replyTotal + 1);
      reads.set(reader, Math.max(reads.get(reader) ?? 0, position));
    }
    if (this.benchMemberId && random.chance(0.5)) {
      const position = random.chance(0.6) ? replyTotal : random.int(replyTotal + 1);
      reads.set(this.benchMemberId, Math.max(reads.get(this.benchMemberId) ?? 0, position));
    }
    for (const [userId, position] of reads) {
      const seenMs = position === 0 ? createdMs : (replyTimes[position - 1] ?? createdMs);
      rows.threadReads.push({
        userId,
        threadId: id,
        readPosition: position,
        readAt: iso(Math.min(this.endMs - 1, seenMs + random.int(DAY_MS))),
      });
    }

    const title = plan.pinned
      ? 'Welcome — please read this first'
      : random.pick(kind === 'question' ? questionTitles : discussionTitles)(topic);
    const tags = new Set<string>(plan.pinned ? ['welcome'] : random.chance(0.8) ? [topic.tag] : []);
    const extraTags = random.int(3);
    for (let n = 0; n < extraTags; n++) tags.add(weighted(random, topics).tag);
    const body = plan.pinned
      ? 'This is our space to share experience, not advice. What is said here stays here.\n\n- introduce yourself\n- ask anonymously when you need to\n- flag anything that breaks the charter'
      : postBody(random, topic, false);
    rows.threads.push({
      id,
      networkId: this.network.networkId,
      authorId: author.id,
      anonymous: anonymous ? 1 : 0,
      kind,
      title,
      body: threadDeleted ? '' : body,
      tags: JSON.stringify([...tags]),
      pinned: plan.pinned ? 1 : 0,
      lastActivityAt: iso(lastMs),
      replyCount: counted,
      lastPosition: replyTotal,
      resolvedReplyId: resolved?.id ?? null,
      lockedAt: locked ? iso(lastMs + random.int(DAY_MS)) : null,
      hiddenAt: threadHidden ? iso(createdMs + random.int(DAY_MS)) : null,
      hiddenReason: threadHidden ? random.pick(hideReasons) : null,
      deletedAt: threadDeleted ? iso(lastMs + random.int(DAY_MS)) : null,
      editedAt: null,
      createdAt: iso(createdMs),
    });

    this.threads++;
    this.replies += replyTotal;
    if (!threadHidden || author.id === this.benchMemberId) this.listed++;
    if (plan.isLong) this.long = { id, replies: replyTotal };
    const isOpen = !threadDeleted && !threadHidden && !locked;
    if (isOpen && !isSpecial && author.id !== this.benchMemberId) this.replyTarget = id;
    return 1 + replyTotal;
  }
}
