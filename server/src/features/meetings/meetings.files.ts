import path from 'node:path';
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

const isText = (bytes: Buffer): boolean => {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // Tabs, line feeds and carriage returns are the only control characters text may hold.
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) return false;
    }
    return true;
  } catch {
    return false;
  }
};

const refused = () =>
  new AppError(
    'unsupported_media_type',
    'That file is not a document we take: PDF, Word, Excel, PowerPoint, an image, or text (Markdown, CSV).',
  );

/** The document's kind from its bytes, or unsupported_media_type. */
export async function documentKindOf(bytes: Buffer, filename: string): Promise<{ ext: string; mime: string }> {
  if (bytes.length === 0)
    throw new AppError('validation_failed', 'The file is empty.', {
      details: [{ path: '/file', message: 'is empty' }],
    });
  const detected = await fileTypeFromBuffer(bytes);
  if (detected) {
    const mime = BINARY_KINDS.get(detected.ext);
    if (!mime) throw refused();
    // Legacy Office files are one container format; keep the kind the name says when it is one of them.
    if (detected.ext === 'cfb') {
      const ext = path.extname(filename).toLowerCase().slice(1);
      if (ext === 'doc' || ext === 'xls' || ext === 'ppt') return { ext, mime: BINARY_KINDS.get(ext) ?? mime };
      throw refused();
    }
    return { ext: detected.ext, mime };
  }
  const textMime = TEXT_KINDS.get(path.extname(filename).toLowerCase()) ?? 'text/plain';
  if (isText(bytes)) return { ext: path.extname(filename).toLowerCase().slice(1) || 'txt', mime: textMime };
  throw refused();
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
