import { Button, Paper } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';
import { MessagePage } from '../components/message-page';
import { PageHeader } from '../components/page-header';
import { usePageTitle } from '../lib/use-page-title';
import type { UpcomingArea } from './navigation';

/** A part of Roundtable that is on its way: says honestly what it will do, and offers a way back. */
export function ComingSoonPage({ area }: { area: UpcomingArea }) {
  usePageTitle(area.label);
  const Icon = area.icon;
  return (
    <>
      <PageHeader title={area.label} description={area.summary} />
      <Paper withBorder py={{ base: 'lg', sm: 40 }}>
        <MessagePage
          icon={<Icon size={30} stroke={1.5} aria-hidden="true" />}
          title="Coming soon"
          headingOrder={2}
          description={area.promise}
          actions={
            <Button component={Link} to="/" variant="default" leftSection={<IconArrowLeft size={16} />}>
              Back to home
            </Button>
          }
        />
      </Paper>
    </>
  );
}
