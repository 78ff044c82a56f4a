/** Shapes of the control API's requests and answers (shared by the server and SandboxControl). */
import type { RequestLogEntry } from './state';

/** Where a control call happens: ids or names; default the first guild, its #advocacy, user admin. */
export interface Where {
  guild?: string;
  channel?: string;
  user?: string;
}

/** The user's Discord locale for one interaction (e.g. "es-419"); default: the user's own. */
export interface AsLocale {
  locale?: string;
}

export interface AttachmentSpec {
  filename: string;
  contentType?: string;
  /** The file's text */
  content?: string;
  /** or its bytes in base64 */
  base64?: string;
}

export interface RunRequest extends Where, AsLocale {
  /** As typed in Discord: "/upr add state:Belarus date:2025-11-03" */
  command: string;
  /** Attachment options by name. */
  attachments?: Record<string, AttachmentSpec>;
  /** How long to wait for the reply in all (deferred replies included); default limits.replyWaitMs. */
  waitMs?: number;
  /** After the reply, keep collecting follow-ups for this long. */
  settleMs?: number;
}

export interface AutocompleteRequest extends Where, AsLocale {
  command: string;
  /** The option being typed; default the last one written. */
  focused?: string;
}

export interface ClickRequest extends AsLocale {
  /** Id of the message that carries the component. */
  message: string;
  customId: string;
  /** Select menus: the chosen values (user/role/channel selects take ids or names). */
  values?: string[];
  user?: string;
  waitMs?: number;
  settleMs?: number;
}

export interface ModalSubmitRequest {
  /** Id of the interaction the bot answered with a modal. */
  interaction: string;
  /** Text input values by custom_id. */
  fields: Record<string, string>;
  waitMs?: number;
  settleMs?: number;
}

export interface MessageSummary {
  id: string;
  channelId: string;
  guildId: string | null;
  content: string;
  embeds: unknown[];
  components: unknown[];
  flags: number;
  ephemeral: boolean;
  nonce: string | number | null;
  enforceNonce: boolean;
  allowedMentions: unknown;
  /** Who the message pings, as Discord fills mentions / mention_roles / mention_everyone. */
  mentions: string[];
  mentionRoles: string[];
  mentionEveryone: boolean;
  attachments: { id: string; filename: string; size: number; contentType: string | null; url: string; description?: string }[];
  timestamp: string;
  botTime: string;
  editedTimestamp: string | null;
  via: 'channel' | 'interaction' | 'followup';
  interactionId: string | null;
}

export type ReplyType = 'reply' | 'deferred' | 'deferred-update' | 'update' | 'autocomplete' | 'modal' | 'none';

export interface ReplyResult {
  /** false: no usable answer (not connected, no callback in time, refused callback...) */
  ok: boolean;
  /** HTTP status of the control call (400/403 when Discord's client would not send the command). */
  status: number;
  error?: string;
  type: ReplyType;
  interactionId: string | null;
  content: string | null;
  embeds: unknown[];
  components: unknown[];
  ephemeral: boolean;
  messageId: string | null;
  message: MessageSummary | null;
  followUps: MessageSummary[];
  /** Autocomplete answers */
  choices?: { name: string; value: string | number }[];
  /** The modal the bot opened */
  modal?: unknown;
  /** Callbacks Discord refused (after the deadline, twice). */
  refused?: { at: number; code: number; message: string }[];
  elapsedMs: number;
}

export interface AutocompleteResult {
  ok: boolean;
  status: number;
  error?: string;
  choices: { name: string; value: string | number }[];
  elapsedMs: number;
}

export interface ClockState {
  now: string;
  offsetMs: number;
  hooks: number;
}

/** One request the sandbox answered, as GET /_sandbox/requests lists it. */
export type RequestEntry = RequestLogEntry;

export interface ViolationEntry {
  at: string;
  method: string;
  path: string;
  body: unknown;
  issues: { path: string; code: string; message: string; source: 'openapi' | 'limits' }[];
  status: number;
  code: number;
}

/** A reply that did not come: no message, only the status and why. */
export function noReply(status: number, error: string, elapsedMs = 0): ReplyResult {
  return {
    ok: false,
    status,
    error,
    type: 'none',
    interactionId: null,
    content: null,
    embeds: [],
    components: [],
    ephemeral: false,
    messageId: null,
    message: null,
    followUps: [],
    elapsedMs,
  };
}
