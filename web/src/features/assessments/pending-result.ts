import { notifications } from '@mantine/notifications';
import {
  type AssessmentCreateBody,
  type AssessmentView,
  PENDING_RESULT_MAX_AGE_DAYS,
} from '@roundtable/contract/assessments';
import { useEffect, useRef } from 'react';
import { isApiError } from '../../lib/api';
import { useTakeAssessment } from './assessments.queries';

/*
 * A visitor's result lives in this browser until they have an account; then it is saved once.
 * The answers in progress live in session storage, so a reload keeps them but a new tab starts fresh.
 */
const PENDING_KEY = 'roundtable.nq.pending';
const DRAFT_KEY = 'roundtable.nq.draft';
const DAY_MS = 24 * 60 * 60 * 1000;

export type PendingResult = { body: AssessmentCreateBody; result: AssessmentView };

function read<T>(storage: Storage | undefined, key: string): T | null {
  try {
    const text = storage?.getItem(key);
    return text ? (JSON.parse(text) as T) : null;
  } catch {
    return null;
  }
}

function write(storage: Storage | undefined, key: string, value: unknown): void {
  try {
    if (value === null) storage?.removeItem(key);
    else storage?.setItem(key, JSON.stringify(value));
  } catch {
    // Private browsing may refuse storage; the flow still works, it just forgets on reload.
  }
}

const local = () => (typeof window === 'undefined' ? undefined : window.localStorage);
const session = () => (typeof window === 'undefined' ? undefined : window.sessionStorage);

/** The visitor's result waiting to be saved, unless it is too old to be saved any more. */
export function readPendingResult(): PendingResult | null {
  const pending = read<PendingResult>(local(), PENDING_KEY);
  if (!pending?.result?.createdAt || !pending.body?.answers) return null;
  const age = Date.now() - Date.parse(pending.result.createdAt);
  if (!(age < PENDING_RESULT_MAX_AGE_DAYS * DAY_MS)) {
    write(local(), PENDING_KEY, null);
    return null;
  }
  return pending;
}

export const writePendingResult = (pending: PendingResult | null) => write(local(), PENDING_KEY, pending);

export const readDraft = (): Record<string, number> => read<Record<string, number>>(session(), DRAFT_KEY) ?? {};
export const writeDraft = (answers: Record<string, number> | null) => write(session(), DRAFT_KEY, answers);

/**
 * Saves a result taken before signing up to the account, once, as soon as someone is signed in
 * in this browser; it keeps the time it was taken.
 */
export function useSavePendingResult(): void {
  const take = useTakeAssessment();
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    const pending = readPendingResult();
    if (!pending) return;
    started.current = true;
    take.mutate(
      { ...pending.body, takenAt: pending.result.createdAt },
      {
        onSuccess: (saved) => {
          writePendingResult(null);
          notifications.show({
            color: 'teal',
            title: 'Your NQ result is saved',
            message: `NQ ${saved.overall} is now the first entry of your history.`,
          });
        },
        onError: (error) => {
          // A result the server refuses (too old, an instrument since retired) would fail forever.
          if (isApiError(error) && error.status === 400) writePendingResult(null);
        },
      },
    );
  }, [take]);
}
