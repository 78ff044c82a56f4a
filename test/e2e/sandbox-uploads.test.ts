// File uploads as Discord takes them: discord.js's multipart requests (payload_json, files[n],
// the attachments array with alt text, attachment:// in embeds) are stored and served back,
// with the embed image resolved to the file; oversize files, too many files and bad
// attachment:// names are refused with Discord's answers and recorded as violations.
import { REST } from 'discord.js';
import { Routes } from 'discord-api-types/v10';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { UPLOAD_LIMITS } from '../../src/sandbox/uploads.js';

let sandbox: Sandbox;
let rest: REST;
let channel: string;

const png = (width: number, height: number): Buffer => {
  const p = new PNG({ width, height });
  p.data.fill(200);
  return PNG.sync.write(p);
};

beforeAll(async () => {
  sandbox = await startSandbox({ limits: { rateLimits: false } });
  rest = new REST({ api: sandbox.apiUrl, retries: 0 }).setToken(sandbox.token);
  const world = await sandbox.control.world();
  channel = world.guilds.flatMap((g) => g.channels).find((c) => c.botCanPost && c.type === 0)!.id;
});
afterAll(async () => sandbox?.close());
beforeEach(async () => sandbox.control.clearViolations());

/** A raw multipart POST, for what discord.js itself would not send. */
async function post(payload: unknown, files: Array<{ name: string; data: Buffer }>) {
  const form = new FormData();
  form.append('payload_json', JSON.stringify(payload));
  files.forEach((f, i) => form.append(`files[${i}]`, new Blob([new Uint8Array(f.data)], { type: 'image/png' }), f.name));
  const res = await fetch(`${sandbox.apiUrl}/v10/channels/${channel}/messages`, { method: 'POST', headers: { authorization: `Bot ${sandbox.token}` }, body: form });
  return { status: res.status, body: (await res.json()) as { code?: number; errors?: unknown } };
}

describe('sandbox file uploads', () => {
  it('stores an upload with its alt text, serves it, and resolves attachment:// in the embed', async () => {
    const image = png(40, 30);
    const message = (await rest.post(Routes.channelMessages(channel), {
      body: { embeds: [{ title: 'Map', image: { url: 'attachment://map.png' } }], attachments: [{ id: '0', filename: 'map.png', description: 'A world map' }] },
      files: [{ name: 'map.png', data: image, contentType: 'image/png' }],
    })) as { attachments: Array<{ url: string; filename: string; width: number; height: number; description: string; size: number }>; embeds: Array<{ image: { url: string; width: number } }> };
    const [att] = message.attachments;
    expect(att).toMatchObject({ filename: 'map.png', description: 'A world map', width: 40, height: 30, size: image.length });
    expect(message.embeds[0]!.image).toMatchObject({ url: att!.url, width: 40 });
    const served = Buffer.from(await (await fetch(att!.url)).arrayBuffer());
    expect(served.equals(image)).toBe(true);
    const [stored] = await sandbox.control.messages(channel);
    expect(stored!.attachments[0]).toMatchObject({ filename: 'map.png', description: 'A world map', contentType: 'image/png' });
    expect(await sandbox.control.violations()).toEqual([]);
  });

  it('refuses a file over the upload limit with 413 (40005), and records it', async () => {
    const big = Buffer.alloc(UPLOAD_LIMITS.fileBytes + 1, 1);
    const r = await post({ content: 'big' }, [{ name: 'big.png', data: big }]);
    expect(r).toMatchObject({ status: 413, body: { code: 40005 } });
    const [v] = await sandbox.control.violations();
    expect(v).toMatchObject({ status: 413, code: 40005 });
    expect(v!.issues[0]).toMatchObject({ path: 'files[0]', code: 'FILE_TOO_LARGE' });
  });

  it('accepts a file of exactly the limit', async () => {
    const r = await post({ content: 'at the limit' }, [{ name: 'edge.png', data: Buffer.alloc(UPLOAD_LIMITS.fileBytes, 1) }]);
    expect(r.status).toBe(200);
    expect(await sandbox.control.violations()).toEqual([]);
  });

  it('refuses more than 10 files, and attachment:// names Discord does not take', async () => {
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `f${i}.png`, data: png(2, 2) }));
    expect(await post({ content: 'many' }, eleven)).toMatchObject({ status: 400, body: { code: 50035, errors: { files: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } });
    const spaced = await post({ embeds: [{ image: { url: 'attachment://world map.png' } }] }, [{ name: 'world map.png', data: png(2, 2) }]);
    expect(spaced).toMatchObject({ status: 400, body: { code: 50035 } });
    const pdf = await post({ embeds: [{ thumbnail: { url: 'attachment://report.pdf' } }] }, [{ name: 'report.pdf', data: png(2, 2) }]);
    expect(pdf).toMatchObject({ status: 400, body: { code: 50035 } });
    expect((await sandbox.control.violations()).map((v) => v.issues.map((i) => `${i.path} ${i.code}`))).toEqual([
      ['files BASE_TYPE_MAX_LENGTH'],
      ['embeds.0.image.url URL_TYPE_INVALID_ATTACHMENT_NAME'],
      ['embeds.0.thumbnail.url URL_TYPE_INVALID_ATTACHMENT_TYPE'],
    ]);
  });
});
