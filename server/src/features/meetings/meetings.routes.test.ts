import fs from 'node:fs';
import type { IssueView, MeetingView, ScheduledView } from '@roundtable/contract/meetings';
import type { NetworkView } from '@roundtable/contract/networks';
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type Person, type TestApp } from '../../test/app.js';
import { DAY, HOUR } from '../../test/clock.js';
import { multipart } from '../../test/multipart.js';
import { createNetwork, joinNetwork } from '../../test/networks.js';

/*
 * Meetings through the API: who may schedule, see, answer and build agendas; what is stored and
 * who is told; the calendar files as a calendar reads them. The test clock starts 2026-11-25.
 */
let t: TestApp;
let facilitator: Person;
let member: Person;
let peer: Person;
let outsider: Person;
let network: NetworkView;
let otherNetwork: NetworkView;

const meetingBody = (overrides: Record<string, unknown> = {}) => ({
  title: 'Monthly forum',
  description: 'Bring one issue.',
  startsAt: '2027-01-12T09:00',
  endsAt: '2027-01-12T11:00',
  timeZone: 'Europe/Berlin',
  format: 'in_person',
  location: 'Kantstraße 1, Berlin',
  ...overrides,
});

async function schedule(overrides: Record<string, unknown> = {}, as = facilitator, networkId = network.id) {
  return t.request({
    method: 'POST',
    url: `/api/v1/networks/${networkId}/meetings`,
    as,
    payload: meetingBody(overrides),
  });
}

async function scheduled(overrides: Record<string, unknown> = {}): Promise<ScheduledView> {
  const response = await schedule(overrides);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const getMeeting = (id: string, as: Person) => t.request({ method: 'GET', url: `/api/v1/meetings/${id}`, as });

async function raise(as: Person, overrides: Record<string, unknown> = {}): Promise<IssueView> {
  const response = await t.request({
    method: 'POST',
    url: `/api/v1/networks/${network.id}/meeting-issues`,
    as,
    payload: { title: 'Pricing after the energy shock', need: 'experience', priority: 'A', ...overrides },
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

const count = async (table: string) => (await t.rowCounts())[table] ?? 0;

beforeAll(async () => {
  t = await buildTestApp();
  facilitator = await t.admin();
  network = await createNetwork(t, facilitator, { name: 'Meeting Circle' });
  otherNetwork = await createNetwork(t, facilitator, { name: 'Other Circle' });
  member = await t.member('Mia Member');
  peer = await t.member('Pat Peer');
  outsider = await t.member('Otto Outsider');
  await joinNetwork(t, member, network);
  await joinNetwork(t, peer, network);
  await joinNetwork(t, outsider, otherNetwork);
});
afterAll(() => t.close());

describe('scheduling', () => {
  it('schedules a meeting for a facilitator, in UTC from the wall-clock time, and tells the members', async () => {
    const before = await count('notifications');
    const { meeting, occurrences } = await scheduled({ title: 'January forum' });
    expect(occurrences).toBe(1);
    expect(meeting).toMatchObject({
      title: 'January forum',
      startsAt: '2027-01-12T08:00:00.000Z',
      endsAt: '2027-01-12T10:00:00.000Z',
      timeZone: 'Europe/Berlin',
      status: 'scheduled',
      isRecurring: false,
      myRsvp: null,
      abilities: { rsvp: true, edit: true, cancel: true, buildAgenda: true, recordAttendance: false },
    });
    expect((await count('notifications')) - before).toBe(2);
    const asMember = await getMeeting(meeting.id, member);
    expect(asMember.statusCode).toBe(200);
    expect(asMember.json().abilities).toMatchObject({ rsvp: true, edit: false, cancel: false, buildAgenda: false });
  });

  it('keeps a monthly series at 09:00 local across the change to summer time', async () => {
    const { meeting, occurrences } = await scheduled({
      title: 'Second Tuesdays',
      repeat: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6',
    });
    expect(occurrences).toBe(6);
    expect(meeting.repeat).toBe('FREQ=MONTHLY;BYDAY=2TU;COUNT=6');
    const page = (
      await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}/meetings?limit=100`, as: member })
    ).json();
    const series = page.items.filter((item: MeetingView) => item.title === 'Second Tuesdays');
    expect(series.map((item: MeetingView) => item.startsAt)).toEqual([
      '2027-01-12T08:00:00.000Z',
      '2027-02-09T08:00:00.000Z',
      '2027-03-09T08:00:00.000Z',
      '2027-04-13T07:00:00.000Z',
      '2027-05-11T07:00:00.000Z',
      '2027-06-08T07:00:00.000Z',
    ]);
    expect(series.every((item: MeetingView) => item.isRecurring)).toBe(true);
  });

  it.each([
    ['an end before its start', { endsAt: '2027-01-12T08:00' }, '/endsAt'],
    ['a rule that never ends', { repeat: 'FREQ=WEEKLY' }, '/repeat'],
    ['a rule of more than 500 occurrences', { repeat: 'FREQ=DAILY;COUNT=501' }, '/repeat'],
    ['a rule until far away', { repeat: 'FREQ=DAILY;UNTIL=20300101T000000Z' }, '/repeat'],
    ['a rule more often than daily', { repeat: 'FREQ=HOURLY;COUNT=3' }, '/repeat'],
    ['a rule that is not one', { repeat: 'EVERY SECOND TUESDAY' }, '/repeat'],
    ['a start in the past', { startsAt: '2026-11-20T09:00', endsAt: '2026-11-20T10:00' }, '/startsAt'],
    ['an unknown time zone', { timeZone: 'Mars/Olympus' }, '/timeZone'],
    ['an in-person meeting without a place', { location: null }, '/location'],
    ['an online meeting without a link', { format: 'online', location: null }, '/videoUrl'],
  ])('refuses %s with a 400 naming the field, writing nothing', async (_name, overrides, path) => {
    const before = await t.rowCounts();
    const response = await schedule(overrides);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error.code).toBe('validation_failed');
    expect(response.json().error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await t.rowCounts()).toEqual(before);
  });

  it('lets only facilitators schedule, and hides a network from those outside it', async () => {
    expect((await schedule({}, member)).statusCode).toBe(403);
    expect((await schedule({}, outsider)).statusCode).toBe(404);
    const signedOut = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/meetings`,
      payload: meetingBody(),
    });
    expect(signedOut.statusCode).toBe(401);
  });
});

describe('who sees a meeting', () => {
  it('answers 404 to a non-member, as for a meeting that does not exist', async () => {
    const { meeting } = await scheduled({ title: 'Members only' });
    const response = await getMeeting(meeting.id, outsider);
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('not_found');
    expect((await getMeeting('no-such-meeting', member)).statusCode).toBe(404);
    const lists = await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}/meetings`, as: outsider });
    expect(lists.statusCode).toBe(404);
    const mine = (await t.request({ method: 'GET', url: '/api/v1/me/meetings', as: outsider })).json();
    expect(mine.items.map((item: MeetingView) => item.id)).not.toContain(meeting.id);
    const ics = await t.request({ method: 'GET', url: `/api/v1/meetings/${meeting.id}/calendar.ics`, as: outsider });
    expect(ics.statusCode).toBe(404);
  });

  it('answers 404 to a host admin who is not a member: a safe harbor’s meetings are its members’ alone', async () => {
    const harbor = await createNetwork(t, facilitator, { name: 'Harbor Circle' });
    const runner = await t.member('Rue Runner');
    await joinNetwork(t, runner, harbor);
    const promoted = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${harbor.id}/facilitators`,
      as: facilitator,
      payload: { memberId: runner.me.id },
    });
    expect(promoted.statusCode, promoted.body).toBeLessThan(300);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${harbor.id}/meetings`,
      as: runner,
      payload: meetingBody({ title: 'Harbor meeting' }),
    });
    expect(response.statusCode, response.body).toBe(201);
    await t.database.db
      .updateTable('memberships')
      .set({ status: 'left' })
      .where('networkId', '=', harbor.id)
      .where('userId', '=', facilitator.me.id)
      .execute();
    expect((await getMeeting(response.json().meeting.id, facilitator)).statusCode).toBe(404);
  });

  it('lists upcoming meetings soonest first and past ones latest first, by cursor', async () => {
    const fresh = await createNetwork(t, facilitator, { name: 'Paging Circle' });
    await t.request({
      method: 'POST',
      url: `/api/v1/networks/${fresh.id}/meetings`,
      as: facilitator,
      payload: meetingBody({ startsAt: '2026-11-26T09:00', endsAt: '2026-11-26T10:00', repeat: 'FREQ=DAILY;COUNT=5' }),
    });
    const first = (
      await t.request({ method: 'GET', url: `/api/v1/networks/${fresh.id}/meetings?limit=3`, as: facilitator })
    ).json();
    expect(first.items).toHaveLength(3);
    const second = (
      await t.request({
        method: 'GET',
        url: `/api/v1/networks/${fresh.id}/meetings?limit=3&cursor=${first.nextCursor}`,
        as: facilitator,
      })
    ).json();
    expect(second.items).toHaveLength(2);
    expect(second.nextCursor).toBeNull();
    const starts = [...first.items, ...second.items].map((item: MeetingView) => item.startsAt);
    expect(starts).toEqual([...starts].sort());
    t.clock.advance(10 * DAY);
    const past = (
      await t.request({ method: 'GET', url: `/api/v1/networks/${fresh.id}/meetings?when=past`, as: facilitator })
    ).json();
    t.clock.advance(-10 * DAY);
    expect(past.items.map((item: MeetingView) => item.startsAt)).toEqual([...starts].reverse());
  });
});

describe('answers and attendance', () => {
  it('stores an answer, counts who is going and keeps the note for the facilitators', async () => {
    const { meeting } = await scheduled({ title: 'Answered', capacity: 1 });
    const answered = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/rsvp`,
      as: member,
      payload: { answer: 'going', note: 'Arriving 10 minutes late' },
    });
    expect(answered.statusCode, answered.body).toBe(200);
    expect(answered.json()).toMatchObject({ myRsvp: 'going', myNote: 'Arriving 10 minutes late', goingCount: 1 });
    expect(answered.json().going.map((p: { name: string }) => p.name)).toEqual(['Mia Member']);

    const full = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/rsvp`,
      as: peer,
      payload: { answer: 'going' },
    });
    expect(full.statusCode).toBe(409);
    const maybe = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/rsvp`,
      as: peer,
      payload: { answer: 'maybe' },
    });
    expect(maybe.json().counts).toEqual({ going: 1, maybe: 1, notGoing: 0 });

    const asPeer = await t.request({ method: 'GET', url: `/api/v1/meetings/${meeting.id}/participants`, as: peer });
    expect(asPeer.statusCode).toBe(403);
    const roll = await t.request({
      method: 'GET',
      url: `/api/v1/meetings/${meeting.id}/participants`,
      as: facilitator,
    });
    expect(roll.statusCode).toBe(200);
    const mia = roll.json().items.find((p: { person: { name: string } }) => p.person.name === 'Mia Member');
    expect(mia).toMatchObject({ rsvp: 'going', note: 'Arriving 10 minutes late', attended: null });
    // The peer sees Mia going but never her note.
    expect(JSON.stringify((await getMeeting(meeting.id, peer)).json())).not.toContain('Arriving 10 minutes late');
  });

  it('records attendance once the meeting has started, and refuses someone outside the network', async () => {
    const { meeting } = await scheduled({
      title: 'Attended',
      startsAt: '2026-11-26T09:00',
      endsAt: '2026-11-26T10:00',
    });
    const record = (ids: string[]) =>
      t.request({
        method: 'PUT',
        url: `/api/v1/meetings/${meeting.id}/attendance`,
        as: facilitator,
        payload: { attendedIds: ids },
      });
    expect((await record([member.me.id])).statusCode).toBe(403);
    t.clock.set(new Date(Date.parse(meeting.startsAt) + HOUR));
    try {
      const stranger = await record([outsider.me.id]);
      expect(stranger.statusCode).toBe(400);
      expect(stranger.json().error.details[0].path).toBe('/attendedIds/0');
      const recorded = await record([member.me.id]);
      expect(recorded.statusCode, recorded.body).toBe(200);
      const byName = Object.fromEntries(
        recorded
          .json()
          .items.map((p: { person: { name: string }; attended: boolean | null }) => [p.person.name, p.attended]),
      );
      expect(byName).toMatchObject({ 'Mia Member': true, 'Pat Peer': false });
      t.clock.advance(HOUR);
      const over = await t.request({
        method: 'PUT',
        url: `/api/v1/meetings/${meeting.id}/rsvp`,
        as: peer,
        payload: { answer: 'going' },
      });
      expect(over.statusCode).toBe(403);
    } finally {
      t.clock.set(new Date('2026-11-25T12:00:00.000Z'));
    }
  });
});

describe('issues and the agenda', () => {
  it('queues members’ issues A first, builds the agenda with time boxes, publishes it and tells the members', async () => {
    const { meeting } = await scheduled({ title: 'Agenda meeting' });
    const c = await raise(member, { title: 'A C-issue', priority: 'C' });
    const a = await raise(peer, { title: 'An A-issue', priority: 'A', need: 'decision', background: 'Two offers.' });
    const queue = await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}/meeting-issues`, as: member });
    const titles = queue.json().items.map((issue: IssueView) => issue.title);
    expect(titles.indexOf('An A-issue')).toBeLessThan(titles.indexOf('A C-issue'));
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}/meeting-issues`, as: outsider }))
        .statusCode,
    ).toBe(404);

    const draft = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/agenda`,
      as: facilitator,
      payload: { items: [{ issueId: a.id, minutes: 35 }] },
    });
    expect(draft.statusCode, draft.body).toBe(200);
    expect(draft.json().agenda.map((item: IssueView) => item.title)).toEqual(['An A-issue']);
    // Members see no agenda until it is published.
    expect((await getMeeting(meeting.id, member)).json().agenda).toEqual([]);

    const before = await count('notifications');
    const published = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/agenda`,
      as: facilitator,
      payload: { items: [{ issueId: a.id, minutes: 35 }], publish: true },
    });
    expect(published.json().agendaPublished).toBe(true);
    expect((await count('notifications')) - before).toBe(2);
    const asMember = (await getMeeting(meeting.id, member)).json();
    expect(asMember.agenda).toMatchObject([{ title: 'An A-issue', minutes: 35, position: 0, status: 'on_agenda' }]);
    // The C-issue left out waits in the queue for next time.
    const after = await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}/meeting-issues`, as: member });
    expect(after.json().items.map((issue: IssueView) => issue.id)).toContain(c.id);
    expect(after.json().items.map((issue: IssueView) => issue.id)).not.toContain(a.id);
  });

  it('refuses an agenda of a time box of zero, a repeated issue or an issue of another network', async () => {
    const { meeting } = await scheduled({ title: 'Bad agenda' });
    const issue = await raise(member);
    const put = (items: unknown[]) =>
      t.request({ method: 'PUT', url: `/api/v1/meetings/${meeting.id}/agenda`, as: facilitator, payload: { items } });
    const zero = await put([{ issueId: issue.id, minutes: 0 }]);
    expect(zero.statusCode).toBe(400);
    expect(zero.json().error.details[0].path).toBe('/items/0/minutes');
    const twice = await put([
      { issueId: issue.id, minutes: 10 },
      { issueId: issue.id, minutes: 10 },
    ]);
    expect(twice.json().error.details[0].path).toBe('/items/1/issueId');
    const foreign = await put([{ issueId: 'no-such-issue', minutes: 10 }]);
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().error.details[0].path).toBe('/items/0/issueId');
    const asMember = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/agenda`,
      as: member,
      payload: { items: [] },
    });
    expect(asMember.statusCode).toBe(403);
  });

  it('lets the author change and withdraw an issue, and nobody else but a facilitator withdraw it', async () => {
    const issue = await raise(member, { title: 'Mine to change' });
    const byPeer = await t.request({
      method: 'PATCH',
      url: `/api/v1/meeting-issues/${issue.id}`,
      as: peer,
      payload: { title: 'Not mine' },
    });
    expect(byPeer.statusCode).toBe(403);
    const changed = await t.request({
      method: 'PATCH',
      url: `/api/v1/meeting-issues/${issue.id}`,
      as: member,
      payload: { priority: 'B' },
    });
    expect(changed.json()).toMatchObject({ priority: 'B', title: 'Mine to change' });
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/meeting-issues/${issue.id}`, as: peer })).statusCode,
    ).toBe(403);
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/meeting-issues/${issue.id}`, as: outsider })).statusCode,
    ).toBe(404);
    const withdrawn = await t.request({ method: 'DELETE', url: `/api/v1/meeting-issues/${issue.id}`, as: member });
    expect(withdrawn.json().status).toBe('withdrawn');
    expect(
      (await t.request({ method: 'DELETE', url: `/api/v1/meeting-issues/${issue.id}`, as: member })).statusCode,
    ).toBe(404);
  });

  it('cancels a meeting, returns its agenda to the queue and tells the members', async () => {
    const { meeting } = await scheduled({ title: 'To cancel' });
    const issue = await raise(member, { title: 'Back to the queue' });
    await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/agenda`,
      as: facilitator,
      payload: { items: [{ issueId: issue.id, minutes: 20 }] },
    });
    expect(
      (await t.request({ method: 'POST', url: `/api/v1/meetings/${meeting.id}/cancel`, as: member, payload: {} }))
        .statusCode,
    ).toBe(403);
    const before = await count('notifications');
    const cancelled = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/cancel`,
      as: facilitator,
      payload: { reason: 'Venue closed' },
    });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: 'Venue closed', agenda: [] });
    expect((await count('notifications')) - before).toBe(2);
    const queue = await t.request({ method: 'GET', url: `/api/v1/networks/${network.id}/meeting-issues`, as: member });
    expect(queue.json().items.map((i: IssueView) => i.id)).toContain(issue.id);
    const rsvp = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/rsvp`,
      as: member,
      payload: { answer: 'going' },
    });
    expect(rsvp.statusCode).toBe(403);
  });
});

describe('calendars', () => {
  const eventsOf = (ics: string) =>
    new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((vevent) => new ICAL.Event(vevent));

  it('serves a private feed that a calendar reads: the right instants, a moved occurrence and a cancellation', async () => {
    const calendarNetwork = await createNetwork(t, facilitator, { name: 'Calendar Circle' });
    const subscriber = await t.member('Sam Subscriber');
    await joinNetwork(t, subscriber, calendarNetwork);
    const response = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${calendarNetwork.id}/meetings`,
      as: facilitator,
      payload: meetingBody({ title: 'Calendar series', repeat: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=4' }),
    });
    const series = (
      await t.request({ method: 'GET', url: `/api/v1/networks/${calendarNetwork.id}/meetings`, as: subscriber })
    ).json().items as MeetingView[];
    expect(response.statusCode).toBe(201);
    const [, second, third] = series;
    if (!second || !third) throw new Error('expected four occurrences');
    const moved = await t.request({
      method: 'PATCH',
      url: `/api/v1/meetings/${second.id}`,
      as: facilitator,
      payload: { startsAt: '2027-02-10T14:00', endsAt: '2027-02-10T16:00' },
    });
    expect(moved.json()).toMatchObject({ startsAt: '2027-02-10T13:00:00.000Z', moved: true });
    await t.request({ method: 'POST', url: `/api/v1/meetings/${third.id}/cancel`, as: facilitator, payload: {} });

    const feed = await t.request({ method: 'POST', url: '/api/v1/me/calendar-feed', as: subscriber });
    const { url, webcalUrl } = feed.json();
    expect(webcalUrl).toMatch(/^webcal:\/\//);
    const path = new URL(url).pathname;
    const ics = await t.request({ method: 'GET', url: path });
    expect(ics.statusCode).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    const events = eventsOf(ics.body);
    expect(events.map((event) => event.startDate.toJSDate().toISOString())).toEqual([
      '2027-01-12T08:00:00.000Z',
      '2027-02-10T13:00:00.000Z',
      '2027-03-09T08:00:00.000Z',
      '2027-04-13T07:00:00.000Z',
    ]);
    expect(new Set(events.map((event) => event.uid)).size).toBe(4);
    expect(events[1]?.sequence).toBe(1);
    expect(events.map((event) => event.component.getFirstPropertyValue('status'))).toEqual([
      'CONFIRMED',
      'CONFIRMED',
      'CANCELLED',
      'CONFIRMED',
    ]);
    // The same UID before and after a change, so a calendar replaces the event.
    const single = await t.request({
      method: 'GET',
      url: `/api/v1/meetings/${second.id}/calendar.ics`,
      as: subscriber,
    });
    expect(eventsOf(single.body)[0]?.uid).toBe(events[1]?.uid);

    const renewed = await t.request({ method: 'POST', url: '/api/v1/me/calendar-feed', as: subscriber });
    expect((await t.request({ method: 'GET', url: path })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: new URL(renewed.json().url).pathname })).statusCode).toBe(200);
    await t.request({ method: 'DELETE', url: '/api/v1/me/calendar-feed', as: subscriber });
    expect((await t.request({ method: 'GET', url: new URL(renewed.json().url).pathname })).statusCode).toBe(404);
    expect((await t.request({ method: 'GET', url: '/api/v1/me/calendar-feed', as: subscriber })).json().active).toBe(
      false,
    );
  });

  it('leaves a network’s meetings out of the feed of someone not in it', async () => {
    const feed = (await t.request({ method: 'POST', url: '/api/v1/me/calendar-feed', as: outsider })).json();
    const ics = await t.request({ method: 'GET', url: new URL(feed.url).pathname });
    expect(ics.body).not.toContain('Monthly forum');
    expect(ics.body).not.toContain('Members only');
  });
});

describe('offers, commitments, settings and recaps refuse bad input', () => {
  it('refuses a document that is not one, an empty one and one over 25 MB, storing nothing', async () => {
    const issue = await raise(member, { title: 'Needs a template' });
    const offer = (
      await t.request({
        method: 'POST',
        url: `/api/v1/meeting-issues/${issue.id}/offers`,
        as: peer,
        payload: { description: 'Our template', dueOn: '2026-12-01' },
      })
    ).json();
    const send = (bytes: Buffer, name: string, type: string) => {
      const upload = multipart(bytes, name, type);
      return t.request({
        method: 'PUT',
        url: `/api/v1/meeting-offers/${offer.id}/file`,
        as: peer,
        payload: upload.payload,
        headers: upload.headers,
      });
    };
    const before = await t.rowCounts();
    const files = fs.readdirSync(t.filesDir, { recursive: true }).length;
    // A Windows program named like a PDF.
    const program = await send(
      Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2000, 1)]),
      'process.pdf',
      'application/pdf',
    );
    expect(program.statusCode).toBe(415);
    expect(program.json().error.code).toBe('unsupported_media_type');
    const zip = await send(
      Buffer.from('PK\u0003\u0004not really an office file', 'latin1'),
      'process.docx',
      'application/zip',
    );
    expect(zip.statusCode).toBe(415);
    const empty = await send(Buffer.alloc(0), 'empty.txt', 'text/plain');
    expect(empty.statusCode).toBe(400);
    const huge = await send(Buffer.alloc(25 * 1024 * 1024 + 1, 'a'), 'huge.txt', 'text/plain');
    expect(huge.statusCode).toBe(413);
    const notMultipart = await t.request({
      method: 'PUT',
      url: `/api/v1/meeting-offers/${offer.id}/file`,
      as: peer,
      payload: { file: 'x' },
    });
    expect(notMultipart.statusCode).toBe(415);
    expect(await t.rowCounts()).toEqual(before);
    expect(fs.readdirSync(t.filesDir, { recursive: true }).length).toBe(files);
    const markdown = await send(Buffer.from('# Our process\n\n1. Ask\n2. Listen\n'), 'process.md', 'text/markdown');
    expect(markdown.statusCode, markdown.body).toBe(200);
    expect(markdown.json().file).toMatchObject({ name: 'process.md', type: 'text/markdown' });
  });

  it('refuses an offer due in the past and a commitment tied to another network’s meeting', async () => {
    const issue = await raise(member, { title: 'Dated' });
    const past = await t.request({
      method: 'POST',
      url: `/api/v1/meeting-issues/${issue.id}/offers`,
      as: peer,
      payload: { description: 'Late', dueOn: '2026-11-01' },
    });
    expect(past.statusCode).toBe(400);
    expect(past.json().error.details[0].path).toBe('/dueOn');
    const elsewhere = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${otherNetwork.id}/meetings`,
      as: facilitator,
      payload: meetingBody({ title: 'Elsewhere' }),
    });
    const commitment = await t.request({
      method: 'POST',
      url: `/api/v1/meeting-issues/${issue.id}/commitments`,
      as: member,
      payload: { text: 'Try it', meetingId: elsewhere.json().meeting.id },
    });
    expect(commitment.statusCode).toBe(400);
    expect(commitment.json().error.details[0].path).toBe('/meetingId');
  });

  it('refuses an unknown time zone in the settings and minutes where the network keeps none', async () => {
    const zone = await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}/meeting-settings`,
      as: facilitator,
      payload: { timeZone: 'Atlantis/Capital' },
    });
    expect(zone.statusCode).toBe(400);
    expect(zone.json().error.details[0].path).toBe('/timeZone');
    const protocol = await t.request({
      method: 'PATCH',
      url: `/api/v1/networks/${network.id}/meeting-settings`,
      as: facilitator,
      payload: { protocol: [{ name: 'Present', minutes: 0 }] },
    });
    expect(protocol.statusCode).toBe(400);
    const { meeting } = await scheduled({
      title: 'No minutes',
      startsAt: new Date(t.clock.now().getTime() + HOUR).toISOString().slice(0, 16),
      endsAt: new Date(t.clock.now().getTime() + 2 * HOUR).toISOString().slice(0, 16),
      timeZone: 'UTC',
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/run`,
      as: facilitator,
      payload: { action: 'start' },
    });
    await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/run`,
      as: facilitator,
      payload: { action: 'end' },
    });
    const recap = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/recap`,
      as: facilitator,
      payload: { minutes: 'Who said what' },
    });
    expect(recap.statusCode).toBe(400);
    expect(recap.json().error.details[0].path).toBe('/minutes');
  });

  it('lets the run screen open two hours early at most', async () => {
    const { meeting } = await scheduled({ title: 'Too early' });
    const early = await t.request({
      method: 'POST',
      url: `/api/v1/meetings/${meeting.id}/run`,
      as: facilitator,
      payload: { action: 'start' },
    });
    expect(early.statusCode).toBe(403);
  });
});

describe('leaving a network', () => {
  it('takes a removed member’s answers off the meetings still to come, and out of the going count', async () => {
    const leaver = await t.member('Lee Leaver');
    await joinNetwork(t, leaver, network);
    const { meeting } = await scheduled({ title: 'After removal' });
    const going = await t.request({
      method: 'PUT',
      url: `/api/v1/meetings/${meeting.id}/rsvp`,
      as: leaver,
      payload: { answer: 'going' },
    });
    expect(going.json().goingCount).toBe(1);
    const removed = await t.request({
      method: 'POST',
      url: `/api/v1/networks/${network.id}/members/${leaver.me.id}/removal`,
      as: facilitator,
      payload: { reason: 'Left the company' },
    });
    expect(removed.statusCode, removed.body).toBeLessThan(300);
    const after = (await getMeeting(meeting.id, facilitator)).json();
    expect(after.goingCount).toBe(0);
    expect(after.going).toEqual([]);
    expect((await getMeeting(meeting.id, leaver)).statusCode).toBe(404);
  });
});
