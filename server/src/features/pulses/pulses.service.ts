import { randomUUID } from 'node:crypto';
import type { InstanceSettingsView } from '@roundtable/contract/admin';
import type { ErrorDetail } from '@roundtable/contract/errors';
import { COMPANY_SIZES, companyKey, INDUSTRIES, REGIONS } from '@roundtable/contract/profiles';
import {
  ANTITRUST_THRESHOLD_MIN,
  type Answer,
  DEFAULT_DURATION_MS,
  MAX_DURATION_MS,
  MIN_DURATION_MS,
  type MyPulsesQuery,
  type PulseAudienceFilter,
  type PulseCreateBody,
  type PulseModerationBody,
  type PulsePage,
  type PulseResults,
  type PulseView,
  type QuestionBody,
  REMINDER_AT_SHARE,
  type ResponseBody,
  type ResultsQuery,
  THRESHOLD_DEFAULT,
} from '@roundtable/contract/pulses';
import { stringify } from 'csv-stringify/sync';
import type { Network, Pulse } from '../../db/tables.js';
import { all, first, run, type Work, write } from '../../db/write.js';
import { isoNow } from '../../platform/clock.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, encodeCursor } from '../../platform/pagination.js';
import { authorize, isHostAdmin, type SignedInActor } from '../../platform/policy.js';
import { getInstanceSettings } from '../instance/instance.service.js';
import { presentPersonSummary } from '../networks/networks.presenter.js';
import { findNetworkWithMembership, findPeople } from '../networks/networks.service.js';
import {
  type NewNotification,
  onlyPlanned,
  planNotifications,
  storeNotifications,
} from '../notifications/notifications.service.js';
import { type PulseAccess, type PulseAction, pulsePolicies } from './pulses.policy.js';
import {
  type AggregateOptions,
  aggregate,
  answersOf,
  breakDown,
  planPublication,
  presentPulse,
  questionsOf,
  responseCurve,
  type StoredQuestion,
} from './pulses.presenter.js';
import {
  type AudienceCandidate,
  addPublishedCount,
  changeAnswers,
  closeAsRead,
  countAnswer,
  countDecline,
  declineWaiting,
  extendDeadline,
  findOwnResponse,
  findPulse,
  findRecipientStates,
  insertPulse,
  insertPulseNetwork,
  insertResponse,
  insertWaitingRecipients,
  listActiveRoles,
  listAnswerTimes,
  listAudienceCandidates,
  listBreakdownSheets,
  listMyPulseIds,
  listNetworkPulseIds,
  listPublishedSheets,
  listPulseNetworks,
  listPulsesById,
  listRecipientIds,
  listRespondentNames,
  lockPulseForPublication,
  logPulseModeration,
  markMissedWaiting,
  markRecipientAnswered,
  markWaitingMissed,
  ownResponseIn,
  pendingResponses,
  reopenWithDeadline,
  setPulseHidden,
  setResponsePublication,
  settledSheets,
  takeBreakdownCopy,
} from './pulses.queries.js';

export { countPulsesAnswered } from './pulses.queries.js';

const invalid = (message: string, details: ErrorDetail[]) => new AppError('validation_failed', message, { details });
const pulseUrl = (pulseId: string, page = '') => `/pulses/${pulseId}${page}`;
const hoursBetween = (from: string, to: string) =>
  Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 3_600_000));

// ——— Loading and deciding ———

type LoadedPulse = { pulse: Pulse; access: PulseAccess; networkIds: string[] };

async function accessTo(ctx: AppContext, actor: SignedInActor, pulse: Pulse): Promise<LoadedPulse> {
  const networks = (await listPulseNetworks(ctx.db, [pulse.id])).get(pulse.id) ?? [];
  const networkIds = networks.map((network) => network.id);
  const [states, roles] = await Promise.all([
    findRecipientStates(ctx.db, actor.userId, [pulse.id]),
    listActiveRoles(ctx.db, actor.userId, networkIds),
  ]);
  return {
    pulse,
    networkIds,
    access: {
      pulse,
      // Someone asked who has since left or been removed from its networks is asked no more.
      recipientState: roles.size > 0 ? (states.get(pulse.id) ?? null) : null,
      isFacilitator: [...roles.values()].includes('facilitator'),
      now: isoNow(ctx.clock),
    },
  };
}

/** The pulse and the viewer's standing; a pulse the viewer may not see answers not_found. */
async function loadPulse(ctx: AppContext, actor: SignedInActor, pulseId: string): Promise<LoadedPulse> {
  const pulse = await findPulse(ctx.db, pulseId);
  if (!pulse) throw notFound('That pulse');
  const loaded = await accessTo(ctx, actor, pulse);
  if (!pulsePolicies['pulse.read'](actor, loaded.access)) throw notFound('That pulse');
  return loaded;
}

const authorizePulse = (actor: SignedInActor, action: PulseAction, loaded: LoadedPulse) =>
  authorize(actor, action, pulsePolicies[action], loaded.access);

async function presentPulsesFor(ctx: AppContext, actor: SignedInActor, pulses: readonly Pulse[]): Promise<PulseView[]> {
  const ids = pulses.map((pulse) => pulse.id);
  const networks = await listPulseNetworks(ctx.db, ids);
  const allNetworkIds = [...new Set([...networks.values()].flat().map((network) => network.id))];
  const [states, roles, people] = await Promise.all([
    findRecipientStates(ctx.db, actor.userId, ids),
    listActiveRoles(ctx.db, actor.userId, allNetworkIds),
    findPeople(
      ctx.db,
      pulses.map((pulse) => pulse.askerId),
    ),
  ]);
  const now = isoNow(ctx.clock);
  const views: PulseView[] = [];
  for (const pulse of pulses) {
    const pulseNetworks = networks.get(pulse.id) ?? [];
    const access: PulseAccess = {
      pulse,
      recipientState: pulseNetworks.some((network) => roles.has(network.id)) ? (states.get(pulse.id) ?? null) : null,
      isFacilitator: pulseNetworks.some((network) => roles.get(network.id) === 'facilitator'),
      now,
    };
    const own =
      access.recipientState === 'answered' ? await findOwnResponse(ctx.db, pulse.id, actor.userId) : undefined;
    const person = people.get(pulse.askerId);
    const asker = person
      ? (({ id, name, avatarUrl }) => ({ id, name, avatarUrl }))(presentPersonSummary(person))
      : { id: pulse.askerId, name: 'A former member', avatarUrl: null };
    views.push(
      presentPulse(pulse, {
        actor,
        access,
        networks: pulseNetworks,
        asker,
        ownAnswers: own ? answersOf(own.answers) : null,
      }),
    );
  }
  return views;
}

async function presentOne(ctx: AppContext, actor: SignedInActor, pulseId: string): Promise<PulseView> {
  const pulse = await findPulse(ctx.db, pulseId);
  if (!pulse) throw notFound('That pulse');
  return presentWritten(ctx, actor, pulse);
}

/** A pulse as just written, presented from the row in hand. */
async function presentWritten(ctx: AppContext, actor: SignedInActor, pulse: Pulse): Promise<PulseView> {
  const [view] = await presentPulsesFor(ctx, actor, [pulse]);
  if (!view) throw notFound('That pulse');
  return view;
}

export async function getPulse(ctx: AppContext, actor: SignedInActor, pulseId: string): Promise<PulseView> {
  await loadPulse(ctx, actor, pulseId);
  return presentOne(ctx, actor, pulseId);
}

// ——— Asking ———

/** Checks each question's shape beyond the schema and gives it an id. */
export function prepareQuestions(questions: readonly QuestionBody[]): StoredQuestion[] {
  return questions.map((question, index): StoredQuestion => {
    const at = (field: string) => `/questions/${index}${field}`;
    const isChoice = question.type === 'single_choice' || question.type === 'multiple_choice';
    if (isChoice && (question.options?.length ?? 0) < 2)
      throw invalid(`Question ${index + 1} needs at least two options.`, [
        { path: at('/options'), message: 'needs 2 to 10 options' },
      ]);
    if (!isChoice && question.options !== undefined)
      throw invalid(`Question ${index + 1} takes no options.`, [
        { path: at('/options'), message: 'only choice questions have options' },
      ]);
    if (
      isChoice &&
      new Set(question.options?.map((option) => option.trim().toLowerCase())).size !== question.options?.length
    )
      throw invalid(`Question ${index + 1} lists an option twice.`, [
        { path: at('/options'), message: 'options must differ' },
      ]);
    let min: number | null = null;
    let max: number | null = null;
    if (question.type === 'scale') {
      min = question.min ?? 1;
      max = question.max ?? 5;
      if (min !== 1 || (max !== 5 && max !== 10))
        throw invalid(`Question ${index + 1}: a scale runs from 1 to 5 or from 1 to 10.`, [
          { path: at('/max'), message: 'must be 5 or 10, with min 1' },
        ]);
    } else if (question.type === 'number') {
      min = question.min ?? null;
      max = question.max ?? null;
      if (min !== null && max !== null && min >= max)
        throw invalid(`Question ${index + 1}: the lowest number must be below the highest.`, [
          { path: at('/min'), message: 'must be below max' },
        ]);
    } else if (question.min !== undefined || question.max !== undefined) {
      throw invalid(`Question ${index + 1} takes no bounds.`, [
        { path: at('/min'), message: 'only scales and numbers have bounds' },
      ]);
    }
    return {
      id: newId(),
      type: question.type,
      prompt: question.prompt.trim(),
      options: isChoice ? (question.options ?? []).map((option) => option.trim()) : [],
      min,
      max,
      unit: question.type === 'number' ? (question.unit?.trim() ?? null) : null,
      labels: question.type === 'scale' ? (question.labels ?? null) : null,
    };
  });
}

const matchesFilter = (candidate: AudienceCandidate, filter: PulseAudienceFilter | undefined) => {
  if (!filter) return true;
  const pairs: [readonly string[] | undefined, string | null][] = [
    [filter.levels, candidate.level],
    [filter.functions, candidate.function],
    [filter.industries, candidate.industry],
    [filter.companySizes, candidate.companySize],
    [filter.regions, candidate.region],
  ];
  return pairs.every(([wanted, value]) => wanted === undefined || (value !== null && wanted.includes(value)));
};

const parseList = (json: string | null): string[] => {
  try {
    const value: unknown = JSON.parse(json ?? '[]');
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
};

/**
 * Who a pulse asks: every active member of its networks who fits the filter, never the asker,
 * nor anyone from the asker's own company, nor (when asked for) the asker's declared competitors.
 */
export function chooseAudience(
  candidates: readonly AudienceCandidate[],
  asker: AudienceCandidate | undefined,
  askerId: string,
  options: { filter: PulseAudienceFilter | undefined; excludeCompetitors: boolean },
): string[] {
  const ownCompany = asker?.company ? companyKey(asker.company) : null;
  const competitors = new Set(options.excludeCompetitors ? parseList(asker?.competitors ?? null).map(companyKey) : []);
  return candidates
    .filter((candidate) => candidate.userId !== askerId)
    .filter((candidate) => matchesFilter(candidate, options.filter))
    .filter((candidate) => {
      const key = candidate.company ? companyKey(candidate.company) : null;
      return key === null || (key !== ownCompany && !competitors.has(key));
    })
    .map((candidate) => candidate.userId);
}

async function loadAskingNetworks(ctx: AppContext, actor: SignedInActor, refs: readonly string[]): Promise<Network[]> {
  const networks: Network[] = [];
  for (const [index, ref] of refs.entries()) {
    const found = await findNetworkWithMembership(ctx.db, actor.userId, ref);
    const isMember = found?.membership?.status === 'active';
    if (!found || (!isMember && !isHostAdmin(actor)))
      throw index === 0
        ? notFound('That network')
        : invalid('You can ask only networks you belong to.', [
            { path: `/alsoNetworkIds/${index - 1}`, message: 'is not a network of yours' },
          ]);
    if (!isMember || found.network.status !== 'active')
      throw new AppError('forbidden', 'Only members of an active network can ask it a pulse.');
    if (!networks.some((network) => network.id === found.network.id)) networks.push(found.network);
  }
  return networks;
}

/**
 * Publishes a pulse to one or several of the asker's networks: every member in the audience is
 * notified (in the app, live, and by email as they prefer), a reminder is scheduled for when a
 * quarter of the time is left, and the close for the deadline.
 */
export async function createPulse(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  body: PulseCreateBody,
): Promise<PulseView> {
  const networks = await loadAskingNetworks(ctx, actor, [networkRef, ...(body.alsoNetworkIds ?? [])]);
  const questions = prepareQuestions(body.questions);
  const now = ctx.clock.now();
  const createdAt = now.toISOString();
  const closesAt = body.closesAt ?? new Date(now.getTime() + DEFAULT_DURATION_MS).toISOString();
  const duration = Date.parse(closesAt) - now.getTime();
  if (duration < MIN_DURATION_MS - 60_000 || duration > MAX_DURATION_MS + 60_000)
    throw invalid('A pulse runs between one hour and 14 days.', [
      { path: '/closesAt', message: 'must be 1 hour to 14 days from now' },
    ]);
  const antitrustSafe = body.antitrustSafe ?? false;
  const threshold = body.threshold ?? THRESHOLD_DEFAULT;
  if (antitrustSafe && threshold < ANTITRUST_THRESHOLD_MIN)
    throw invalid('The antitrust-safe mode needs at least five answers before showing results.', [
      { path: '/threshold', message: `must be at least ${ANTITRUST_THRESHOLD_MIN} in the antitrust-safe mode` },
    ]);
  const [candidates, settings] = await Promise.all([
    listAudienceCandidates(
      ctx.db,
      networks.map((network) => network.id),
    ),
    getInstanceSettings(ctx.db),
  ]);
  const audience = chooseAudience(
    candidates.filter(isAskedUnder(settings, now)),
    candidates.find((candidate) => candidate.userId === actor.userId),
    actor.userId,
    {
      filter: body.audience,
      excludeCompetitors: body.excludeCompetitors ?? false,
    },
  );
  if (audience.length < threshold)
    throw invalid(
      `Only ${audience.length} members fit this audience, and results need at least ${threshold} answers.`,
      [{ path: '/audience', message: `reaches ${audience.length} members; widen it or lower the threshold` }],
    );

  // Counted once the pulse is known to be valid, so a refused form costs nothing.
  await ctx.rateLimiter.take(
    `pulses:${actor.userId}`,
    ctx.rateRules.pulsesPerAsker,
    1,
    `You can ask up to ${ctx.rateRules.pulsesPerAsker.limit} pulses a day. Try again tomorrow.`,
  );
  const asker = (await findPeople(ctx.db, [actor.userId])).get(actor.userId);
  const id = newId();
  const hours = hoursBetween(createdAt, closesAt);
  const place = networks.map((network) => network.name).join(', ');
  const pulse: Pulse = {
    id,
    askerId: actor.userId,
    title: body.title.trim(),
    context: body.context.trim(),
    questions: JSON.stringify(questions),
    threshold,
    anonymous: (body.anonymous ?? true) ? 1 : 0,
    antitrustSafe: antitrustSafe ? 1 : 0,
    resultsVisibility: body.resultsVisibility ?? 'after_answer',
    audience: JSON.stringify(body.audience ?? {}),
    audienceSize: audience.length,
    responseCount: 0,
    declinedCount: 0,
    publishedCount: 0,
    breakdownTakenAt: null,
    extended: 0,
    closesAt,
    closedAt: null,
    hiddenAt: null,
    hiddenReason: null,
    createdAt,
  };
  const planned = await planNotifications(
    ctx,
    ctx.db,
    audience.map((userId) => ({
      userId,
      kind: 'pulse_waiting' as const,
      title: `${asker?.name ?? 'A peer'} asks ${place} — answer within ${hours} h`,
      body: body.title.trim(),
      url: pulseUrl(id),
      networkId: networks[0]?.id ?? null,
    })),
  );
  await write(ctx.database, function* (tx) {
    yield* run(insertPulse, pulse);
    for (const network of networks) yield* run(insertPulseNetwork, { pulseId: id, networkId: network.id, createdAt });
    for (let start = 0; start < audience.length; start += 500)
      yield* run(insertWaitingRecipients, { pulseId: id, userIds: audience.slice(start, start + 500), createdAt });
    yield* schedule(ctx, id, createdAt, closesAt);
    yield* storeNotifications(ctx, tx, planned);
  });
  return presentWritten(ctx, actor, pulse);
}

/** The reminder when a quarter of the time is left, and the close at the deadline; steps of the write. */
function* schedule(ctx: AppContext, pulseId: string, from: string, closesAt: string): Work<void> {
  const start = Date.parse(from);
  const remindAt = new Date(start + (Date.parse(closesAt) - start) * REMINDER_AT_SHARE);
  yield* ctx.jobs.enqueueIn('pulses.remind', { pulseId, closesAt }, { runAt: remindAt, maxAttempts: 5 });
  yield* ctx.jobs.enqueueIn('pulses.close', { pulseId, closesAt }, { runAt: new Date(closesAt), maxAttempts: 5 });
}

// ——— Answering ———

/** Checks every answer against its question; a bad one is refused naming the question. */
export function checkAnswers(questions: readonly StoredQuestion[], answers: readonly Answer[]): Answer[] {
  const seen = new Set<string>();
  return answers.map((answer, index) => {
    const question = questions.find((candidate) => candidate.id === answer.questionId);
    const at = `/answers/${index}`;
    if (!question)
      throw invalid('That question is not part of this pulse.', [
        { path: `${at}/questionId`, message: 'is not a question of this pulse' },
      ]);
    if (seen.has(question.id))
      throw invalid(`"${question.prompt}" is answered twice.`, [
        { path: `${at}/questionId`, message: 'answers a question twice' },
      ]);
    seen.add(question.id);
    const refuse = (message: string) => invalid(`"${question.prompt}": ${message}`, [{ path: `${at}/value`, message }]);
    const { value } = answer;
    const isIndex = (candidate: unknown): candidate is number =>
      typeof candidate === 'number' &&
      Number.isInteger(candidate) &&
      candidate >= 0 &&
      candidate < question.options.length;
    switch (question.type) {
      case 'single_choice':
        if (!isIndex(value)) throw refuse(`pick one of its ${question.options.length} options`);
        return { questionId: question.id, value };
      case 'multiple_choice':
        if (!Array.isArray(value) || value.length === 0 || !value.every(isIndex))
          throw refuse('pick at least one of its options');
        return { questionId: question.id, value: [...new Set(value)].sort((a, b) => a - b) };
      case 'scale':
        if (
          typeof value !== 'number' ||
          !Number.isInteger(value) ||
          value < (question.min ?? 1) ||
          value > (question.max ?? 5)
        )
          throw refuse(`answer a whole number from ${question.min ?? 1} to ${question.max ?? 5}`);
        return { questionId: question.id, value };
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value)) throw refuse('answer a number');
        if (question.min !== null && value < question.min) throw refuse(`answer at least ${question.min}`);
        if (question.max !== null && value > question.max) throw refuse(`answer at most ${question.max}`);
        return { questionId: question.id, value };
      case 'text':
        if (typeof value !== 'string' || value.trim() === '') throw refuse('write a short answer');
        return { questionId: question.id, value: value.trim() };
      default:
        throw refuse('is a question type this server does not know');
    }
  });
}

/**
 * Answers a pulse, or changes the answer until the deadline. The asker hears of the first answer
 * and of the one that reaches the threshold.
 */
export async function answerPulse(
  ctx: AppContext,
  actor: SignedInActor,
  pulseId: string,
  body: ResponseBody,
): Promise<PulseView> {
  const loaded = await loadPulse(ctx, actor, pulseId);
  authorizePulse(actor, 'pulse.answer', loaded);
  const { pulse } = loaded;
  const answers = checkAnswers(questionsOf(pulse), body.answers);
  const now = isoNow(ctx.clock);
  // Whom the answer may tell is known before it: the asker, of the first answer or of the threshold.
  const planned = await planNotifications(ctx, ctx.db, [
    {
      userId: pulse.askerId,
      kind: 'pulse_answered',
      title: `Your pulse has its first answer, ${minutesLabel(pulse.createdAt, now)} after you asked`,
      body: pulse.title,
      url: pulseUrl(pulseId, '/results'),
    },
    {
      userId: pulse.askerId,
      kind: 'pulse_threshold',
      title: `Your pulse has ${pulse.threshold} answers: the results are visible`,
      body: pulse.title,
      url: pulseUrl(pulseId, '/results'),
    },
  ]);
  const wasDeclined = loaded.access.recipientState === 'declined';
  const written = await write(ctx.database, function* (tx) {
    const existing = yield* ownResponseIn(pulseId, actor.userId);
    const told = new Set<string>();
    if (existing) {
      yield* run(changeAnswers, { id: existing.id, answers: JSON.stringify(answers), updatedAt: now });
    } else {
      yield* run(markRecipientAnswered, { pulseId, userId: actor.userId });
      const [counted] = yield* all(countAnswer, { pulseId, undeclined: wasDeclined ? 1 : 0 });
      if (counted === undefined) throw notFound('That pulse');
      yield* run(insertResponse, {
        id: randomUUID(),
        pulseId,
        userId: actor.userId,
        position: counted.responseCount,
        answers: JSON.stringify(answers),
        createdAt: now,
        updatedAt: now,
      });
      if (counted.responseCount === 1) told.add('pulse_answered');
    }
    const publication = yield* publishWhatTheBatchRuleAllows(pulse);
    if (publication.isFirst) told.add('pulse_threshold');
    yield* storeNotifications(
      ctx,
      tx,
      onlyPlanned(planned, (row) => told.has(row.kind)),
    );
    return publication.pulse;
  });
  return presentWritten(ctx, actor, written);
}

/**
 * Publishes what the batch rule allows after an answer or an edit (see `planPublication`), under
 * the pulse row's lock. `isFirst` when these are the pulse's first published results; `pulse` is
 * the row as the write leaves it, read with the lock.
 */
function* publishWhatTheBatchRuleAllows(pulse: Pulse): Work<{ isFirst: boolean; pulse: Pulse }> {
  const locked = yield* first(lockPulseForPublication, { pulseId: pulse.id });
  if (locked === undefined) throw notFound('That pulse');
  const pending = yield* all(pendingResponses, { pulseId: pulse.id });
  // The other published sheets matter only once a batch may be ready, so most answers skip them.
  const settled =
    pending.length >= pulse.threshold
      ? (yield* all(settledSheets, { pulseId: pulse.id })).flatMap((row) =>
          row.publishedAnswers === null ? [] : [answersOf(row.publishedAnswers)],
        )
      : [];
  const plan = planPublication(
    questionsOf(pulse),
    pending.map((row) => ({
      id: row.id,
      answers: answersOf(row.answers),
      published: row.publishedAnswers === null ? null : answersOf(row.publishedAnswers),
    })),
    settled,
    aggregateOptionsOf(pulse),
  );
  let added = 0;
  for (const row of pending) {
    const next = plan.get(row.id);
    if (!next) continue;
    const publishedAnswers = next.published === null ? null : JSON.stringify(next.published);
    if (publishedAnswers === row.publishedAnswers && next.isPending) continue;
    if (row.publishedAnswers === null && publishedAnswers !== null) added += 1;
    yield* run(setResponsePublication, { id: row.id, publishedAnswers, isPending: next.isPending ? 1 : 0 });
  }
  if (added === 0) return { isFirst: false, pulse: locked };
  const [counted] = yield* all(addPublishedCount, { pulseId: pulse.id, added });
  return {
    isFirst: counted?.publishedCount === added,
    pulse: { ...locked, publishedCount: counted?.publishedCount ?? locked.publishedCount },
  };
}

/**
 * Who a pulse may ask under the host's rules against made-up thresholds: only members who
 * confirmed their email, and only those of some days' standing, when the host says so.
 */
export const isAskedUnder =
  (settings: Pick<InstanceSettingsView, 'pulsesAskVerifiedOnly' | 'pulsesMinimumMemberDays'>, now: Date) =>
  (candidate: Pick<AudienceCandidate, 'joinedAt' | 'emailVerifiedAt'>): boolean =>
    (!settings.pulsesAskVerifiedOnly || candidate.emailVerifiedAt !== null) &&
    Date.parse(candidate.joinedAt) <= now.getTime() - settings.pulsesMinimumMemberDays * 86_400_000;

/** The earlier of two ISO-8601 UTC times, which sort as text. */
const earlierOf = (a: string, b: string): string => (a < b ? a : b);

function minutesLabel(from: string, to: string): string {
  const minutes = Math.max(1, Math.round((Date.parse(to) - Date.parse(from)) / 60_000));
  return minutes < 120 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

/** One click: the member will not answer, so the asker's count stays honest. */
export async function declinePulse(ctx: AppContext, actor: SignedInActor, pulseId: string): Promise<PulseView> {
  const loaded = await loadPulse(ctx, actor, pulseId);
  authorizePulse(actor, 'pulse.decline', loaded);
  const counted = await write(ctx.database, function* () {
    if ((yield* run(declineWaiting, { pulseId, userId: actor.userId })) === 0) return undefined;
    return yield* first(countDecline, { pulseId });
  });
  return presentWritten(ctx, actor, counted ?? loaded.pulse);
}

// ——— Results ———

const GROUP_LABELS: Record<'companySize' | 'region' | 'industry', readonly { id: string; label: string }[]> = {
  companySize: COMPANY_SIZES,
  region: REGIONS,
  industry: INDUSTRIES,
};

/**
 * The results as this viewer may see them: built from published answers only, which move in
 * batches of at least the threshold (see `planPublication`), so every view — open, closed,
 * re-opened, hidden, the CSV — is the same published aggregate. Below the first batch only the count.
 */
export async function getResults(
  ctx: AppContext,
  actor: SignedInActor,
  pulseId: string,
  query: ResultsQuery,
): Promise<PulseResults> {
  const loaded = await loadPulse(ctx, actor, pulseId);
  authorizePulse(actor, 'pulse.viewResults', loaded);
  if (query.by) authorizePulse(actor, 'pulse.breakDown', loaded);
  const { pulse } = loaded;
  const isAsker = pulse.askerId === actor.userId;
  const [published, answerTimes, respondents] = await Promise.all([
    listPublishedSheets(ctx.db, pulseId),
    isAsker ? listAnswerTimes(ctx.db, pulseId) : undefined,
    isAsker && pulse.anonymous === 0 ? listRespondentNames(ctx.db, pulseId) : undefined,
  ]);
  const responseCount = pulse.responseCount;
  const now = isoNow(ctx.clock);
  const extras = {
    ...(answerTimes
      ? { curve: responseCurve(pulse.createdAt, answerTimes, pulse.closedAt ?? earlierOf(now, pulse.closesAt)) }
      : {}),
    ...(respondents ? { respondents } : {}),
  };
  if (published.length === 0) return { responseCount, threshold: pulse.threshold, visible: false, ...extras };
  const questions = questionsOf(pulse);
  const options = aggregateOptionsOf(pulse);
  const by = query.by;
  const breakdownSheets = by ? await listBreakdownSheets(ctx.db, pulseId) : [];
  return {
    responseCount,
    threshold: pulse.threshold,
    visible: true,
    includedCount: published.length,
    questions: aggregate(questions, published.map(answersOf), options),
    ...(by
      ? {
          breakdown: {
            by,
            groups: breakDown(
              questions,
              breakdownSheets.map((sheet) => ({
                answers: answersOf(sheet.breakdownAnswers ?? '[]'),
                group: groupOf(sheet.breakdownGroup, by),
              })),
              pulse.threshold,
              (group) => GROUP_LABELS[by].find((option) => option.id === group)?.label ?? group,
              options,
            ),
          },
        }
      : {}),
    ...extras,
  };
}

const aggregateOptionsOf = (pulse: Pulse): AggregateOptions => ({
  antitrustSafe: pulse.antitrustSafe === 1,
  salt: pulse.id,
  threshold: pulse.threshold,
});

function groupOf(json: string | null, by: 'companySize' | 'region' | 'industry'): string | null {
  if (json === null) return null;
  const group = (JSON.parse(json) as Record<string, unknown>)[by];
  return typeof group === 'string' ? group : null;
}

/** The results as a CSV of aggregates: one row per option, value or statistic; never one per person. */
export async function getResultsCsv(
  ctx: AppContext,
  actor: SignedInActor,
  pulseId: string,
): Promise<{ filename: string; csv: string }> {
  const results = await getResults(ctx, actor, pulseId, {});
  const pulse = await findPulse(ctx.db, pulseId);
  const rows: (string | number)[][] = [['question', 'type', 'item', 'count', 'percent', 'value']];
  if (!results.visible)
    rows.push(['(results hidden below the threshold)', '', 'answers', results.responseCount, '', '']);
  else if ((results.includedCount ?? 0) < results.responseCount)
    rows.push([
      `(results from ${results.includedCount} of ${results.responseCount} answers; the rest show once ${results.threshold} more have answered or changed an answer)`,
      '',
      'answers',
      results.includedCount ?? 0,
      '',
      '',
    ]);
  for (const question of results.questions ?? []) {
    const row = (item: string, count: number | '', percent: number | '', value: number | string | '') =>
      rows.push([question.prompt, question.type, item, count, percent, value]);
    row('answered', question.answered, '', '');
    for (const option of question.options ?? []) row(option.label, option.count, option.percent, '');
    for (const step of question.distribution ?? []) row(String(step.value), step.count, '', '');
    for (const [label, value] of [
      ['mean', question.mean],
      ['median', question.median],
      ['first quartile', question.q1],
      ['third quartile', question.q3],
    ] as const)
      if (value !== undefined) row(label, '', '', question.unit ? `${value} ${question.unit}` : value);
    for (const bin of question.histogram ?? []) row(`${bin.from} to ${bin.to}`, bin.count, '', '');
    for (const text of question.texts ?? []) row('answer', '', '', text);
    if (question.withheld) row('withheld', '', '', question.withheld);
  }
  const slug =
    (pulse?.title ?? 'pulse')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'pulse';
  return { filename: `${slug}-results.csv`, csv: stringify(rows.map((row) => row.map(neutraliseFormula))) };
}

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a formula;
 * members write these texts, so such a cell is prefixed with an apostrophe, as OWASP advises.
 */
export const neutraliseFormula = (cell: string | number): string | number =>
  typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;

// ——— Lists ———

const decodeInboxCursor = (cursor: string | undefined) => decodeCursor(cursor);

export async function listMyPulses(ctx: AppContext, actor: SignedInActor, query: MyPulsesQuery): Promise<PulsePage> {
  const limit = query.limit ?? 25;
  const positions = await listMyPulseIds(
    ctx.db,
    actor.userId,
    query.box ?? 'waiting',
    decodeInboxCursor(query.cursor),
    limit,
  );
  return pageOf(ctx, actor, positions, limit);
}

export async function listNetworkPulses(
  ctx: AppContext,
  actor: SignedInActor,
  networkRef: string,
  query: { cursor?: string; limit?: number },
): Promise<PulsePage> {
  const found = await findNetworkWithMembership(ctx.db, actor.userId, networkRef);
  const isMember = found?.membership?.status === 'active';
  if (!found || (!isMember && !isHostAdmin(actor))) throw notFound('That network');
  const seesAll = isHostAdmin(actor) || found.membership?.role === 'facilitator';
  const limit = query.limit ?? 25;
  const positions = await listNetworkPulseIds(
    ctx.db,
    found.network.id,
    actor.userId,
    seesAll,
    decodeInboxCursor(query.cursor),
    limit,
  );
  return pageOf(ctx, actor, positions, limit);
}

async function pageOf(
  ctx: AppContext,
  actor: SignedInActor,
  positions: { createdAt: string; id: string }[],
  limit: number,
): Promise<PulsePage> {
  const page = positions.slice(0, limit);
  const pulses = await listPulsesById(
    ctx.db,
    page.map((position) => position.id),
  );
  const ordered = page
    .map((position) => pulses.get(position.id))
    .filter((pulse): pulse is Pulse => pulse !== undefined);
  const last = page.at(-1);
  return {
    items: await presentPulsesFor(ctx, actor, ordered),
    nextCursor: positions.length > limit && last ? encodeCursor(last) : null,
  };
}

// ——— Closing, extending, re-opening, hiding ———

/**
 * Closes the pulse once (a conditional update makes a repeated close a no-op): members who did
 * not answer are marked, the asker gets the summary and everyone asked hears the results are out.
 */
async function closePulse(ctx: AppContext, pulseId: string, at: string): Promise<void> {
  // Whom the close tells, and what, is read before the write; were the pulse answered meanwhile, it is read again.
  for (let attempt = 1; ; attempt++) {
    const pulse = await findPulse(ctx.db, pulseId);
    if (!pulse || pulse.closedAt !== null) return;
    if (attempt > 10) throw new Error(`Pulse ${pulseId} kept changing while it was being closed.`);
    const visible = pulse.publishedCount > 0;
    const heldBack = pulse.responseCount - pulse.publishedCount;
    const told: NewNotification[] = [
      {
        userId: pulse.askerId,
        kind: 'pulse_closed',
        title: visible
          ? `Your pulse closed: ${pulse.responseCount} of ${pulse.audienceSize} answered${heldBack > 0 ? `, results from ${pulse.publishedCount}` : ''}`
          : `Your pulse closed with ${pulse.responseCount} of ${pulse.audienceSize} answers, short of the ${pulse.threshold} needed to show results`,
        body: `${pulse.title} — ${pulse.responseCount} answered, ${pulse.declinedCount} declined, ${pulse.audienceSize - pulse.responseCount - pulse.declinedCount} did not answer.`,
        url: pulseUrl(pulseId, '/results'),
      },
    ];
    if (visible && pulse.hiddenAt === null) {
      const answered = await listRecipientIds(ctx.db, pulseId, 'answered');
      for (const userId of answered)
        told.push({
          userId,
          kind: 'pulse_results',
          title: 'Results of a pulse you answered are out',
          body: pulse.title,
          url: pulseUrl(pulseId, '/results'),
        });
    }
    const planned = await planNotifications(ctx, ctx.db, told);
    const closed = await write(ctx.database, function* (tx) {
      const changed = yield* run(closeAsRead, {
        pulseId,
        at,
        responseCount: pulse.responseCount,
        publishedCount: pulse.publishedCount,
        declinedCount: pulse.declinedCount,
        hidden: pulse.hiddenAt === null ? 0 : 1,
      });
      if (changed === 0) return false;
      yield* run(markWaitingMissed, { pulseId });
      yield* takeBreakdownCopy(pulseId, at);
      yield* storeNotifications(ctx, tx, planned);
      return true;
    });
    if (closed) return;
  }
}

/** The `pulses.close` job: closes at the deadline it was scheduled for, unless the deadline moved. */
export async function closeAtDeadline(ctx: AppContext, pulseId: string, closesAt: string): Promise<void> {
  const pulse = await findPulse(ctx.db, pulseId);
  if (!pulse || pulse.closedAt !== null || pulse.closesAt !== closesAt) return;
  await closePulse(ctx, pulseId, closesAt);
}

/** The `pulses.remind` job: one reminder to those who have neither answered nor declined. */
export async function remindWaiting(ctx: AppContext, pulseId: string, closesAt: string): Promise<void> {
  const pulse = await findPulse(ctx.db, pulseId);
  if (!pulse || pulse.closedAt !== null || pulse.hiddenAt !== null || pulse.closesAt !== closesAt) return;
  const hoursLeft = hoursBetween(isoNow(ctx.clock), pulse.closesAt);
  const waiting = await listRecipientIds(ctx.db, pulseId, 'waiting');
  const planned = await planNotifications(
    ctx,
    ctx.db,
    waiting.map((userId) => ({
      userId,
      kind: 'pulse_waiting' as const,
      title: `Reminder: a pulse closes in ${hoursLeft} h — ${pulse.responseCount} peers have answered`,
      body: pulse.title,
      url: pulseUrl(pulseId),
    })),
  );
  await write(ctx.database, (tx) => storeNotifications(ctx, tx, planned));
}

export async function closePulseEarly(ctx: AppContext, actor: SignedInActor, pulseId: string): Promise<PulseView> {
  const loaded = await loadPulse(ctx, actor, pulseId);
  authorizePulse(actor, 'pulse.close', loaded);
  await closePulse(ctx, pulseId, isoNow(ctx.clock));
  return presentOne(ctx, actor, pulseId);
}

function checkNewDeadline(now: string, closesAt: string, latest: number): void {
  const at = Date.parse(closesAt);
  if (at < Date.parse(now) + MIN_DURATION_MS - 60_000 || at > latest + 60_000)
    throw invalid('The new deadline must be at least an hour away and within 14 days.', [
      { path: '/closesAt', message: 'must be at least 1 hour from now and at most 14 days out' },
    ]);
}

/** The asker moves the deadline later, once. */
export async function extendPulse(
  ctx: AppContext,
  actor: SignedInActor,
  pulseId: string,
  closesAt: string,
): Promise<PulseView> {
  const loaded = await loadPulse(ctx, actor, pulseId);
  authorizePulse(actor, 'pulse.extend', loaded);
  const { pulse } = loaded;
  const now = isoNow(ctx.clock);
  checkNewDeadline(now, closesAt, Date.parse(pulse.createdAt) + MAX_DURATION_MS);
  if (closesAt <= pulse.closesAt)
    throw invalid('Extending moves the deadline later.', [
      { path: '/closesAt', message: 'must be after the current deadline' },
    ]);
  await write(ctx.database, function* () {
    yield* run(extendDeadline, { pulseId, closesAt });
    yield* schedule(ctx, pulseId, now, closesAt);
  });
  return presentWritten(ctx, actor, { ...pulse, closesAt, extended: 1 });
}

/** The asker re-opens a closed pulse with a new deadline; those who missed it are asked again. */
export async function reopenPulse(
  ctx: AppContext,
  actor: SignedInActor,
  pulseId: string,
  closesAt: string,
): Promise<PulseView> {
  const loaded = await loadPulse(ctx, actor, pulseId);
  authorizePulse(actor, 'pulse.reopen', loaded);
  const now = isoNow(ctx.clock);
  checkNewDeadline(now, closesAt, Date.parse(now) + MAX_DURATION_MS);
  const { pulse } = loaded;
  // Those who missed it are read before the write; only re-opening turns a missed recipient back.
  const missed = await listRecipientIds(ctx.db, pulseId, 'missed');
  const planned = await planNotifications(
    ctx,
    ctx.db,
    missed.map((userId) => ({
      userId,
      kind: 'pulse_waiting' as const,
      title: `A pulse is open again for ${hoursBetween(now, closesAt)} h`,
      body: pulse.title,
      url: pulseUrl(pulseId),
    })),
  );
  await write(ctx.database, function* (tx) {
    yield* run(reopenWithDeadline, { pulseId, closesAt });
    yield* run(markMissedWaiting, { pulseId });
    yield* schedule(ctx, pulseId, now, closesAt);
    yield* storeNotifications(ctx, tx, planned);
  });
  return presentWritten(ctx, actor, { ...pulse, closesAt, closedAt: null });
}

/** A facilitator hides an improper pulse (its asker sees why) or shows it again; logged. */
export async function moderatePulse(
  ctx: AppContext,
  actor: SignedInActor,
  pulseId: string,
  body: PulseModerationBody,
): Promise<PulseView> {
  const loaded = await loadPulse(ctx, actor, pulseId);
  authorizePulse(actor, 'pulse.hide', loaded);
  const now = isoNow(ctx.clock);
  const { pulse } = loaded;
  const hidden =
    body.action === 'hide' ? { hiddenAt: now, hiddenReason: body.reason } : { hiddenAt: null, hiddenReason: null };
  const planned = await planNotifications(
    ctx,
    ctx.db,
    body.action !== 'hide' || pulse.askerId === actor.userId
      ? []
      : [
          {
            userId: pulse.askerId,
            kind: 'post_moderated',
            title: 'A facilitator hid your pulse',
            body: `${pulse.title} — reason: ${body.reason}`,
            url: pulseUrl(pulseId),
          },
        ],
  );
  await write(ctx.database, function* (tx) {
    yield* run(setPulseHidden, { pulseId, ...hidden });
    yield* run(logPulseModeration, {
      id: newId(),
      networkId: loaded.networkIds[0] ?? '',
      actorId: actor.userId,
      action: body.action === 'hide' ? 'hide_pulse' : 'unhide_pulse',
      pulseId,
      reason: body.action === 'hide' ? body.reason : null,
      createdAt: now,
    });
    yield* storeNotifications(ctx, tx, planned);
  });
  return presentWritten(ctx, actor, { ...pulse, ...hidden });
}
