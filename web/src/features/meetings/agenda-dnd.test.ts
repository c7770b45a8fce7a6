import { describe, expect, it } from 'vitest';
import { AGENDA_DROP_ID, describeDrag, dropIndex, moveItemTo, queueDragId, queuedIssueId } from './agenda-dnd';

describe('queue drag ids', () => {
  it('tell a queued issue from an agenda row', () => {
    expect(queuedIssueId(queueDragId('i1'))).toBe('i1');
    expect(queuedIssueId('i1')).toBeNull();
    expect(queuedIssueId(7)).toBeNull();
  });
});

describe('moveItemTo', () => {
  it('moves an item to another place, either way', () => {
    expect(moveItemTo(['a', 'b', 'c', 'd'], 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItemTo(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
  });

  it('leaves the list as it is for the same place or out of range, and copies it', () => {
    const items = ['a', 'b'];
    const same = moveItemTo(items, 1, 1);
    expect(same).toEqual(items);
    expect(same).not.toBe(items);
    expect(moveItemTo(items, -1, 0)).toEqual(items);
    expect(moveItemTo(items, 0, 2)).toEqual(items);
  });
});

describe('dropIndex', () => {
  const ids = ['a', 'b', 'c'];

  it('puts an agenda row where the row it is over is', () => {
    expect(dropIndex(ids, 'a', 'c')).toBe(2);
    expect(dropIndex(ids, 'c', 'a')).toBe(0);
    expect(dropIndex(ids, 'b', 'b')).toBe(1);
  });

  it('has nowhere for a row over nothing or over the zone', () => {
    expect(dropIndex(ids, 'a', null)).toBeNull();
    expect(dropIndex(ids, 'a', undefined)).toBeNull();
    expect(dropIndex(ids, 'a', AGENDA_DROP_ID)).toBeNull();
  });

  it('puts a queued issue before the row it is over, or at the end over the zone', () => {
    expect(dropIndex(ids, queueDragId('q'), 'b')).toBe(1);
    expect(dropIndex(ids, queueDragId('q'), AGENDA_DROP_ID)).toBe(3);
    expect(dropIndex([], queueDragId('q'), AGENDA_DROP_ID)).toBe(0);
    expect(dropIndex(ids, queueDragId('q'), null)).toBeNull();
    expect(dropIndex(ids, queueDragId('q'), 'elsewhere')).toBeNull();
  });
});

describe('describeDrag', () => {
  const row = { title: 'Pricing', from: 'agenda' as const, startIndex: 1, count: 5 };
  const queued = { title: 'Hiring', from: 'queue' as const, startIndex: null, count: 4 };

  it('says where an agenda row is, goes and ends up, counting from one', () => {
    expect(describeDrag({ ...row, phase: 'start', index: 1 })).toBe(
      'Picked up issue “Pricing”. It is in position 2 of 5.',
    );
    expect(describeDrag({ ...row, phase: 'over', index: 3 })).toBe('Issue “Pricing” is moved to position 4 of 5.');
    expect(describeDrag({ ...row, phase: 'over', index: null })).toBe('Issue “Pricing” is not over the agenda.');
    expect(describeDrag({ ...row, phase: 'end', index: 0 })).toBe(
      'Dropped issue “Pricing”. It is now in position 1 of 5.',
    );
    expect(describeDrag({ ...row, phase: 'end', index: null })).toBe(
      'Dropped issue “Pricing”. It stays in position 2 of 5.',
    );
    expect(describeDrag({ ...row, phase: 'cancel', index: 3 })).toBe(
      'Stopped dragging. Issue “Pricing” is back in position 2 of 5.',
    );
  });

  it('says what happens to an issue dragged from the queue', () => {
    expect(describeDrag({ ...queued, phase: 'start', index: null })).toBe(
      'Picked up issue “Hiring” from the queue. Drop it on the agenda to add it.',
    );
    expect(describeDrag({ ...queued, phase: 'over', index: 3 })).toBe('Issue “Hiring” would go in position 4 of 4.');
    expect(describeDrag({ ...queued, phase: 'end', index: 0 })).toBe(
      'Added issue “Hiring” to the agenda in position 1 of 4.',
    );
    expect(describeDrag({ ...queued, phase: 'end', index: null })).toBe(
      'Dropped issue “Hiring” outside the agenda. It stays in the queue.',
    );
    expect(describeDrag({ ...queued, phase: 'cancel', index: null })).toBe(
      'Stopped dragging. Issue “Hiring” stays in the queue.',
    );
  });
});
