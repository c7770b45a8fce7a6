import { describe, expect, it } from 'vitest';
import { type Actor, anonymous } from '../../platform/policy.js';
import { isOpen, type PulseAccess, pulsePolicies, pulseRoutePolicies } from './pulses.policy.js';

const person = (userId: string, role: 'member' | 'admin' = 'member'): Actor => ({
  kind: 'user',
  userId,
  role,
  sessionId: 's',
});
const asker = person('asker');
const viewer = person('viewer');
const hostAdmin = person('admin', 'admin');

const NOW = '2026-11-27T10:00:00.000Z';
const LATER = '2026-11-28T10:00:00.000Z';
const EARLIER = '2026-11-26T10:00:00.000Z';

type State = PulseAccess['recipientState'];
type PulseOverrides = Partial<PulseAccess['pulse']>;

/** An open pulse by `asker`, closing tomorrow, seen by someone in the given state. */
const access = (recipientState: State, pulse: PulseOverrides = {}, isFacilitator = false): PulseAccess => ({
  pulse: {
    askerId: 'asker',
    closesAt: LATER,
    closedAt: null,
    hiddenAt: null,
    extended: 0,
    resultsVisibility: 'after_answer',
    breakdownTakenAt: null,
    ...pulse,
  },
  recipientState,
  isFacilitator,
  now: NOW,
});
const closedEarly = { closedAt: NOW } satisfies PulseOverrides;
const pastDeadline = { closesAt: EARLIER } satisfies PulseOverrides;
const hidden = { hiddenAt: NOW } satisfies PulseOverrides;
const afterClose = { resultsVisibility: 'after_close' } satisfies PulseOverrides;

describe('route policies', () => {
  it.each([
    [anonymous, false],
    [viewer, true],
    [hostAdmin, true],
  ] as const)('pulses.signedIn for %o → %s', (actor, expected) => {
    expect(pulseRoutePolicies['pulses.signedIn'](actor)).toBe(expected);
  });
});

describe('isOpen', () => {
  it.each([
    ['before the deadline', {}, true],
    ['closed early', closedEarly, false],
    ['at the deadline exactly', { closesAt: NOW }, false],
    ['past the deadline, before the close job ran', pastDeadline, false],
    ['hidden', hidden, false],
  ] as const)('is %s when %s', (_label, pulse, expected) => {
    expect(isOpen(access(null, pulse))).toBe(expected);
  });
});

type Row = readonly [string, Actor, PulseAccess, boolean];

const table: Record<keyof typeof pulsePolicies, Row[]> = {
  'pulse.read': [
    ['someone signed out, even the asker', anonymous, access('answered'), false],
    ['a member not asked', viewer, access(null), false],
    ['a member asked', viewer, access('waiting'), true],
    ['a member who answered', viewer, access('answered'), true],
    ['a member who declined', viewer, access('declined'), true],
    ['a member who missed it', viewer, access('missed', pastDeadline), true],
    ['the asker', asker, access(null), true],
    ['a facilitator not asked', viewer, access(null, {}, true), true],
    ['a host admin', hostAdmin, access(null), true],
    ['a member asked, once hidden', viewer, access('answered', hidden), false],
    ['the asker, once hidden', asker, access(null, hidden), true],
    ['a facilitator, once hidden', viewer, access(null, hidden, true), true],
    ['a host admin, once hidden', hostAdmin, access(null, hidden), true],
  ],
  'pulse.answer': [
    ['someone signed out', anonymous, access('waiting'), false],
    ['a member asked', viewer, access('waiting'), true],
    ['a member who answered (to edit)', viewer, access('answered'), true],
    ['a member who declined and thinks again', viewer, access('declined'), true],
    ['a member not asked', viewer, access(null), false],
    ['the asker', asker, access(null), false],
    ['a facilitator not asked', viewer, access(null, {}, true), false],
    ['a host admin', hostAdmin, access(null), false],
    ['a member asked, closed early', viewer, access('waiting', closedEarly), false],
    ['a member who answered, past the deadline', viewer, access('answered', pastDeadline), false],
    ['a member asked, once hidden', viewer, access('waiting', hidden), false],
  ],
  'pulse.decline': [
    ['someone signed out', anonymous, access('waiting'), false],
    ['a member asked', viewer, access('waiting'), true],
    ['a member who answered', viewer, access('answered'), false],
    ['a member who declined', viewer, access('declined'), false],
    ['a member who missed it', viewer, access('missed'), false],
    ['a member not asked', viewer, access(null), false],
    ['the asker', asker, access(null), false],
    ['a member asked, past the deadline', viewer, access('waiting', pastDeadline), false],
    ['a member asked, once hidden', viewer, access('waiting', hidden), false],
  ],
  'pulse.viewResults': [
    ['someone signed out', anonymous, access('answered', closedEarly), false],
    ['the asker while open', asker, access(null), true],
    ['the asker once hidden', asker, access(null, hidden), true],
    ['a member who answered', viewer, access('answered'), true],
    ['a member who answered, results after the deadline', viewer, access('answered', afterClose), false],
    ['a member who answered, hidden', viewer, access('answered', hidden), false],
    ['a member asked, not yet answered', viewer, access('waiting'), false],
    ['a member who declined, while open', viewer, access('declined'), false],
    ['a facilitator while open', viewer, access(null, {}, true), false],
    ['a host admin while open', hostAdmin, access(null), false],
    ['a member asked, past the deadline', viewer, access('waiting', pastDeadline), true],
    ['a member who missed it', viewer, access('missed', closedEarly), true],
    ['a member who declined, closed', viewer, access('declined', closedEarly), true],
    ['a member who answered, after the deadline', viewer, access('answered', { ...afterClose, ...pastDeadline }), true],
    ['a facilitator, closed', viewer, access(null, closedEarly, true), true],
    ['a host admin, closed', hostAdmin, access(null, closedEarly), true],
    ['a member not asked, closed', viewer, access(null, closedEarly), false],
    ['a member asked, closed and hidden', viewer, access('missed', { ...closedEarly, ...hidden }), false],
    ['a facilitator, closed and hidden', viewer, access(null, { ...closedEarly, ...hidden }, true), false],
  ],
  'pulse.breakDown': [
    ['the asker while open', asker, access(null), false],
    ['the asker, closed before the copy is taken', asker, access(null, closedEarly), false],
    ['the asker, closed', asker, access(null, { ...closedEarly, breakdownTakenAt: EARLIER }), true],
    ['the asker, re-opened after a close', asker, access(null, { breakdownTakenAt: EARLIER }), true],
    ['a member who answered', viewer, access('answered'), false],
    ['a facilitator', viewer, access(null, closedEarly, true), false],
    ['a host admin', hostAdmin, access(null, closedEarly), false],
    ['someone signed out', anonymous, access(null), false],
  ],
  'pulse.close': [
    ['the asker while open', asker, access(null), true],
    ['the asker, closed early', asker, access(null, closedEarly), false],
    ['the asker, past the deadline', asker, access(null, pastDeadline), false],
    ['the asker, once hidden', asker, access(null, hidden), false],
    ['a member who answered', viewer, access('answered'), false],
    ['a facilitator', viewer, access(null, {}, true), false],
    ['a host admin', hostAdmin, access(null), false],
    ['someone signed out', anonymous, access(null), false],
  ],
  'pulse.extend': [
    ['the asker while open', asker, access(null), true],
    ['the asker, already extended', asker, access(null, { extended: 1 }), false],
    ['the asker, closed', asker, access(null, closedEarly), false],
    ['the asker, once hidden', asker, access(null, hidden), false],
    ['a member who answered', viewer, access('answered'), false],
    ['a facilitator', viewer, access(null, {}, true), false],
    ['a host admin', hostAdmin, access(null), false],
  ],
  'pulse.reopen': [
    ['the asker, closed early', asker, access(null, closedEarly), true],
    ['the asker, past the deadline', asker, access(null, pastDeadline), true],
    ['the asker, extended and closed', asker, access(null, { ...closedEarly, extended: 1 }), true],
    ['the asker while open', asker, access(null), false],
    ['the asker, closed and hidden', asker, access(null, { ...closedEarly, ...hidden }), false],
    ['a member who answered, closed', viewer, access('answered', closedEarly), false],
    ['a facilitator, closed', viewer, access(null, closedEarly, true), false],
    ['a host admin, closed', hostAdmin, access(null, closedEarly), false],
  ],
  'pulse.hide': [
    ['a facilitator', viewer, access(null, {}, true), true],
    [
      'a facilitator, closed and hidden (to show it again)',
      viewer,
      access(null, { ...closedEarly, ...hidden }, true),
      true,
    ],
    ['a host admin', hostAdmin, access(null), true],
    ['the asker', asker, access(null), false],
    ['a member who answered', viewer, access('answered'), false],
    ['someone signed out', anonymous, access(null, {}, true), false],
  ],
};

describe.each(Object.entries(table))('%s', (action, rows) => {
  const policy = pulsePolicies[action as keyof typeof pulsePolicies];
  it.each(rows.map(([label, actor, subject, expected]) => [label, expected, actor, subject] as const))(
    'for %s → %s',
    (_label, expected, actor, subject) => {
      expect(policy(actor, subject)).toBe(expected);
    },
  );
});

describe('the table', () => {
  it('covers every pulse policy', () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(pulsePolicies).sort());
  });
});
