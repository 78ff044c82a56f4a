/**
 * File uploads as Discord takes them (multipart/form-data with `payload_json` and `files[n]`):
 * the documented limits (each file at most the default upload limit, 10 MiB; at most 10 files
 * per message; `attachment://` names in embeds ASCII letters, digits, `_`, `-` and `.`, and only
 * for .jpg, .jpeg, .png, .webp and .gif), and what Discord does with a valid upload: an embed's
 * `attachment://name` becomes the attachment's URL, and an image attachment gets its size.
 */
import type { Obj } from './rest-context.js';
import type { StoredAttachment, UploadedFile } from './messages.js';
import type { Issue } from './validation.js';

export const UPLOAD_LIMITS = {
  /** Per file, the default for bots (Discord's "Uploading Files": 10 MiB). */
  fileBytes: 10 * 1024 * 1024,
  files: 10,
} as const;

const REF = /^attachment:\/\/(.*)$/;
const REF_NAME = /^[A-Za-z0-9_.-]+$/;
const EMBED_IMAGE_TYPES = /\.(jpe?g|png|webp|gif)$/i;
/** The embed fields whose `url` may name an attachment. */
const EMBED_MEDIA = ['image', 'thumbnail'] as const;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first file over the size limit, which Discord answers with 413 (code 40005). */
export function oversizeFile(files: UploadedFile[]): UploadedFile | undefined {
  return files.find((f) => f.data.length > UPLOAD_LIMITS.fileBytes);
}

/** Issues with the files of a message-bearing body (`base` "data" for interaction callbacks). */
export function uploadIssues(body: unknown, files: UploadedFile[], base = ''): Issue[] {
  const b = base ? `${base}.` : '';
  const issues: Issue[] = [];
  if (files.length > UPLOAD_LIMITS.files) {
    issues.push({ path: 'files', code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${UPLOAD_LIMITS.files} or fewer in length.`, source: 'limits' });
  }
  const data = isObj(body) && base ? body[base] : body;
  if (!isObj(data) || !Array.isArray(data.embeds)) return issues;
  data.embeds.forEach((embed, i) => {
    if (!isObj(embed)) return;
    for (const field of EMBED_MEDIA) {
      const media = embed[field];
      const url = isObj(media) && typeof media.url === 'string' ? media.url : '';
      const name = REF.exec(url)?.[1];
      if (name === undefined) continue;
      const path = `${b}embeds.${i}.${field}.url`;
      if (!REF_NAME.test(name)) {
        issues.push({ path, code: 'URL_TYPE_INVALID_ATTACHMENT_NAME', message: `attachment:// names may hold only ASCII letters, digits, _, - and .: ${JSON.stringify(name)}`, source: 'limits' });
      } else if (!EMBED_IMAGE_TYPES.test(name)) {
        issues.push({ path, code: 'URL_TYPE_INVALID_ATTACHMENT_TYPE', message: `Only .jpg, .jpeg, .png, .webp and .gif attachments can be shown in an embed: ${name}`, source: 'limits' });
      }
    }
  });
  return issues;
}

/** Width and height of a PNG or GIF from its header (Discord reports them for images). */
export function imageSize(data: Buffer): { width: number; height: number } | undefined {
  if (data.length >= 24 && data.readUInt32BE(0) === 0x89504e47 && data.toString('ascii', 12, 16) === 'IHDR') {
    return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
  }
  if (data.length >= 10 && data.toString('ascii', 0, 3) === 'GIF') return { width: data.readUInt16LE(6), height: data.readUInt16LE(8) };
  return undefined;
}

/** Embeds as Discord returns them: `attachment://name` replaced by that attachment's URL. */
export function resolveEmbedAttachments(embeds: unknown[], attachments: StoredAttachment[], urlOf: (a: StoredAttachment) => string): unknown[] {
  if (!attachments.length) return embeds;
  return embeds.map((embed) => {
    if (!isObj(embed)) return embed;
    let out: Obj = embed;
    for (const field of EMBED_MEDIA) {
      const media = embed[field];
      const name = isObj(media) && typeof media.url === 'string' ? REF.exec(media.url)?.[1] : undefined;
      const file = name === undefined ? undefined : attachments.find((a) => a.filename === name);
      if (!file || !isObj(media)) continue;
      const size = imageSize(file.data);
      out = { ...out, [field]: { ...media, url: urlOf(file), proxy_url: urlOf(file), ...(size ?? {}) } };
    }
    return out;
  });
}
