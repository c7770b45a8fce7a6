import path from 'node:path';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { AppError } from '../../platform/errors.js';

/*
 * Documents shared to fulfil an offer are checked by their bytes, never by the name or the type the
 * browser claims: PDF, Word, Excel, PowerPoint (and their OpenDocument twins), images, and text
 * (plain, Markdown, CSV) that is valid UTF-8 without control bytes.
 */

const BINARY_KINDS = new Map<string, string>([
  ['pdf', 'application/pdf'],
  ['docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
  ['xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  ['pptx', 'application/vnd.openxmlformats-officedocument.presentationml.presentation'],
  ['odt', 'application/vnd.oasis.opendocument.text'],
  ['ods', 'application/vnd.oasis.opendocument.spreadsheet'],
  ['odp', 'application/vnd.oasis.opendocument.presentation'],
  ['doc', 'application/msword'],
  ['xls', 'application/vnd.ms-excel'],
  ['ppt', 'application/vnd.ms-powerpoint'],
  ['cfb', 'application/x-cfb'],
  ['png', 'image/png'],
  ['jpg', 'image/jpeg'],
  ['webp', 'image/webp'],
  ['gif', 'image/gif'],
]);

const TEXT_KINDS = new Map<string, string>([
  ['.txt', 'text/plain'],
  ['.md', 'text/markdown'],
  ['.markdown', 'text/markdown'],
  ['.csv', 'text/csv'],
]);

/** Tabs, line feeds and carriage returns are the only control characters text may hold. */
const hasControlCharacters = (text: string): boolean => {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
  }
  return false;
};

/** Checks text chunk by chunk as it streams: valid UTF-8 (a character may straddle two chunks) without control bytes. */
function textChecker(): { check(chunk: Buffer): void; end(): void } {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const decoded = (decode: () => string) => {
    let text: string;
    try {
      text = decode();
    } catch {
      throw refused();
    }
    if (hasControlCharacters(text)) throw refused();
  };
  return {
    check: (chunk) => decoded(() => decoder.decode(chunk, { stream: true })),
    end: () => decoded(() => decoder.decode()),
  };
}

const refused = () =>
  new AppError(
    'unsupported_media_type',
    'That file is not a document we take: PDF, Word, Excel, PowerPoint, an image, or text (Markdown, CSV).',
  );

export type DocumentKind = { ext: string; mime: string; isText: boolean };

/** The document's kind from its first bytes (at least HEAD_BYTES of them, or all), or unsupported_media_type. */
async function documentKindOf(head: Buffer, filename: string): Promise<DocumentKind> {
  const detected = await fileTypeFromBuffer(head);
  if (detected) {
    const mime = BINARY_KINDS.get(detected.ext);
    if (!mime) throw refused();
    // Legacy Office files are one container format; keep the kind the name says when it is one of them.
    if (detected.ext === 'cfb') {
      const ext = path.extname(filename).toLowerCase().slice(1);
      if (ext === 'doc' || ext === 'xls' || ext === 'ppt')
        return { ext, mime: BINARY_KINDS.get(ext) ?? mime, isText: false };
      throw refused();
    }
    return { ext: detected.ext, mime, isText: false };
  }
  const textMime = TEXT_KINDS.get(path.extname(filename).toLowerCase()) ?? 'text/plain';
  return { ext: path.extname(filename).toLowerCase().slice(1) || 'txt', mime: textMime, isText: true };
}

/**
 * How much of a document is read before its kind is decided. file-type needs about 4 kB for most
 * kinds; an Office file is a zip whose parts it reads in order, and 64 kB holds the part that names
 * the kind in the files Office, LibreOffice and Google write.
 */
const HEAD_BYTES = 64 * 1024;

/** An uploaded file's bytes as they arrive; busboy marks the stream `truncated` when it passed the size limit. */
export type Upload = { content: Readable & { truncated?: boolean }; filename: string };

/**
 * Decides an upload's kind from its first bytes, before any of it is stored, and answers the whole
 * document as a stream that fails as it flows: with unsupported_media_type when text turns out not
 * to be, with payload_too_large past `maxBytes`, with validation_failed when the upload breaks off.
 * Only the first bytes are ever held in memory.
 */
export async function checkDocument(
  upload: Upload,
  maxBytes: number,
): Promise<{ kind: DocumentKind; name: string; content: Readable }> {
  const { content: source } = upload;
  const chunks = source.iterator({ destroyOnReturn: true });
  let size = 0;
  const tooLarge = () => new AppError('payload_too_large', `The document is larger than ${maxBytes / 1024 / 1024} MB.`);
  /** The next chunk, or null at the end. */
  const next = async (): Promise<Buffer | null> => {
    let result: IteratorResult<Buffer>;
    try {
      result = await chunks.next();
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw new AppError('validation_failed', 'The upload broke off before the whole document arrived.', {
        details: [{ path: '/file', message: 'is incomplete' }],
      });
    }
    if (source.truncated) throw tooLarge();
    if (result.done) return null;
    size += result.value.length;
    if (size > maxBytes) throw tooLarge();
    return result.value;
  };

  const headChunks: Buffer[] = [];
  let isWhole = false;
  try {
    while (size < HEAD_BYTES) {
      const chunk = await next();
      if (chunk === null) {
        isWhole = true;
        break;
      }
      headChunks.push(chunk);
    }
  } catch (error) {
    await chunks.return?.();
    throw error;
  }
  const head = Buffer.concat(headChunks);
  if (head.length === 0)
    throw new AppError('validation_failed', 'The file is empty.', {
      details: [{ path: '/file', message: 'is empty' }],
    });
  const kind = await documentKindOf(head, upload.filename).catch(async (error: unknown) => {
    await chunks.return?.();
    throw error;
  });
  const text = kind.isText ? textChecker() : null;
  try {
    text?.check(head);
    if (isWhole) text?.end();
  } catch (error) {
    await chunks.return?.();
    throw error;
  }

  async function* whole() {
    try {
      yield head;
      if (isWhole) return;
      for (let chunk = await next(); chunk !== null; chunk = await next()) {
        text?.check(chunk);
        yield chunk;
      }
      text?.end();
    } finally {
      // Stops the upload when the store gives up on it (or it was refused midway).
      await chunks.return?.();
    }
  }
  return {
    kind,
    name: safeFileName(upload.filename, kind.ext),
    content: Readable.from(whole(), { objectMode: false }),
  };
}

/** A name safe in a download header: the uploader's name without paths or odd characters, with the right extension. */
export function safeFileName(filename: string, ext: string): string {
  const base = path
    .basename(filename)
    .replace(/\.[^.]*$/, '')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '')
    .trim()
    .slice(0, 120);
  return `${base || 'document'}.${ext}`;
}
