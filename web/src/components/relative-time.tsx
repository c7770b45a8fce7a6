import { Tooltip } from '@mantine/core';
import { formatDateTime, formatRelativeTime } from '../lib/time';
import { useNow } from '../lib/use-now';

type RelativeTimeProps = { value: string };

/** "2 min ago", with the absolute time in the viewer's time zone on hover and focus. */
export function RelativeTime({ value }: RelativeTimeProps) {
  const now = useNow();
  return (
    <Tooltip label={formatDateTime(value)} openDelay={250}>
      <time dateTime={value}>{formatRelativeTime(value, now)}</time>
    </Tooltip>
  );
}
