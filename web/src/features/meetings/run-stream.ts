import type { RunView } from '@roundtable/contract/meetings';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { meetingKey, storeRun } from './meetings.queries';

function parse(data: unknown): RunView | null {
  try {
    const value: unknown = JSON.parse(String(data));
    if (typeof value === 'object' && value !== null && typeof (value as RunView).meetingId === 'string')
      return value as RunView;
  } catch {
    // A malformed event carries nothing to act on.
  }
  return null;
}

/**
 * Follows a meeting live (`GET /api/v1/events?meetingId=…`, event `meeting.run`): each step the
 * facilitator takes lands in the cached meeting, whose update time is when it was received, so the
 * countdown can correct this browser's clock. After a dropped connection the meeting is refetched.
 */
export function useRunStream(meetingId: string) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/events?meetingId=${encodeURIComponent(meetingId)}`);
    let hasOpened = false;
    source.addEventListener('open', () => {
      if (hasOpened) void queryClient.invalidateQueries({ queryKey: meetingKey(meetingId) });
      hasOpened = true;
    });
    source.addEventListener('meeting.run', (message) => {
      const run = parse((message as MessageEvent).data);
      if (!run || run.meetingId !== meetingId) return;
      storeRun(queryClient, run);
    });
    return () => source.close();
  }, [meetingId, queryClient]);
}
