import type { IssueView } from '@roundtable/contract/meetings';
import { describe, expect, it } from 'vitest';
import {
  addItem,
  availableIssues,
  checkTimeBox,
  DEFAULT_TIME_BOX,
  draftOf,
  insertItem,
  moveItem,
  removeItem,
  toAgendaBody,
  totalMinutes,
} from './agenda-draft';

const issue = (id: string, overrides: Partial<IssueView> = {}): IssueView => ({
  id,
  networkId: 'n1',
  title: `Issue ${id}`,
  need: 'experience',
  priority: 'A',
  background: '',
  status: 'queued',
  author: { id: 'u1', name: 'Marco Member', avatarUrl: null },
  meetingId: null,
  minutes: null,
  carriedOver: 0,
  offerCount: 0,
  createdAt: '2027-01-01T00:00:00.000Z',
  abilities: { edit: false, withdraw: false },
  ...overrides,
});

describe('moveItem', () => {
  it('moves an item up or down and leaves the ends alone', () => {
    expect(moveItem(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(moveItem(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 2, 1)).toEqual(['a', 'b', 'c']);
  });
});

describe('the draft', () => {
  it('adds an issue once with the protocol’s time box, and removes it', () => {
    const once = addItem([], issue('1'));
    expect(once).toEqual([{ issue: issue('1'), minutes: DEFAULT_TIME_BOX }]);
    expect(addItem(once, issue('1'))).toHaveLength(1);
    expect(removeItem(once, '1')).toEqual([]);
    expect(DEFAULT_TIME_BOX).toBe(35);
  });

  it('starts from the agenda in its order with its time boxes', () => {
    const draft = draftOf([
      { ...issue('2', { minutes: 20 }), position: 1 },
      { ...issue('1', { minutes: 15 }), position: 0 },
    ]);
    expect(draft.map((item) => [item.issue.id, item.minutes])).toEqual([
      ['1', 15],
      ['2', 20],
    ]);
    expect(totalMinutes(draft)).toBe(35);
  });

  it('offers the queue’s issues that are not on the draft', () => {
    expect(availableIssues([issue('1'), issue('2')], addItem([], issue('1'))).map((i) => i.id)).toEqual(['2']);
  });

  it('checks time boxes against the server’s limits and builds the body', () => {
    expect(checkTimeBox(30)).toBeNull();
    expect(checkTimeBox(0)).toMatch(/At least/);
    expect(checkTimeBox(241)).toMatch(/At most 240/);
    expect(checkTimeBox('')).toMatch(/Whole/);
    expect(toAgendaBody([{ issue: issue('1'), minutes: 20 }], true)).toEqual({
      items: [{ issueId: '1', minutes: 20 }],
      publish: true,
    });
  });
});

describe('insertItem', () => {
  const draft = draftOf([
    { ...issue('a'), position: 0 },
    { ...issue('b'), position: 1 },
  ]);

  it('puts a queued issue at the place given, clamped to the ends', () => {
    expect(insertItem(draft, issue('q'), 1).map((item) => item.issue.id)).toEqual(['a', 'q', 'b']);
    expect(insertItem(draft, issue('q'), 0).map((item) => item.issue.id)).toEqual(['q', 'a', 'b']);
    expect(insertItem(draft, issue('q'), 9).map((item) => item.issue.id)).toEqual(['a', 'b', 'q']);
    expect(insertItem(draft, issue('q'), -3).map((item) => item.issue.id)).toEqual(['q', 'a', 'b']);
    expect(insertItem(draft, issue('q', { minutes: 20 }), 1)[1]?.minutes).toBe(20);
  });

  it('leaves the draft as it is for an issue already on it', () => {
    expect(insertItem(draft, issue('b'), 0).map((item) => item.issue.id)).toEqual(['a', 'b']);
  });
});
