import { Anchor } from '@mantine/core';
import { splitLinks } from '../lib/linkify';

type LinkifiedTextProps = { text: string };

/** Plain text whose http(s) URLs are real, clickable links. Text is never parsed as HTML. */
export function LinkifiedText({ text }: LinkifiedTextProps) {
  return (
    <>
      {splitLinks(text).map((part, index) =>
        part.kind === 'link' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are derived from immutable text and never reorder.
          <Anchor key={index} href={part.href} style={{ wordBreak: 'break-all' }}>
            {part.href}
          </Anchor>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: parts are derived from immutable text and never reorder.
          <span key={index}>{part.text}</span>
        ),
      )}
    </>
  );
}
