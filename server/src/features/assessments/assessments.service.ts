import {
  type AssessmentCreateBody,
  type AssessmentPage,
  type AssessmentView,
  CURRENT_INSTRUMENT_VERSION,
  checkAnswers,
  currentInstrument,
  type DimensionScores,
  findInstrument,
  type InstrumentView,
  PENDING_RESULT_MAX_AGE_DAYS,
  scoreAnswers,
} from '@roundtable/contract/assessments';
import type { PageQuery } from '@roundtable/contract/common';
import type { Db } from '../../db/database.js';
import type { AppContext } from '../../platform/context.js';
import { AppError, notFound } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { decodeCursor, toPage } from '../../platform/pagination.js';
import { type Actor, authorize, isSignedIn, type SignedInActor } from '../../platform/policy.js';
import { assessmentPolicies } from './assessments.policy.js';
import { dimensionsOf, presentAssessment, presentInstrument, presentResult } from './assessments.presenter.js';
import {
  countAssessments as countAssessmentRows,
  findAssessment,
  findLatestAssessment as findLatestAssessmentRow,
  insertAssessment,
  listAssessments as listAssessmentRows,
} from './assessments.queries.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** A browser clock a little ahead of the server's is not a result from the future. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

/** The current instrument, as data: statements, dimensions, scale and bands. */
export const getInstrument = (): InstrumentView => presentInstrument(currentInstrument());

function invalid(details: { path: string; message: string }[]): AppError {
  const first = details[0];
  const where = first ? ` (${first.path.replace(/^\//, '')} ${first.message})` : '';
  return new AppError('validation_failed', `The answers cannot be scored${where}.`, { details });
}

/** When the result counts as taken: now, or a visitor's recent `takenAt` when saved after sign-up. */
function takenAtOf(ctx: AppContext, takenAt: string | undefined): string {
  const now = ctx.clock.now().getTime();
  if (takenAt === undefined) return new Date(now).toISOString();
  const at = Date.parse(takenAt);
  if (Number.isNaN(at) || at > now + CLOCK_SKEW_MS || at < now - PENDING_RESULT_MAX_AGE_DAYS * DAY_MS) {
    throw invalid([{ path: '/takenAt', message: `must lie within the last ${PENDING_RESULT_MAX_AGE_DAYS} days` }]);
  }
  return new Date(Math.min(at, now)).toISOString();
}

/**
 * Scores an answer sheet. A signed-in member's result is stored in their history; a visitor gets
 * the same result back with `id: null` and nothing is written, so the browser can keep it and save
 * it once they have an account. Every problem with the answers names its item.
 */
export async function takeAssessment(
  ctx: AppContext,
  actor: Actor,
  body: AssessmentCreateBody,
): Promise<{ created: boolean; view: AssessmentView }> {
  const instrument = findInstrument(body.instrumentVersion);
  if (!instrument) {
    throw invalid([
      {
        path: '/instrumentVersion',
        message: `is not a known instrument version; the current one is ${CURRENT_INSTRUMENT_VERSION}`,
      },
    ]);
  }
  const problems = checkAnswers(instrument, body.answers);
  if (problems.length > 0) throw invalid(problems);
  const score = scoreAnswers(instrument, body.answers);
  const createdAt = takenAtOf(ctx, body.takenAt);
  if (!isSignedIn(actor)) {
    return {
      created: false,
      view: presentResult({ id: null, instrumentVersion: instrument.version, ...score, createdAt, saved: false }),
    };
  }
  const row = {
    id: newId(),
    userId: actor.userId,
    instrumentVersion: instrument.version,
    answers: JSON.stringify(
      Object.fromEntries(instrument.items.map((item) => [item.id, body.answers[item.id] ?? null])),
    ),
    overall: score.overall,
    band: score.band,
    dimensions: JSON.stringify(score.dimensions),
    createdAt,
  };
  await insertAssessment(ctx.db, row);
  return { created: true, view: presentAssessment(row) };
}

/** The member's results, newest first. */
export async function listAssessments(
  ctx: AppContext,
  actor: SignedInActor,
  query: PageQuery,
): Promise<AssessmentPage> {
  const limit = query.limit ?? 25;
  const rows = await listAssessmentRows(ctx.db, actor.userId, { after: decodeCursor(query.cursor), limit });
  return toPage(rows, limit, presentAssessment);
}

/** One of the member's results; anyone else's answers not_found, exactly like a missing one. */
export async function getAssessment(
  ctx: AppContext,
  actor: SignedInActor,
  assessmentId: string,
): Promise<AssessmentView> {
  const row = await findAssessment(ctx.db, assessmentId);
  // The same words `authorize` answers for someone else's result: the two must not be told apart.
  if (!row) throw notFound();
  authorize(actor, 'assessment.read', assessmentPolicies['assessment.read'], row);
  return presentAssessment(row);
}

export type LatestAssessment = {
  id: string;
  overall: number;
  instrumentVersion: number;
  dimensions: DimensionScores;
  createdAt: string;
};

/** The member's most recent result, for the plan proposal; undefined before the first one. */
export async function findLatestAssessment(db: Db, userId: string): Promise<LatestAssessment | undefined> {
  const row = await findLatestAssessmentRow(db, userId);
  return row
    ? {
        id: row.id,
        overall: row.overall,
        instrumentVersion: row.instrumentVersion,
        dimensions: dimensionsOf(row),
        createdAt: row.createdAt,
      }
    : undefined;
}

/** How many results the member stored, since a time or ever; an activity signal of upkeep. */
export const countAssessments = (db: Db, userId: string, since: string | null): Promise<number> =>
  countAssessmentRows(db, userId, since);
