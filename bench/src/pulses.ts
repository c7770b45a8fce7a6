import type { Db } from '../../server/src/db/database.js';
import { withTransaction } from '../../server/src/db/database.js';
import { prepareQuestions } from '../../server/src/features/pulses/pulses.service.js';
import type { Random } from './random.js';
import { DAY_MS, insertInBatches, type TableReport } from './rows.js';

export type PulseResult = {
  /** An open pulse in the flagship network that the benchmark's member was asked and has not answered. */
  pulseId: string;
  /** A valid `POST /api/v1/pulses/:id/responses` body for it. */
  answerBody: string;
  recipients: number;
  answered: number;
} | null;

/**
 * One open pulse in the flagship network, asked by its longest-standing member other than the
 * benchmark's member a day ago: every other active member is a recipient, about 40 % of them have
 * answered already (so results have something to count), and the benchmark's member is waiting.
 * Written straight to the tables like the rest of the data set; its notifications are left out.
 */
export async function writeBenchPulse(
  db: Db,
  random: Random,
  options: { networkId: string | null; benchMemberId: string | null },
  reports: TableReport[],
): Promise<PulseResult> {
  const { networkId, benchMemberId } = options;
  if (!networkId || !benchMemberId) return null;
  const started = performance.now();
  const members = (
    await db
      .selectFrom('memberships')
      .select('userId')
      .where('networkId', '=', networkId)
      .where('status', '=', 'active')
      .orderBy('joinedAt')
      .orderBy('userId')
      .execute()
  ).map((row) => row.userId);
  const asker = members.find((id) => id !== benchMemberId);
  if (!asker || !members.includes(benchMemberId)) return null;
  const recipients = members.filter((id) => id !== asker);

  const questions = prepareQuestions([
    { type: 'single_choice', prompt: 'Office days expected per week', options: ['None', '1–2', '3', '4–5'] },
    { type: 'scale', prompt: 'How well does it work?', min: 1, max: 5 },
    { type: 'number', prompt: 'People in your company', unit: 'people', min: 0 },
  ]).map((question) => ({ ...question, id: random.uuidV4() }));
  const [choice, scale, count] = questions;
  if (!choice || !scale || !count) throw new Error('The bench pulse needs its three questions.');
  const answerOf = (seed: number) => [
    { questionId: choice.id, value: seed % 4 },
    { questionId: scale.id, value: (seed % 5) + 1 },
    { questionId: count.id, value: 50 + ((seed * 37) % 5000) },
  ];

  // Open for six more days whenever the benchmark runs, so the pulse is open under load.
  const nowMs = Date.now();
  const createdAt = new Date(nowMs - DAY_MS).toISOString();
  const closesAt = new Date(nowMs + 6 * DAY_MS).toISOString();
  const pulseId = random.uuidV7(nowMs - DAY_MS);
  const answeredBy = recipients.filter((id) => id !== benchMemberId && random.chance(0.4));
  const answered = new Set(answeredBy);

  await withTransaction(db, async (trx) => {
    await trx
      .insertInto('pulses')
      .values({
        id: pulseId,
        askerId: asker,
        title: 'Where do other companies stand on hybrid work?',
        context: 'Our board asks how many days a week peers expect people in the office.',
        questions: JSON.stringify(questions),
        threshold: 3,
        anonymous: 1,
        antitrustSafe: 0,
        resultsVisibility: 'after_answer',
        audience: '{}',
        audienceSize: recipients.length,
        responseCount: answeredBy.length,
        // Every generated answer is published, as a run of batches would have left it.
        publishedCount: answeredBy.length,
        declinedCount: 0,
        extended: 0,
        closesAt,
        closedAt: null,
        hiddenAt: null,
        hiddenReason: null,
        createdAt,
      })
      .execute();
    await trx.insertInto('pulseNetworks').values({ pulseId, networkId, createdAt }).execute();
    await insertInBatches(
      trx,
      'pulseRecipients',
      recipients.map((userId) => ({
        pulseId,
        userId,
        state: answered.has(userId) ? ('answered' as const) : ('waiting' as const),
        createdAt,
      })),
    );
    await insertInBatches(
      trx,
      'pulseResponses',
      answeredBy.map((userId, index) => {
        const at = new Date(nowMs - DAY_MS + 60_000 * (index + 1)).toISOString();
        return {
          id: random.uuidV4(),
          pulseId,
          userId,
          position: index + 1,
          answers: JSON.stringify(answerOf(index)),
          publishedAnswers: JSON.stringify(answerOf(index)),
          createdAt: at,
          updatedAt: at,
        };
      }),
    );
  });
  reports.push({
    table: 'pulses',
    rows: 1 + recipients.length + answeredBy.length,
    ms: performance.now() - started,
  });
  return {
    pulseId,
    answerBody: JSON.stringify({ answers: answerOf(7) }),
    recipients: recipients.length,
    answered: answeredBy.length,
  };
}
