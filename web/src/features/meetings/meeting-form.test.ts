import { describe, expect, it } from 'vitest';
import {
  endDateOf,
  fieldOfPath,
  lengthOf,
  type MeetingFormValues,
  newMeetingValues,
  toCreateBody,
  toUpdateBody,
  validateMeetingForm,
} from './meeting-form';

const now = new Date('2027-01-05T12:00:00.000Z');
const filled = (overrides: Partial<MeetingFormValues> = {}): MeetingFormValues => ({
  ...newMeetingValues(now, 'Europe/Berlin'),
  title: 'Monthly roundtable',
  location: 'Hotel Adlon, Berlin',
  ...overrides,
});
const create = { retimed: true, series: true };

describe('newMeetingValues', () => {
  it('starts a week ahead in the given zone, once, 09:00–11:00', () => {
    const values = newMeetingValues(now, 'Europe/Berlin');
    expect(values).toMatchObject({
      date: '2027-01-12',
      startTime: '09:00',
      endTime: '11:00',
      timeZone: 'Europe/Berlin',
    });
    expect(values.repeat.kind).toBe('none');
  });
});

describe('validateMeetingForm', () => {
  it('accepts a complete meeting', () => {
    expect(validateMeetingForm(filled(), now, create)).toEqual({});
  });

  it('asks for what the format needs', () => {
    expect(validateMeetingForm(filled({ location: '' }), now, create)).toHaveProperty('location');
    expect(validateMeetingForm(filled({ format: 'online', location: '' }), now, create)).toEqual({
      videoUrl: 'Paste the link members use to join.',
    });
    expect(validateMeetingForm(filled({ format: 'hybrid', videoUrl: 'zoom.us/j/1' }), now, create)).toHaveProperty(
      'videoUrl',
    );
  });

  it('refuses a start in the past, unless an edit keeps its times', () => {
    const past = filled({ date: '2027-01-05', startTime: '09:00' });
    expect(validateMeetingForm(past, now, create)).toHaveProperty('date');
    expect(validateMeetingForm(past, now, { retimed: false, series: false })).toEqual({});
  });

  it('refuses an unknown zone, a bad capacity and an open-ended series', () => {
    const errors = validateMeetingForm(
      filled({ timeZone: 'Mars/Olympus', capacity: 0, repeat: { kind: 'weekly', end: 'count', count: 1, until: '' } }),
      now,
      create,
    );
    expect(Object.keys(errors).sort()).toEqual(['capacity', 'repeat.count', 'timeZone']);
  });
});

describe('bodies', () => {
  it('builds the create body with the rule and only the place the format needs', () => {
    const body = toCreateBody(
      filled({
        format: 'online',
        videoUrl: ' https://meet.example/abc ',
        capacity: 12,
        repeat: { kind: 'monthly_weekday', end: 'count', count: 6, until: '' },
      }),
    );
    expect(body).toEqual({
      title: 'Monthly roundtable',
      startsAt: '2027-01-12T09:00',
      endsAt: '2027-01-12T11:00',
      timeZone: 'Europe/Berlin',
      format: 'online',
      location: null,
      videoUrl: 'https://meet.example/abc',
      capacity: 12,
      repeat: 'FREQ=MONTHLY;BYDAY=2TU;COUNT=6',
    });
  });

  it('reads an end before the start as the next day', () => {
    const late = { date: '2027-01-12', startTime: '22:00', endTime: '01:00' };
    expect(endDateOf(late)).toBe('2027-01-13');
    expect(lengthOf(late)).toBe(180);
  });

  it('sends only what changed in an edit', () => {
    const initial = filled();
    expect(toUpdateBody({ ...initial, title: 'New title' }, initial)).toEqual({ title: 'New title' });
    expect(toUpdateBody({ ...initial, startTime: '10:00', endTime: '12:00' }, initial)).toEqual({
      startsAt: '2027-01-12T10:00',
      endsAt: '2027-01-12T12:00',
    });
    expect(toUpdateBody({ ...initial, format: 'online', videoUrl: 'https://meet.example/x' }, initial)).toEqual({
      format: 'online',
      location: null,
      videoUrl: 'https://meet.example/x',
    });
  });
});

describe('fieldOfPath', () => {
  it('puts the server’s paths on the form’s fields', () => {
    const values = filled();
    expect(fieldOfPath('/endsAt', values)).toBe('endTime');
    expect(fieldOfPath('/startsAt', values)).toBe('date');
    expect(fieldOfPath('/repeat', values)).toBe('repeat.count');
    expect(fieldOfPath('/repeat', { repeat: { ...values.repeat, end: 'until' } })).toBe('repeat.until');
    expect(fieldOfPath('/unknown', values)).toBeNull();
  });
});
