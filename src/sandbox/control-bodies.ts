/**
 * The bodies the control API accepts, as zod schemas: a bad body is answered 400 with what was
 * wrong, before anything happens.
 */
import { z } from 'zod';
import type {
  AutocompleteRequest,
  ClickRequest,
  ModalSubmitRequest,
  RunRequest,
} from './control-types.js';
import { ControlError } from './errors.js';
import { DISCORD_LOCALES } from './localization-rules.js';
import type { FaultSpec } from './faults.js';
import type { LimitsPatch } from './state.js';
import { worldAdditionsSchema } from './world-spec.js';

const ref = z.string();
const where = { guild: ref.optional(), channel: ref.optional(), user: ref.optional() };
/** Discord sends a user's locale only from its own list. */
const locale = { locale: z.enum(DISCORD_LOCALES, { error: `"locale" must be a Discord locale: ${DISCORD_LOCALES.join(', ')}` }).optional() };
const waits = { waitMs: z.number().nonnegative().optional(), settleMs: z.number().nonnegative().optional() };

const attachment = z
  .strictObject({
    filename: z.string().min(1),
    contentType: z.string().optional(),
    content: z.string().optional(),
    base64: z.string().optional(),
  })
  .refine((a) => a.content === undefined || a.base64 === undefined, 'give either "content" or "base64", not both');

const command = z.string({ error: '"command" is required, e.g. "/upr add state:Belarus"' });

export const runSchema = z.strictObject({
  ...where,
  ...locale,
  ...waits,
  command,
  attachments: z.record(z.string(), attachment).optional(),
}) satisfies z.ZodType<RunRequest>;

export const autocompleteSchema = z.strictObject({
  ...where,
  ...locale,
  command,
  focused: z.string().optional(),
}) satisfies z.ZodType<AutocompleteRequest>;

export const clickSchema = z.strictObject({
  ...waits,
  ...locale,
  message: z.string({ error: '"message" (the id of the message with the component) is required' }),
  customId: z.string({ error: '"customId" is required' }),
  values: z.array(z.string()).optional(),
  user: ref.optional(),
}) satisfies z.ZodType<ClickRequest>;

export const modalSchema = z.strictObject({
  ...waits,
  interaction: z.string({ error: '"interaction" (the id of the interaction answered with a modal) is required' }),
  fields: z.record(z.string(), z.string()).default({}),
}) satisfies z.ZodType<ModalSubmitRequest>;

export const faultSchema = z.strictObject({
  route: z.string().optional(),
  status: z.number().int().min(100).max(599).optional(),
  code: z.number().int().optional(),
  message: z.string().optional(),
  times: z.number().int().min(-1).optional(),
  retryAfter: z.number().nonnegative().optional(),
  global: z.boolean().optional(),
  delayMs: z.number().nonnegative().optional(),
  phase: z.enum(['before', 'after']).optional(),
  dropGateway: z.boolean().optional(),
  reconnect: z.boolean().optional(),
  invalidSession: z.boolean().optional(),
  resumable: z.boolean().optional(),
}) satisfies z.ZodType<FaultSpec>;

export const clockSchema = z.strictObject({
  now: z.string().optional(),
  advance: z.string().optional(),
});

const window = z.strictObject({ limit: z.number().int().positive().optional(), windowMs: z.number().positive().optional() });
export const limitsSchema = z.strictObject({
  rateLimits: z.boolean().optional(),
  globalPerSecond: z.number().int().positive().optional(),
  channelMessages: window.optional(),
  route: window.optional(),
  interactionDeadlineMs: z.number().nonnegative().optional(),
  interactionTokenTtlMs: z.number().nonnegative().optional(),
  nonceTtlMs: z.number().nonnegative().optional(),
  replyWaitMs: z.number().nonnegative().optional(),
}) satisfies z.ZodType<LimitsPatch>;

export { worldAdditionsSchema };

/** The body read with `schema`, or a 400 that says what was wrong. */
export function parseBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  throw new ControlError(400, `invalid body: ${z.prettifyError(result.error).replace(/\n/g, '; ')}`);
}
