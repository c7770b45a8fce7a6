import { Button } from '@mantine/core';
import { IconHome, IconMapSearch, IconShieldLock } from '@tabler/icons-react';
import { Link } from 'react-router';
import { MessagePage } from '../components/message-page';
import { usePageTitle } from '../lib/use-page-title';

const goHome = (
  <Button component={Link} to="/" leftSection={<IconHome size={16} aria-hidden="true" />}>
    Go home
  </Button>
);

export function NotFoundPage() {
  usePageTitle('Page not found');
  return (
    <MessagePage
      icon={<IconMapSearch size={30} stroke={1.5} aria-hidden="true" />}
      title="Page not found"
      description="We could not find that page. The link may be mistyped, or the page may have moved."
      actions={goHome}
    />
  );
}

export function ForbiddenPage() {
  usePageTitle('Host admins only');
  return (
    <MessagePage
      icon={<IconShieldLock size={30} stroke={1.5} aria-hidden="true" />}
      title="You need to be a host admin"
      description="This page is for the host admins who run this Roundtable. If you think you should have access, ask one of them."
      actions={goHome}
    />
  );
}
