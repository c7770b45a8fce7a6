import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EmptyQuery } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import {
  AgendaBody,
  AttendanceBody,
  CalendarFeedView,
  CalendarTokenParams,
  IssueCreateBody,
  IssuePage,
  IssueParams,
  IssueUpdateBody,
  IssueView,
  MeetingCancelBody,
  MeetingCreateBody,
  MeetingPage,
  MeetingParams,
  MeetingsQuery,
  MeetingUpdateBody,
  MeetingView,
  ParticipantList,
  RsvpBody,
  ScheduledView,
} from '@roundtable/contract/meetings';
import { NetworkParams } from '@roundtable/contract/networks';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { signedIn } from '../../platform/policy.js';
import {
  answerMeeting,
  calendarFeed,
  cancelMeeting,
  createCalendarFeed,
  deleteCalendarFeed,
  getCalendarFeed,
  getMeeting,
  listIssueQueue,
  listMyMeetings,
  listNetworkMeetings,
  listParticipants,
  meetingCalendar,
  raiseIssue,
  recordAttendance,
  scheduleMeeting,
  setAgenda,
  updateIssue,
  updateMeeting,
  withdrawIssue,
} from './meetings.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['meetings'];
const config = { policy: 'meetings.signedIn' } as const;
const calendarResponse = { 200: Type.String({ description: 'An iCalendar file (text/calendar)' }), ...errors };

export const meetingRoutes: FastifyPluginAsyncTypebox<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.post(
    '/networks/:networkId/meetings',
    {
      config,
      schema: {
        tags,
        summary: 'Schedule a meeting, or a series of them (facilitators)',
        params: NetworkParams,
        body: MeetingCreateBody,
        response: { 201: ScheduledView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await scheduleMeeting(ctx, signedIn(request.actor), request.params.networkId, request.body)),
  );

  app.get(
    '/networks/:networkId/meetings',
    {
      config,
      schema: {
        tags,
        summary: "A network's meetings: upcoming soonest first, or past latest first",
        params: NetworkParams,
        querystring: MeetingsQuery,
        response: { 200: MeetingPage, ...errors },
      },
    },
    (request) => listNetworkMeetings(ctx, signedIn(request.actor), request.params.networkId, request.query),
  );

  app.get(
    '/me/meetings',
    {
      config,
      schema: {
        tags,
        summary: 'The meetings of all your networks',
        querystring: MeetingsQuery,
        response: { 200: MeetingPage, ...errors },
      },
    },
    (request) => listMyMeetings(ctx, signedIn(request.actor), request.query),
  );

  app.get(
    '/meetings/:meetingId',
    {
      config,
      schema: {
        tags,
        summary: 'A meeting with your answer, who is going and its agenda',
        params: MeetingParams,
        response: { 200: MeetingView, ...errors },
      },
    },
    (request) => getMeeting(ctx, signedIn(request.actor), request.params.meetingId),
  );

  app.patch(
    '/meetings/:meetingId',
    {
      config,
      schema: {
        tags,
        summary: 'Change or move one meeting (facilitators)',
        params: MeetingParams,
        body: MeetingUpdateBody,
        response: { 200: MeetingView, ...errors },
      },
    },
    (request) => updateMeeting(ctx, signedIn(request.actor), request.params.meetingId, request.body),
  );

  app.post(
    '/meetings/:meetingId/cancel',
    {
      config,
      schema: {
        tags,
        summary: 'Cancel one meeting (facilitators); its agenda goes back to the queue',
        params: MeetingParams,
        body: MeetingCancelBody,
        response: { 200: MeetingView, ...errors },
      },
    },
    (request) => cancelMeeting(ctx, signedIn(request.actor), request.params.meetingId, request.body),
  );

  app.put(
    '/meetings/:meetingId/rsvp',
    {
      config,
      schema: {
        tags,
        summary: "Answer going, maybe or can't go, with a note for the facilitators",
        params: MeetingParams,
        body: RsvpBody,
        response: { 200: MeetingView, ...errors },
      },
    },
    (request) => answerMeeting(ctx, signedIn(request.actor), request.params.meetingId, request.body),
  );

  app.get(
    '/meetings/:meetingId/participants',
    {
      config,
      schema: {
        tags,
        summary: "Every member's answer, note and attendance (facilitators)",
        params: MeetingParams,
        response: { 200: ParticipantList, ...errors },
      },
    },
    (request) => listParticipants(ctx, signedIn(request.actor), request.params.meetingId),
  );

  app.put(
    '/meetings/:meetingId/attendance',
    {
      config,
      schema: {
        tags,
        summary: 'Record who attended (facilitators, once it has started)',
        params: MeetingParams,
        body: AttendanceBody,
        response: { 200: ParticipantList, ...errors },
      },
    },
    (request) => recordAttendance(ctx, signedIn(request.actor), request.params.meetingId, request.body.attendedIds),
  );

  app.put(
    '/meetings/:meetingId/agenda',
    {
      config,
      schema: {
        tags,
        summary: 'Set the agenda from the queue, in order with time boxes, and publish it (facilitators)',
        params: MeetingParams,
        body: AgendaBody,
        response: { 200: MeetingView, ...errors },
      },
    },
    (request) => setAgenda(ctx, signedIn(request.actor), request.params.meetingId, request.body),
  );

  app.get(
    '/meetings/:meetingId/calendar.ics',
    {
      config,
      schema: { tags, summary: 'The meeting as a calendar file', params: MeetingParams, response: calendarResponse },
    },
    async (request, reply) => {
      const ics = await meetingCalendar(ctx, signedIn(request.actor), request.params.meetingId);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('content-disposition', 'attachment; filename="meeting.ics"')
        .header('cache-control', 'no-store')
        .send(ics);
    },
  );

  app.get(
    '/me/calendar-feed',
    {
      config,
      schema: {
        tags,
        summary: 'Whether you have a private calendar address for your meetings',
        querystring: EmptyQuery,
        response: { 200: CalendarFeedView, ...errors },
      },
    },
    (request) => getCalendarFeed(ctx, signedIn(request.actor)),
  );

  app.post(
    '/me/calendar-feed',
    {
      config,
      schema: {
        tags,
        summary: 'Make a new private calendar address; the old one stops working',
        querystring: EmptyQuery,
        response: { 200: CalendarFeedView, ...errors },
      },
    },
    (request) => createCalendarFeed(ctx, signedIn(request.actor)),
  );

  app.delete(
    '/me/calendar-feed',
    {
      config,
      schema: {
        tags,
        summary: 'Turn your private calendar address off',
        querystring: EmptyQuery,
        response: { 200: CalendarFeedView, ...errors },
      },
    },
    (request) => deleteCalendarFeed(ctx, signedIn(request.actor)),
  );

  app.get(
    '/calendar/:token',
    {
      config: { policy: 'public' },
      schema: {
        tags,
        summary: 'A private calendar feed (webcal): its secret address is its credential',
        params: CalendarTokenParams,
        response: calendarResponse,
      },
    },
    async (request, reply) => {
      const ics = await calendarFeed(ctx, request.params.token);
      return reply
        .header('content-type', 'text/calendar; charset=utf-8')
        .header('cache-control', 'private, max-age=300')
        .header('x-robots-tag', 'noindex')
        .send(ics);
    },
  );

  app.post(
    '/networks/:networkId/meeting-issues',
    {
      config,
      schema: {
        tags,
        summary: "Raise an issue for the network's next meetings",
        params: NetworkParams,
        body: IssueCreateBody,
        response: { 201: IssueView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await raiseIssue(ctx, signedIn(request.actor), request.params.networkId, request.body)),
  );

  app.get(
    '/networks/:networkId/meeting-issues',
    {
      config,
      schema: {
        tags,
        summary: 'The issues waiting for an agenda, A first',
        params: NetworkParams,
        response: { 200: IssuePage, ...errors },
      },
    },
    (request) => listIssueQueue(ctx, signedIn(request.actor), request.params.networkId),
  );

  app.patch(
    '/meeting-issues/:issueId',
    {
      config,
      schema: {
        tags,
        summary: 'Change your issue while it waits',
        params: IssueParams,
        body: IssueUpdateBody,
        response: { 200: IssueView, ...errors },
      },
    },
    (request) => updateIssue(ctx, signedIn(request.actor), request.params.issueId, request.body),
  );

  app.delete(
    '/meeting-issues/:issueId',
    {
      config,
      schema: {
        tags,
        summary: 'Withdraw an issue (its author or a facilitator)',
        params: IssueParams,
        response: { 200: IssueView, ...errors },
      },
    },
    (request) => withdrawIssue(ctx, signedIn(request.actor), request.params.issueId),
  );
};
