import type { AddressInfo } from 'node:net';
import type { IssueView, MeetingView, OfferView, RunView } from '@roundtable/contract/meetings';
import type { FastifyInstance } from 'fastify';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { loadConfig } from '../../config.js';
import { type EventBus, InProcessEventBus, RedisEventBus } from '../../platform/events.js';
import { buildTestApp, type Person, TEST_ORIGIN, type TestApp } from '../../test/app.js';
import { HOUR, MINUTE } from '../../test/clock.js';
import { multipart } from '../../test/multipart.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';
import { openEventStream } from '../../test/sse.js';
import { runMeetingReminders } from './meetings.service.js';

/*
 * One meeting cycle end to end, on the database under test: a monthly series across the change to
 * summer time, answers, three issues, a published agenda, the meeting run on one server while a
 * member's screen on a second server follows each step, two offers fulfilled with documents, a
 * commitment that opens the next meeting's agenda, and the recap received over real SMTP.
 * With TEST_REDIS_URL the two servers share Redis, as in the scaled mode; without it, one bus.
 */
const received: { to: string[]; mail: ParsedMail }[] = [];
let smtp: SMTPServer;
let t: TestApp;
let second: FastifyInstance;
let secondPort: number;
let bus: EventBus | undefined;
let facilitator: Person;
let asha: Person;
let pat: Person;
let kim: Person;

const PDF = (label: string) =>
  Buffer.from(
    `%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n1 0 obj << /Title (${label}) >> endobj\ntrailer << >>\n%%EOF\n`,
    'latin1',
  );

beforeAll(async () => {
  smtp = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), mail });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const redisUrl = process.env.TEST_REDIS_URL;
  bus = redisUrl ? undefined : new InProcessEventBus();
  const env = {
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    MAIL_FROM: 'Roundtable <hello@peers.test>',
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
  };
  t = await buildTestApp({ env, ...(bus ? { events: bus } : {}) });
  // Monday 1 March 2027, before the series starts; Europe changes to summer time on 28 March.
  t.clock.set(new Date('2027-03-01T08:00:00.000Z'));
  second = await buildApp({
    config: loadConfig({ PUBLIC_URL: TEST_ORIGIN, WEB_DIST: '', LOG_LEVEL: 'silent', ...env }),
    database: t.database,
    clock: t.clock,
    logger: false,
    ...(bus ? { events: bus } : redisUrl ? { events: new RedisEventBus(redisUrl) } : {}),
  });
  await second.listen({ port: 0, host: '127.0.0.1' });
  secondPort = (second.server.address() as AddressInfo).port;
  facilitator = await t.admin();
  asha = await t.member('Asha Presenter');
  pat = await t.member('Pat Offerer');
  kim = await t.member('Kim Offerer');
});
afterAll(async () => {
  await second?.close();
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

const api = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, as: Person, payload?: unknown) =>
  t.request({ method, url: `/api/v1${url}`, as, ...(payload === undefined ? {} : { payload: payload as object }) });

async function ok<T>(pending: ReturnType<typeof api>, status = 200): Promise<T> {
  const response = await pending;
  expect(response.statusCode, response.body).toBe(status);
  return response.json() as T;
}

describe('a meeting cycle', () => {
  it('runs from the schedule to the recap', async () => {
    const network = await createNetwork(t, facilitator, { name: 'Cycle Forum' });
    for (const person of [asha, pat, kim]) await joinNetwork(t, person, network);
    await ok(api('PATCH', `/networks/${network.id}/meeting-settings`, facilitator, { minutesAllowed: true }));

    // A monthly series on the second Tuesday at 09:00 Berlin time, across the change to summer time.
    const { meeting: first } = await ok<{ meeting: MeetingView }>(
      api('POST', `/networks/${network.id}/meetings`, facilitator, {
        title: 'Cycle Forum',
        startsAt: '2027-03-09T09:00',
        endsAt: '2027-03-09T12:00',
        timeZone: 'Europe/Berlin',
        format: 'hybrid',
        location: 'Kantstraße 1, Berlin',
        videoUrl: 'https://meet.example.com/cycle',
        repeat: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=3',
      }),
      201,
    );
    const series = (await ok<{ items: MeetingView[] }>(api('GET', `/networks/${network.id}/meetings`, asha))).items.map(
      (m) => [m.id, m.startsAt],
    );
    expect(series.map(([, startsAt]) => startsAt)).toEqual([
      '2027-03-09T08:00:00.000Z',
      '2027-04-13T07:00:00.000Z',
      '2027-05-11T07:00:00.000Z',
    ]);
    const nextId = series[1]?.[0] as string;

    for (const [person, answer] of [
      [asha, 'going'],
      [pat, 'going'],
      [kim, 'maybe'],
    ] as const)
      await ok(api('PUT', `/meetings/${first.id}/rsvp`, person, { answer }));

    const ashaIssue = await ok<IssueView>(
      api('POST', `/networks/${network.id}/meeting-issues`, asha, {
        title: 'Our sales team misses its forecast every quarter',
        need: 'experience',
        priority: 'A',
        background: 'Twelve reps, two regions.',
      }),
      201,
    );
    const patIssue = await ok<IssueView>(
      api('POST', `/networks/${network.id}/meeting-issues`, pat, {
        title: 'Hiring a CFO',
        need: 'decision',
        priority: 'B',
      }),
      201,
    );
    await ok(
      api('POST', `/networks/${network.id}/meeting-issues`, kim, {
        title: 'Office move',
        need: 'resources',
        priority: 'C',
      }),
      201,
    );
    const published = await ok<MeetingView>(
      api('PUT', `/meetings/${first.id}/agenda`, facilitator, {
        items: [
          { issueId: ashaIssue.id, minutes: 35 },
          { issueId: patIssue.id, minutes: 35 },
        ],
        publish: true,
      }),
    );
    expect(published.agenda.map((item) => item.title)).toEqual([ashaIssue.title, patIssue.title]);

    // Kim follows the meeting from a second server.
    t.clock.set(new Date('2027-03-09T07:55:00.000Z'));
    const stream = openEventStream(secondPort, kim.cookie, `/api/v1/events?meetingId=${first.id}`);
    try {
      expect(await stream.opened).toBe(200);
      // The stream answers before the bus has registered its subscription (Redis needs a moment).
      await new Promise((resolve) => setTimeout(resolve, 300));
      const started = stream.next('meeting.run');
      const run = await ok<RunView>(api('POST', `/meetings/${first.id}/run`, facilitator, { action: 'start' }));
      expect(run).toMatchObject({ issueId: ashaIssue.id, stepIndex: 0, position: 0, agendaLength: 2 });
      expect(((await started).data as RunView).issueId).toBe(ashaIssue.id);
      t.clock.advance(5 * MINUTE);
      stream.events.length = 0;
      const stepped = stream.next('meeting.run');
      await ok(api('POST', `/meetings/${first.id}/run`, facilitator, { action: 'next' }));
      expect(((await stepped).data as RunView).stepIndex).toBe(1);
      expect(((await stepped).data as RunView).protocol[1]?.name).toBe('Clarifying questions');
    } finally {
      stream.stop();
    }
    expect((await api('POST', `/meetings/${first.id}/run`, asha, { action: 'next' })).statusCode).toBe(403);

    // Two peers offer their processes and send them as PDFs.
    const offers: OfferView[] = [];
    for (const [person, label] of [
      [pat, 'Pat forecasting process'],
      [kim, 'Kim pipeline review'],
    ] as const) {
      const offer = await ok<OfferView>(
        api('POST', `/meeting-issues/${ashaIssue.id}/offers`, person, {
          description: `I'll send you our ${label}`,
          dueOn: '2027-03-12',
        }),
        201,
      );
      const upload = multipart(PDF(label), `${label}.pdf`, 'application/pdf');
      const fulfilled = await t.request({
        method: 'PUT',
        url: `/api/v1/meeting-offers/${offer.id}/file`,
        as: person,
        payload: upload.payload,
        headers: upload.headers,
      });
      expect(fulfilled.statusCode, fulfilled.body).toBe(200);
      offers.push(fulfilled.json());
    }
    const [patOffer, kimOffer] = offers as [OfferView, OfferView];
    const download = await api('GET', `/meeting-offers/${patOffer.id}/file`, asha);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.rawPayload.equals(PDF('Pat forecasting process'))).toBe(true);
    // What Pat sent Asha is theirs: Kim sees the offer, not the file.
    expect((await api('GET', `/meeting-offers/${patOffer.id}/file`, kim)).statusCode).toBe(404);
    const asKim = await ok<{ items: OfferView[] }>(api('GET', `/meeting-issues/${ashaIssue.id}/offers`, kim));
    expect(asKim.items.find((o) => o.id === patOffer.id)?.file).toBeNull();
    expect(asKim.items.find((o) => o.id === kimOffer.id)?.file?.name).toBe('Kim pipeline review.pdf');
    const ashaNotes = await t.database.db
      .selectFrom('notifications')
      .select('kind')
      .where('userId', '=', asha.me.id)
      .where('kind', '=', 'offer_fulfilled')
      .execute();
    expect(ashaNotes).toHaveLength(2);

    await ok(
      api('POST', `/meeting-issues/${ashaIssue.id}/commitments`, asha, {
        text: 'I will pilot weekly forecast calls with one team by May',
      }),
      201,
    );

    // Through Asha's last steps to Pat's issue, then the end: Pat's issue is carried over.
    for (let step = 1; step < 4; step++)
      await ok(api('POST', `/meetings/${first.id}/run`, facilitator, { action: 'next' }));
    const ended = await ok<RunView>(api('POST', `/meetings/${first.id}/run`, facilitator, { action: 'end' }));
    expect(ended.endedAt).not.toBeNull();
    const queue = await ok<{ items: IssueView[] }>(api('GET', `/networks/${network.id}/meeting-issues`, pat));
    expect(queue.items.find((i) => i.id === patIssue.id)).toMatchObject({ status: 'queued', carriedOver: 1 });

    t.clock.set(new Date('2027-03-09T11:10:00.000Z'));
    await ok(api('PUT', `/meetings/${first.id}/attendance`, facilitator, { attendedIds: [asha.me.id, pat.me.id] }));
    const recap = await ok<{ issues: { title: string; commitments: { text: string }[] }[]; minutes: string | null }>(
      api('POST', `/meetings/${first.id}/recap`, facilitator, { minutes: 'Asha will report back in April.' }),
    );
    expect(recap.issues.map((i) => i.title)).toEqual([ashaIssue.title]);
    expect(recap.minutes).toBe('Asha will report back in April.');
    await t.runJobs();
    const recapMail = (email: string) =>
      received.filter((r) => r.to.includes(email) && /^Recap:/.test(r.mail.subject ?? '')).map((r) => r.mail);
    const [ashaMail] = recapMail(asha.email);
    expect(ashaMail?.text).toContain('I will pilot weekly forecast calls with one team by May');
    expect(recapMail(pat.email)).toHaveLength(1);
    expect(recapMail(kim.email)).toHaveLength(0);
    expect((await api('GET', `/meetings/${first.id}/recap`, kim)).statusCode).toBe(200);

    // The next meeting opens with Asha's commitment for a one-line check-in.
    const next = await ok<MeetingView>(api('GET', `/meetings/${nextId}`, pat));
    expect(next.openCommitments).toMatchObject([
      {
        text: 'I will pilot weekly forecast calls with one team by May',
        status: 'open',
        person: { name: 'Asha Presenter' },
      },
    ]);
    const commitmentId = next.openCommitments[0]?.id as string;
    expect(
      (await api('POST', `/meeting-commitments/${commitmentId}/check-in`, pat, { status: 'done' })).statusCode,
    ).toBe(403);
    await ok(api('POST', `/meeting-commitments/${commitmentId}/check-in`, asha, { status: 'done', meetingId: nextId }));
    expect((await ok<MeetingView>(api('GET', `/meetings/${nextId}`, pat))).openCommitments).toEqual([]);
  });

  it('reminds a day and an hour before, once each, leaving out those who cannot go', async () => {
    const network = await createNetwork(t, facilitator, { name: 'Reminder Forum' });
    for (const person of [asha, pat]) await joinNetwork(t, person, network);
    t.clock.set(new Date('2027-03-20T08:00:00.000Z'));
    const { meeting } = await ok<{ meeting: MeetingView }>(
      api('POST', `/networks/${network.id}/meetings`, facilitator, {
        title: 'Reminded',
        startsAt: '2027-03-21T10:00',
        endsAt: '2027-03-21T11:00',
        timeZone: 'UTC',
        format: 'online',
        videoUrl: 'https://meet.example.com/r',
      }),
      201,
    );
    await ok(api('PUT', `/meetings/${meeting.id}/rsvp`, pat, { answer: 'not_going' }));
    const reminders = () =>
      t.database.db
        .selectFrom('notifications')
        .select(['userId', 'title'])
        .where('kind', '=', 'meeting_soon')
        .where('url', '=', `/meetings/${meeting.id}`)
        .execute();
    await runMeetingReminders(t.ctx);
    expect(await reminders()).toHaveLength(0);
    t.clock.set(new Date('2027-03-20T10:30:00.000Z'));
    await runMeetingReminders(t.ctx);
    await runMeetingReminders(t.ctx);
    const daily = await reminders();
    expect(daily.map((r) => r.userId).sort()).toEqual([asha.me.id, facilitator.me.id].sort());
    t.clock.set(new Date('2027-03-21T09:15:00.000Z'));
    await runMeetingReminders(t.ctx);
    await runMeetingReminders(t.ctx);
    const all = await reminders();
    expect(all).toHaveLength(4);
    expect(all.filter((r) => r.title.startsWith('In an hour'))).toHaveLength(2);
    expect(all.map((r) => r.userId)).not.toContain(pat.me.id);
    t.clock.advance(HOUR);
  });
});

describe('the attendance rule and offers due', () => {
  it('tells the facilitators once a member has missed the rule’s number of meetings in a row', async () => {
    const network = await createNetwork(t, facilitator, { name: 'Attendance Forum' });
    for (const person of [asha, pat]) await joinNetwork(t, person, network);
    await ok(api('PATCH', `/networks/${network.id}/meeting-settings`, facilitator, { missedMeetingsAlert: 2 }));
    t.clock.set(new Date('2027-03-22T08:00:00.000Z'));
    const { meeting } = await ok<{ meeting: MeetingView }>(
      api('POST', `/networks/${network.id}/meetings`, facilitator, {
        title: 'Weekly check',
        startsAt: '2027-03-22T10:00',
        endsAt: '2027-03-22T11:00',
        timeZone: 'UTC',
        format: 'online',
        videoUrl: 'https://meet.example.com/w',
        repeat: 'FREQ=DAILY;COUNT=3',
      }),
      201,
    );
    const ids = (await ok<{ items: MeetingView[] }>(api('GET', `/networks/${network.id}/meetings`, asha))).items
      .filter((m) => m.title === 'Weekly check')
      .map((m) => m.id);
    expect(ids[0]).toBe(meeting.id);
    const alerts = () =>
      t.database.db
        .selectFrom('notifications')
        .select(['userId', 'title'])
        .where('kind', '=', 'attendance_alert')
        .where('networkId', '=', network.id)
        .execute();
    for (const [day, id] of ids.entries()) {
      t.clock.set(new Date(Date.parse(`2027-03-2${2 + day}T10:30:00.000Z`)));
      // Asha comes every time; Pat misses them all.
      await ok(api('PUT', `/meetings/${id}/attendance`, facilitator, { attendedIds: [asha.me.id, facilitator.me.id] }));
      const sent = await alerts();
      if (day === 0) expect(sent).toEqual([]);
      if (day >= 1) {
        // Once, at the second miss in a row; the third does not repeat it.
        expect(sent).toEqual([
          { userId: facilitator.me.id, title: `Pat Offerer has missed 2 Attendance Forum meetings in a row` },
        ]);
      }
    }
  });

  it('reminds the offerer on the day an open offer is due, once', async () => {
    const network = await createNetwork(t, facilitator, { name: 'Offer Forum' });
    for (const person of [asha, pat]) await joinNetwork(t, person, network);
    t.clock.set(new Date('2027-03-24T08:00:00.000Z'));
    const issue = await ok<IssueView>(
      api('POST', `/networks/${network.id}/meeting-issues`, asha, {
        title: 'Board pack',
        need: 'resources',
        priority: 'B',
      }),
      201,
    );
    await ok(
      api('POST', `/meeting-issues/${issue.id}/offers`, pat, {
        description: 'Our board pack template',
        dueOn: '2027-03-25',
      }),
      201,
    );
    const due = () =>
      t.database.db
        .selectFrom('notifications')
        .select(['userId', 'title'])
        .where('kind', '=', 'offer_due')
        .where('networkId', '=', network.id)
        .execute();
    await runMeetingReminders(t.ctx);
    expect(await due()).toEqual([]);
    t.clock.set(new Date('2027-03-25T07:00:00.000Z'));
    await runMeetingReminders(t.ctx);
    await runMeetingReminders(t.ctx);
    expect(await due()).toEqual([
      { userId: pat.me.id, title: 'Due today: Our board pack template (for “Board pack”)' },
    ]);
  });
});
