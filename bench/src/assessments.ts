import { currentInstrument, scoreAnswers } from '@roundtable/contract/assessments';
import type { Trx } from '../../server/src/db/database.js';
import type { PlanAction, PlanGoal } from '../../server/src/db/tables.js';
import type { Random } from './random.js';
import { type Account, ANCHOR_MS, DAY_MS, insertReported, iso, type TableReport } from './rows.js';

/** Share of members who took the NQ at least once, and of those who accepted a plan. */
const TAKER_SHARE = 0.4;
const PLANNER_SHARE = 0.5;

let ids = 0;
/** Time-ordered, like the server's uuid v7 ids: the prefix sorts by the row's moment. */
const idAt = (ms: number) => `${ms.toString(16).padStart(12, '0')}-nq-${(++ids).toString(36).padStart(8, '0')}`;

/**
 * NQ results and networking plans: 40 % of members took the NQ one to four times over the last
 * year (answers drawn around a personal level, scored by the real scoring), and half of them keep a
 * plan of two goals with three actions each, one tracked by an activity. The bench member always
 * has three results and a plan, so the history and plan scenarios read a realistic page.
 */
export async function writeAssessments(
  trx: Trx,
  random: Random,
  members: Account[],
  reports: TableReport[],
): Promise<{ rows: number }> {
  const instrument = currentInstrument();
  const assessments = [];
  const goals: PlanGoal[] = [];
  const actions: PlanAction[] = [];
  for (const [index, member] of members.entries()) {
    const isBenchMember = index === 0;
    if (!isBenchMember && random.next() >= TAKER_SHARE) continue;
    const count = isBenchMember ? 3 : 1 + Math.floor(random.next() * 4);
    const level = 1.5 + random.next() * 3;
    let latestMs = 0;
    for (let n = 0; n < count; n++) {
      const ms = Math.max(member.createdMs + DAY_MS, ANCHOR_MS - Math.floor(random.next() * 360) * DAY_MS);
      latestMs = Math.max(latestMs, ms);
      const answers = Object.fromEntries(
        instrument.items.map((item) => {
          const value = Math.min(5, Math.max(1, Math.round(level + (random.next() - 0.5) * 2)));
          return [item.id, item.reverse ? 6 - value : value];
        }),
      );
      const score = scoreAnswers(instrument, answers);
      assessments.push({
        id: idAt(ms),
        userId: member.id,
        instrumentVersion: instrument.version,
        answers: JSON.stringify(answers),
        overall: score.overall,
        band: score.band,
        dimensions: JSON.stringify(score.dimensions),
        createdAt: iso(ms),
      });
    }
    if (!isBenchMember && random.next() >= PLANNER_SHARE) continue;
    const createdMs = latestMs + DAY_MS;
    for (const [position, dimension] of ['peer', 'reciprocity'].entries()) {
      const goalId = idAt(createdMs);
      goals.push({
        id: goalId,
        userId: member.id,
        dimension,
        title: dimension === 'peer' ? 'Belong to a network of true peers' : 'Give before you ask',
        targetDate: iso(createdMs + 90 * DAY_MS).slice(0, 10),
        position,
        createdAt: iso(createdMs),
        updatedAt: iso(createdMs),
      });
      for (let a = 0; a < 3; a++) {
        actions.push({
          id: idAt(createdMs),
          userId: member.id,
          goalId,
          title: a === 0 ? 'Join a network of peers in your function' : `Step ${a + 1}`,
          dueDate: iso(createdMs + (14 + a * 14) * DAY_MS).slice(0, 10),
          metric: a === 0 ? (dimension === 'peer' ? 'networks_joined' : 'invitations_sent') : null,
          target: a === 0 ? 1 : null,
          doneAt: a === 2 && random.next() < 0.5 ? iso(createdMs + DAY_MS) : null,
          remindedFor: null,
          position: a,
          createdAt: iso(createdMs),
          updatedAt: iso(createdMs),
        });
      }
    }
  }
  await insertReported(reports, trx, 'assessments', assessments);
  await insertReported(reports, trx, 'planGoals', goals);
  await insertReported(reports, trx, 'planActions', actions);
  return { rows: assessments.length + goals.length + actions.length };
}
