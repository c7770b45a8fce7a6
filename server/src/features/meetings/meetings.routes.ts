import type { Readable } from 'node:stream';
import multipart from '@fastify/multipart';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { EmptyQuery } from '@roundtable/contract/common';
import { ErrorResponse } from '@roundtable/contract/errors';
import {
  AgendaBody,
  AttendanceBody,
  CalendarFeedView,
  CalendarTokenParams,
  CheckInBody,
  CommitmentCreateBody,
  CommitmentParams,
  CommitmentView,
  IssueCreateBody,
  IssuePage,
  IssueParams,
  IssueUpdateBody,
  IssueView,
  MeetingCancelBody,
  MeetingCreateBody,
  MeetingPage,
  MeetingParams,
  MeetingSettingsBody,
  MeetingSettingsView,
  MeetingsQuery,
  MeetingUpdateBody,
  MeetingView,
  MyOffersQuery,
  OFFER_FILE_MAX_BYTES,
  OfferCreateBody,
  OfferLinkBody,
  OfferList,
  OfferParams,
  OfferView,
  ParticipantList,
  RecapBody,
  RecapView,
  RsvpBody,
  RunBody,
  RunView,
  ScheduledView,
} from '@roundtable/contract/meetings';
import { NetworkParams } from '@roundtable/contract/networks';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppContext } from '../../platform/context.js';
import { AppError } from '../../platform/errors.js';
import { attachment } from '../../platform/files.js';
import { signedIn } from '../../platform/policy.js';
import type { Upload } from './meetings.files.js';
import {
  answerMeeting,
  calendarFeed,
  cancelMeeting,
  checkInCommitment,
  createCalendarFeed,
  deleteCalendarFeed,
  fulfilOfferWithFile,
  fulfilOfferWithLink,
  getCalendarFeed,
  getMeeting,
  getMeetingSettings,
  getRecap,
  listIssueOffers,
  listIssueQueue,
  listMyMeetings,
  listMyOffers,
  listNetworkMeetings,
  listParticipants,
  makeCommitment,
  makeOffer,
  meetingCalendar,
  offerFile,
  publishMeetingRecap,
  raiseIssue,
  recordAttendance,
  runMeeting,
  scheduleMeeting,
  setAgenda,
  updateIssue,
  updateMeeting,
  updateMeetingSettings,
  withdrawIssue,
  withdrawOffer,
} from './meetings.service.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse, 409: ErrorResponse };
const tags = ['meetings'];
const config = { policy: 'meetings.signedIn' } as const;
/**
 * The one uploaded document, unread: the service checks and stores it as it streams in. Its size is
 * limited while it streams (busboy marks it truncated past the limit).
 */
async function openDocument(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart())
    throw new AppError('unsupported_media_type', 'Send the document as multipart/form-data with one file field.');
  const file = await request.file({ limits: { fileSize: OFFER_FILE_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
  if (!file)
    throw new AppError('validation_failed', 'Choose a document to send.', {
      details: [{ path: '/file', message: 'is missing' }],
    });
  return { content: file.file, filename: file.filename };
}

/** Served documents never run in our origin: saved, not shown, never sniffed, sandboxed if opened anyway. */
const DOWNLOAD_HEADERS = {
  'cache-control': 'private, no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "sandbox; default-src 'none'",
};

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

  app.get(
    '/networks/:networkId/meeting-settings',
    {
      config,
      schema: {
        tags,
        summary: "How the network's meetings run: time zone, protocol, minutes, attendance rule",
        params: NetworkParams,
        response: { 200: MeetingSettingsView, ...errors },
      },
    },
    (request) => getMeetingSettings(ctx, signedIn(request.actor), request.params.networkId),
  );

  app.patch(
    '/networks/:networkId/meeting-settings',
    {
      config,
      schema: {
        tags,
        summary: "Change how the network's meetings run (facilitators)",
        params: NetworkParams,
        body: MeetingSettingsBody,
        response: { 200: MeetingSettingsView, ...errors },
      },
    },
    (request) => updateMeetingSettings(ctx, signedIn(request.actor), request.params.networkId, request.body),
  );

  app.post(
    '/meetings/:meetingId/run',
    {
      config,
      schema: {
        tags,
        summary: 'Run the meeting (facilitators): start, next or previous step, end; everyone watching follows live',
        params: MeetingParams,
        body: RunBody,
        response: { 200: RunView, ...errors },
      },
    },
    (request) => runMeeting(ctx, signedIn(request.actor), request.params.meetingId, request.body),
  );

  app.get(
    '/meetings/:meetingId/recap',
    {
      config,
      schema: {
        tags,
        summary: 'The recap: attendance, issues processed, offers, commitments and minutes where allowed',
        params: MeetingParams,
        response: { 200: RecapView, ...errors },
      },
    },
    (request) => getRecap(ctx, signedIn(request.actor), request.params.meetingId),
  );

  app.post(
    '/meetings/:meetingId/recap',
    {
      config,
      schema: {
        tags,
        summary: 'Publish the recap and send it to those who attended (facilitators)',
        params: MeetingParams,
        body: RecapBody,
        response: { 200: RecapView, ...errors },
      },
    },
    (request) => publishMeetingRecap(ctx, signedIn(request.actor), request.params.meetingId, request.body),
  );

  app.get(
    '/meeting-issues/:issueId/offers',
    {
      config,
      schema: {
        tags,
        summary: 'The offers peers made on an issue',
        params: IssueParams,
        response: { 200: OfferList, ...errors },
      },
    },
    (request) => listIssueOffers(ctx, signedIn(request.actor), request.params.issueId),
  );

  app.post(
    '/meeting-issues/:issueId/offers',
    {
      config,
      schema: {
        tags,
        summary: 'Offer the presenter something, by a day ("I\'ll send you our process")',
        params: IssueParams,
        body: OfferCreateBody,
        response: { 201: OfferView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await makeOffer(ctx, signedIn(request.actor), request.params.issueId, request.body)),
  );

  app.get(
    '/me/offers',
    {
      config,
      schema: {
        tags,
        summary: 'Offers made to you, or that you made',
        querystring: MyOffersQuery,
        response: { 200: OfferList, ...errors },
      },
    },
    (request) => listMyOffers(ctx, signedIn(request.actor), request.query),
  );

  app.post(
    '/meeting-offers/:offerId/link',
    {
      config,
      schema: {
        tags,
        summary: 'Fulfil your offer with a link and a message',
        params: OfferParams,
        body: OfferLinkBody,
        response: { 200: OfferView, ...errors },
      },
    },
    (request) => fulfilOfferWithLink(ctx, signedIn(request.actor), request.params.offerId, request.body),
  );

  app.get(
    '/meeting-offers/:offerId/file',
    {
      config,
      schema: {
        tags,
        summary: 'The document shared for an offer (its presenter and its offerer)',
        params: OfferParams,
        response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }), ...errors },
      },
    },
    async (request, reply) => {
      // Streamed through the server rather than redirected to a signed S3 URL: the storage's address
      // need not be reachable from browsers, these headers cannot be set there, and access ends the
      // moment a member leaves rather than when a handed-out URL expires.
      const file = await offerFile(ctx, signedIn(request.actor), request.params.offerId);
      return reply
        .type(file.type)
        .headers(DOWNLOAD_HEADERS)
        .header('content-disposition', attachment(file.name))
        .header('content-length', file.size)
        .send(file.stream);
    },
  );

  app.delete(
    '/meeting-offers/:offerId',
    {
      config,
      schema: {
        tags,
        summary: 'Withdraw your open offer',
        params: OfferParams,
        response: { 200: OfferView, ...errors },
      },
    },
    (request) => withdrawOffer(ctx, signedIn(request.actor), request.params.offerId),
  );

  app.post(
    '/meeting-issues/:issueId/commitments',
    {
      config,
      schema: {
        tags,
        summary: "Record the presenter's commitment on an issue",
        params: IssueParams,
        body: CommitmentCreateBody,
        response: { 201: CommitmentView, ...errors },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await makeCommitment(ctx, signedIn(request.actor), request.params.issueId, request.body)),
  );

  app.post(
    '/meeting-commitments/:commitmentId/check-in',
    {
      config,
      schema: {
        tags,
        summary: 'Check in on a commitment: done, in progress or dropped',
        params: CommitmentParams,
        body: CheckInBody,
        response: { 200: CommitmentView, ...errors },
      },
    },
    (request) => checkInCommitment(ctx, signedIn(request.actor), request.params.commitmentId, request.body),
  );

  // Only the offer's document takes a multipart body; registered in its own scope so every other route keeps refusing them.
  await app.register(async (uploads) => {
    await uploads.register(multipart, {
      limits: { fileSize: OFFER_FILE_MAX_BYTES, files: 1, fields: 0, parts: 1 },
      throwFileSizeLimit: true,
    });
    uploads.withTypeProvider<TypeBoxTypeProvider>().put(
      '/meeting-offers/:offerId/file',
      {
        config,
        schema: {
          tags,
          summary: 'Fulfil your offer with a document (PDF, Office, image or text up to 25 MB, field `file`)',
          consumes: ['multipart/form-data'],
          params: OfferParams,
          response: { 200: OfferView, 413: ErrorResponse, 415: ErrorResponse, ...errors },
        },
      },
      async (request) =>
        fulfilOfferWithFile(ctx, signedIn(request.actor), request.params.offerId, await openDocument(request)),
    );
  });
};
