import { Anchor, Paper, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { OfferView } from '@roundtable/contract/meetings';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ErrorState } from '../../components/error-state';
import { PageHeader } from '../../components/page-header';
import { errorMessageOf } from '../../lib/api';
import { usePageTitle } from '../../lib/use-page-title';
import classes from './meetings.module.css';
import { type MyOffersRole, useMyOffers } from './meetings.queries';
import { OfferRow, SendOfferModal } from './offers';

const SECTIONS: { role: MyOffersRole; title: string; description: string; empty: string }[] = [
  {
    role: 'offered_to_me',
    title: 'Offered to you',
    description: 'What peers promised you on your issues. Download what they sent; only you and they see it.',
    empty: 'No offers yet. When you present an issue at a meeting, what peers offer you shows here.',
  },
  {
    role: 'offered_by_me',
    title: 'Offered by you',
    description: 'What you promised to send. Send it before the day you gave; the presenter hears of it at once.',
    empty: 'You have not offered anything yet. At a meeting, “Offer something” under an issue you can help with.',
  },
];

/** The issue's offers first, then open before sent, soonest due first. */
function ordered(offers: readonly OfferView[], issueId: string | null): OfferView[] {
  const rank = (offer: OfferView) => (offer.issueId === issueId ? 0 : 1) * 2 + (offer.status === 'open' ? 0 : 1);
  return [...offers].sort((a, b) => rank(a) - rank(b) || a.dueOn.localeCompare(b.dueOn));
}

function OfferSection({
  section,
  issueId,
  onSend,
}: {
  section: (typeof SECTIONS)[number];
  issueId: string | null;
  onSend: (offer: OfferView) => void;
}) {
  const offers = useMyOffers(section.role);
  const titleId = `offers-${section.role}`;
  const items = ordered(
    (offers.data ?? []).filter((offer) => offer.status !== 'withdrawn'),
    issueId,
  );
  useEffect(() => {
    if (!issueId || !offers.data) return;
    document.querySelector(`[data-issue="${CSS.escape(issueId)}"]`)?.scrollIntoView({ block: 'center' });
  }, [issueId, offers.data]);
  return (
    <Paper withBorder component="section" aria-labelledby={titleId} style={{ overflow: 'hidden' }}>
      <Stack gap={4} p="md" pb="sm">
        <Title order={2} fz="h4" id={titleId}>
          {section.title}
        </Title>
        <Text fz="sm" c="dimmed">
          {section.description}
        </Text>
      </Stack>
      {offers.isPending ? (
        <Stack gap="sm" p="md" pt={0} aria-busy="true" aria-label="Loading the offers">
          <Skeleton height={48} />
          <Skeleton height={48} />
        </Stack>
      ) : offers.isError ? (
        <ErrorState
          title="The offers did not load"
          message={errorMessageOf(offers.error)}
          onRetry={() => void offers.refetch()}
          retrying={offers.isFetching}
        />
      ) : items.length === 0 ? (
        <Text fz="sm" c="dimmed" px="md" pb="md">
          {section.empty}
        </Text>
      ) : (
        <ul className={classes.list} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          {items.map((offer) => (
            <li
              key={offer.id}
              data-issue={offer.issueId}
              className={offer.issueId === issueId ? classes.highlighted : undefined}
              style={{ padding: 'var(--mantine-spacing-sm) var(--mantine-spacing-md)' }}
              aria-current={offer.issueId === issueId ? 'true' : undefined}
            >
              <OfferRow offer={offer} showIssue onSend={onSend} />
            </li>
          ))}
        </ul>
      )}
    </Paper>
  );
}

/** Offers made to me and by me across my networks' meetings; `?issue=` puts one issue's offers first, marked. */
export function OffersPage() {
  usePageTitle('Offers');
  const [params] = useSearchParams();
  const issueId = params.get('issue');
  const [sending, setSending] = useState<OfferView | null>(null);
  return (
    <Stack gap={0}>
      <PageHeader
        title="Offers"
        description="What peers promised each other at meetings — processes, templates, introductions — with the day it is due."
        actions={
          <Anchor component={Link} to="/meetings" fz="sm">
            Your meetings
          </Anchor>
        }
      />
      <Stack gap="lg">
        {SECTIONS.map((section) => (
          <OfferSection key={section.role} section={section} issueId={issueId} onSend={setSending} />
        ))}
      </Stack>
      <SendOfferModal offer={sending} onClose={() => setSending(null)} />
    </Stack>
  );
}
