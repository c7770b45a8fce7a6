import { Box, DataList, Drawer, Paper, Tabs, Text } from '@mantine/core';
import type { OutboxMessageView } from '@roundtable/contract/admin';
import { IconCode, IconFileText } from '@tabler/icons-react';
import { useRef } from 'react';
import { LinkifiedText } from '../../components/linkified-text';
import { RelativeTime } from '../../components/relative-time';
import { formatDateTime } from '../../lib/time';

type OutboxMessageDrawerProps = {
  message: OutboxMessageView | null;
  onClose: () => void;
};

/** One email as its recipient would get it: the plain-text part with live links, and the HTML part. */
export function OutboxMessageDrawer({ message, onClose }: OutboxMessageDrawerProps) {
  // Keeps the content in place while the drawer slides out after `message` becomes null.
  const lastMessage = useRef(message);
  if (message) lastMessage.current = message;
  const shown = message ?? lastMessage.current;

  return (
    <Drawer.Root opened={message !== null} onClose={onClose} position="right" size="min(760px, 100%)" padding="lg">
      <Drawer.Overlay />
      <Drawer.Content>
        {/* role="none": the drawer's header is not the page's banner landmark. */}
        <Drawer.Header role="none">
          <Drawer.Title fw={650} fz="lg" lh={1.3}>
            {shown?.subject ?? 'Email'}
          </Drawer.Title>
          <Drawer.CloseButton aria-label="Close email" />
        </Drawer.Header>
        <Drawer.Body>
          {shown ? (
            <Box>
              <DataList labelWidth={64} mb="lg">
                <DataList.Item>
                  <DataList.ItemLabel>To</DataList.ItemLabel>
                  <DataList.ItemValue style={{ wordBreak: 'break-all' }}>{shown.to}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Subject</DataList.ItemLabel>
                  <DataList.ItemValue>{shown.subject}</DataList.ItemValue>
                </DataList.Item>
                <DataList.Item>
                  <DataList.ItemLabel>Sent</DataList.ItemLabel>
                  <DataList.ItemValue>
                    {formatDateTime(shown.createdAt)}{' '}
                    <Text component="span" c="dimmed" fz="sm">
                      (<RelativeTime value={shown.createdAt} />)
                    </Text>
                  </DataList.ItemValue>
                </DataList.Item>
              </DataList>
              <Tabs defaultValue="text" keepMounted={false}>
                <Tabs.List mb="md">
                  <Tabs.Tab value="text" leftSection={<IconFileText size={16} aria-hidden="true" />}>
                    Text
                  </Tabs.Tab>
                  <Tabs.Tab value="html" leftSection={<IconCode size={16} aria-hidden="true" />}>
                    HTML
                  </Tabs.Tab>
                </Tabs.List>
                <Tabs.Panel value="text">
                  <Paper withBorder radius="md" p="md" bg="var(--app-surface)">
                    <Text
                      component="div"
                      fz="sm"
                      style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.6 }}
                    >
                      <LinkifiedText text={shown.text} />
                    </Text>
                  </Paper>
                </Tabs.Panel>
                <Tabs.Panel value="html">
                  {/* An empty sandbox: the email's HTML can neither run scripts nor navigate this page. */}
                  <iframe
                    sandbox=""
                    srcDoc={shown.html}
                    title={`HTML version of the email “${shown.subject}”`}
                    style={{
                      display: 'block',
                      width: '100%',
                      height: 'min(640px, 70vh)',
                      border: '1px solid var(--mantine-color-default-border)',
                      borderRadius: 'var(--mantine-radius-md)',
                      background: '#fff',
                    }}
                  />
                </Tabs.Panel>
              </Tabs>
            </Box>
          ) : null}
        </Drawer.Body>
      </Drawer.Content>
    </Drawer.Root>
  );
}
