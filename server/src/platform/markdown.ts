import { LRUCache } from 'lru-cache';
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

/*
 * Members write Markdown; the server renders it once per view and sanitises the result, so the
 * web app may insert `bodyHtml` as it is. Raw HTML is never rendered (shown as text instead),
 * images are off because a remote picture would tell its host who reads a confidential thread,
 * and the sanitiser runs after rendering as a second line of defence.
 */
const markdown = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false }).disable(['image']);

const MENTION = /\[@([^\]\n]{1,120})\]\(\/people\/([A-Za-z0-9_-]{1,64})\)/g;

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'strong',
    'em',
    's',
    'del',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'code',
    'pre',
    'h3',
    'h4',
    'h5',
    'h6',
    'hr',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'rel', 'target', 'class'], ol: ['start'], th: ['style'], td: ['style'] },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Headings keep the page's outline: a post's "# Title" must not compete with the thread's title.
  transformTags: {
    h1: 'h3',
    h2: 'h4',
    a: (tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href ?? '';
      if (/^\/people\/[A-Za-z0-9_-]+$/.test(href)) return { tagName, attribs: { href, class: 'mention' } };
      if (href.startsWith('/') && !href.startsWith('//')) return { tagName, attribs: { href } };
      return { tagName, attribs: { href, target: '_blank', rel: 'noopener noreferrer nofollow ugc' } };
    },
  },
};

/** Markdown to HTML that is safe to insert into the page. */
export function renderMarkdown(source: string): string {
  return sanitizeHtml(markdown.render(source), sanitizeOptions);
}

/*
 * Rendering and sanitising cost ~0.15 ms per post, so a thread page of 200 replies would spend
 * 30 ms on it per view. Renderings are kept by their source itself, so an edit is a new key and
 * nothing needs invalidating; the cache is bounded by total size, sources included. (A SHA-1 of
 * the source as the key cost 3.5 % of a feed request's CPU; see docs/performance.md.)
 */
const rendered = new LRUCache<string, { html: string; text: string }>({
  maxSize: 48 * 1024 * 1024,
  sizeCalculation: (value, source) => source.length + value.html.length + value.text.length + 64,
});

/** The post's HTML and plain text (for excerpts) from the cache, rendering them on first use. */
export function renderPost(source: string): { html: string; text: string } {
  const cached = rendered.get(source);
  if (cached) return cached;
  const html = renderMarkdown(source);
  const value = { html, text: textOf(html) };
  rendered.set(source, value);
  return value;
}

const textOf = (html: string): string =>
  sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} })
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .trim();

/** Plain text cut at a word boundary, for excerpts. */
export function excerptOf(text: string, maxLength = 240): string {
  if (text.length <= maxLength) return text;
  const cut = text.slice(0, maxLength);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxLength * 0.6 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** The text of a Markdown post without markup, cut at a word boundary, for notifications and emails. */
export const plainText = (source: string, maxLength = 240): string =>
  excerptOf(textOf(renderMarkdown(source)), maxLength);

/** The member ids a post mentions with `[@Name](/people/<id>)`, each once. */
export function mentionedIds(source: string): string[] {
  return [...new Set([...source.matchAll(MENTION)].map((match) => match[2] ?? '').filter((id) => id !== ''))];
}
