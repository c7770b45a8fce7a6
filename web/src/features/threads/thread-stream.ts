import { useEffect, useRef } from 'react';

export type ThreadEvent = { networkId?: string; threadId: string; replyId?: string; position?: number };

export type ThreadEventName = 'thread.created' | 'thread.updated' | 'reply.created' | 'reply.updated';

type ThreadStreamHandlers = {
  onEvent: (name: ThreadEventName, event: ThreadEvent) => void;
  /** The stream came back after a drop: whatever happened meanwhile has to be fetched. */
  onReconnect?: () => void;
};

const EVENT_NAMES: ThreadEventName[] = ['thread.created', 'thread.updated', 'reply.created', 'reply.updated'];

function parse(data: unknown): ThreadEvent | null {
  try {
    const value: unknown = JSON.parse(String(data));
    if (typeof value === 'object' && value !== null && typeof (value as ThreadEvent).threadId === 'string')
      return value as ThreadEvent;
  } catch {
    // A malformed event carries nothing to act on.
  }
  return null;
}

/**
 * Live changes in one network's discussions or one thread (`GET /api/v1/events?networkId=…` or
 * `?threadId=…`). Events carry only ids: the handler refetches what changed through the API,
 * which applies the viewer's access and anonymity as for any read.
 */
export function useThreadStream(scope: { networkId: string } | { threadId: string }, handlers: ThreadStreamHandlers) {
  const latest = useRef(handlers);
  latest.current = handlers;
  const query = 'networkId' in scope ? `networkId=${scope.networkId}` : `threadId=${scope.threadId}`;
  useEffect(() => {
    if (typeof EventSource === 'undefined') return;
    const source = new EventSource(`/api/v1/events?${query}`);
    let hasOpened = false;
    source.addEventListener('open', () => {
      if (hasOpened) latest.current.onReconnect?.();
      hasOpened = true;
    });
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        const event = parse((message as MessageEvent).data);
        if (event) latest.current.onEvent(name, event);
      });
    }
    return () => source.close();
  }, [query]);
}
