/**
 * Checks every request body the bot sends: first against Discord's own OpenAPI description
 * (the zod schemas of `discord-api-spec`), then against the documented limits those schemas
 * do not carry (2000 characters per message, embed totals, command naming rules...).
 * An issue list that is not empty becomes Discord's 400 answer and a recorded violation.
 */
import * as spec from 'discord-api-spec/zod';
import type { ZodMiniType } from 'zod/mini';
import { commandNameClashes, localizationIssues } from './localization-rules.js';

export interface Issue {
  /** Dotted path into the body, e.g. "embeds.0.title" ('' for the body itself). */
  path: string;
  /** Discord's error code string, e.g. BASE_TYPE_MAX_LENGTH. */
  code: string;
  message: string;
  /** 'openapi' when the schema refused it, 'limits' for the sandbox's added rules. */
  source: 'openapi' | 'limits';
}

/** A message with nothing in it: Discord answers 50006 rather than 50035. */
export const EMPTY_MESSAGE = 'EMPTY_MESSAGE';

/** Discord's documented size limits, kept apart from the bot's own copy so the two cannot drift together. */
export const DOCUMENTED_LIMITS = {
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowButtons: 5,
  customId: 100,
  buttonLabel: 80,
  selectOptions: 25,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandName: 32,
  commandDescription: 100,
  commandOptions: 25,
  commandChoices: 25,
  /** Characters of a whole command: names, descriptions, choice names and values (longest localization). */
  commandTotal: 8000,
  chatInputCommands: 100,
  modalTitle: 45,
  allowedMentionIds: 100,
} as const;

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

// ---------------------------------------------------------------------------------------------
// OpenAPI schemas
// ---------------------------------------------------------------------------------------------

function pathOf(path: readonly PropertyKey[]): string {
  return path.map(String).join('.');
}

interface ZodIssueLike {
  code: string;
  path: readonly PropertyKey[];
  message: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  origin?: string;
  expected?: string;
  input?: unknown;
  values?: unknown[];
  format?: string;
  errors?: ZodIssueLike[][];
}

function fromZod(issue: ZodIssueLike, prefix: readonly PropertyKey[] = []): Issue[] {
  const path = pathOf([...prefix, ...issue.path]);
  const lengthy = issue.origin === 'string' || issue.origin === 'array';
  switch (issue.code) {
    case 'too_big':
      return [
        lengthy
          ? { path, code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${issue.maximum} or fewer in length.`, source: 'openapi' }
          : { path, code: 'NUMBER_TYPE_MAX', message: `Must be less than or equal to ${issue.maximum}.`, source: 'openapi' },
      ];
    case 'too_small':
      return [
        lengthy
          ? { path, code: 'BASE_TYPE_MIN_LENGTH', message: `Must be ${issue.minimum} or more in length.`, source: 'openapi' }
          : { path, code: 'NUMBER_TYPE_MIN', message: `Must be greater than or equal to ${issue.minimum}.`, source: 'openapi' },
      ];
    case 'invalid_type':
      if (issue.input === undefined) return [{ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required', source: 'openapi' }];
      return [
        {
          path,
          code: `BASE_TYPE_${String(issue.expected ?? 'INVALID').toUpperCase()}`,
          message: `Expected ${issue.expected}, got ${JSON.stringify(issue.input)?.slice(0, 60)}.`,
          source: 'openapi',
        },
      ];
    case 'invalid_value':
      return [
        {
          path,
          code: 'BASE_TYPE_CHOICES',
          message: `Value must be one of ${JSON.stringify(issue.values ?? [])}.`,
          source: 'openapi',
        },
      ];
    case 'invalid_format':
      return [
        {
          path,
          code: issue.format === 'url' ? 'URL_TYPE_INVALID_URL' : 'BASE_TYPE_BAD_FORMAT',
          message: issue.format === 'url' ? 'Not a well formed URL.' : `Not a valid ${issue.format}.`,
          source: 'openapi',
        },
      ];
    case 'invalid_union': {
      // Report the branch that came closest (fewest issues), as Discord names the failing field.
      const branches = (issue.errors ?? []).filter((b) => b.length > 0);
      if (branches.length > 0) {
        const best = branches.reduce((a, b) => (b.length < a.length ? b : a));
        return best.flatMap((i) => fromZod(i, [...prefix, ...issue.path]));
      }
      return [{ path, code: 'UNION_TYPE_CHOICES', message: 'Value does not match any allowed shape.', source: 'openapi' }];
    }
    default:
      return [{ path, code: issue.code.toUpperCase(), message: issue.message, source: 'openapi' }];
  }
}

/**
 * Discord's API reads a decimal string where its description says integer (discord.js sends
 * `default_member_permissions: "32"`, Discord's own documentation calls it a string), so such
 * a value is not held against the bot.
 */
function acceptedByDiscord(issue: ZodIssueLike): boolean {
  return (
    issue.code === 'invalid_type' &&
    (issue.expected === 'number' || issue.expected === 'int') &&
    typeof issue.input === 'string' &&
    /^-?\d+$/.test(issue.input)
  );
}

function relevant(issues: ZodIssueLike[]): ZodIssueLike[] {
  return issues.flatMap((issue) => {
    if (acceptedByDiscord(issue)) return [];
    if (issue.code === 'invalid_union' && issue.errors) {
      // A union passes when one branch has nothing left but accepted coercions.
      const branches = issue.errors.map((b) => relevant(b));
      if (branches.some((b) => b.length === 0)) return [];
      return [{ ...issue, errors: branches }];
    }
    return [issue];
  });
}

export function checkSchema(schema: ZodMiniType, body: unknown, prefix: readonly PropertyKey[] = []): Issue[] {
  const result = schema.safeParse(body, { reportInput: true });
  if (result.success) return [];
  return relevant(result.error.issues as unknown as ZodIssueLike[]).flatMap((i) => fromZod(i, prefix));
}

// ---------------------------------------------------------------------------------------------
// Documented limits the schemas miss
// ---------------------------------------------------------------------------------------------

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const limit = (path: string, max: number): Issue => ({
  path,
  code: 'BASE_TYPE_MAX_LENGTH',
  message: `Must be ${max} or fewer in length.`,
  source: 'limits',
});
const required = (path: string): Issue => ({ path, code: 'BASE_TYPE_REQUIRED', message: 'This field is required', source: 'limits' });

function embedIssues(embeds: unknown, base: string): Issue[] {
  if (!Array.isArray(embeds)) return [];
  const issues: Issue[] = [];
  if (embeds.length > DOCUMENTED_LIMITS.embeds) issues.push(limit(base, DOCUMENTED_LIMITS.embeds));
  let total = 0;
  embeds.forEach((e, i) => {
    if (!isObj(e)) return;
    const p = `${base}.${i}`;
    const title = str(e.title);
    const description = str(e.description);
    if (title.length > DOCUMENTED_LIMITS.embedTitle) issues.push(limit(`${p}.title`, DOCUMENTED_LIMITS.embedTitle));
    if (description.length > DOCUMENTED_LIMITS.embedDescription) issues.push(limit(`${p}.description`, DOCUMENTED_LIMITS.embedDescription));
    total += title.length + description.length;
    const footer = isObj(e.footer) ? str(e.footer.text) : '';
    if (isObj(e.footer) && footer.length === 0) issues.push(required(`${p}.footer.text`));
    if (footer.length > DOCUMENTED_LIMITS.footerText) issues.push(limit(`${p}.footer.text`, DOCUMENTED_LIMITS.footerText));
    const author = isObj(e.author) ? str(e.author.name) : '';
    if (isObj(e.author) && author.length === 0) issues.push(required(`${p}.author.name`));
    if (author.length > DOCUMENTED_LIMITS.authorName) issues.push(limit(`${p}.author.name`, DOCUMENTED_LIMITS.authorName));
    total += footer.length + author.length;
    if (Array.isArray(e.fields)) {
      if (e.fields.length > DOCUMENTED_LIMITS.embedFields) issues.push(limit(`${p}.fields`, DOCUMENTED_LIMITS.embedFields));
      e.fields.forEach((f, j) => {
        if (!isObj(f)) return;
        const name = str(f.name);
        const value = str(f.value);
        if (name.length === 0) issues.push(required(`${p}.fields.${j}.name`));
        if (value.length === 0) issues.push(required(`${p}.fields.${j}.value`));
        if (name.length > DOCUMENTED_LIMITS.fieldName) issues.push(limit(`${p}.fields.${j}.name`, DOCUMENTED_LIMITS.fieldName));
        if (value.length > DOCUMENTED_LIMITS.fieldValue) issues.push(limit(`${p}.fields.${j}.value`, DOCUMENTED_LIMITS.fieldValue));
        total += name.length + value.length;
      });
    }
  });
  if (total > DOCUMENTED_LIMITS.embedTotal) {
    issues.push({
      path: base,
      code: 'MAX_EMBED_SIZE_EXCEEDED',
      message: `Embed size exceeds maximum size of ${DOCUMENTED_LIMITS.embedTotal}`,
      source: 'limits',
    });
  }
  return issues;
}

function componentIssues(components: unknown, flags: number, base: string): Issue[] {
  if (!Array.isArray(components)) return [];
  const issues: Issue[] = [];
  const v2 = (flags & (1 << 15)) !== 0;
  const customIds = new Map<string, string>();
  const visit = (c: unknown, p: string) => {
    if (!isObj(c)) return;
    if (typeof c.custom_id === 'string') {
      if (c.custom_id.length > DOCUMENTED_LIMITS.customId) issues.push(limit(`${p}.custom_id`, DOCUMENTED_LIMITS.customId));
      const seen = customIds.get(c.custom_id);
      if (seen) {
        issues.push({
          path: `${p}.custom_id`,
          code: 'COMPONENT_CUSTOM_ID_DUPLICATED',
          message: `Component custom id cannot be duplicated (also at ${seen})`,
          source: 'limits',
        });
      } else customIds.set(c.custom_id, p);
    }
    if (c.type === 2) {
      if (str(c.label).length > DOCUMENTED_LIMITS.buttonLabel) issues.push(limit(`${p}.label`, DOCUMENTED_LIMITS.buttonLabel));
      const link = c.style === 5;
      const premium = c.style === 6;
      if (link && typeof c.url !== 'string') issues.push(required(`${p}.url`));
      if (link && c.custom_id !== undefined) {
        issues.push({ path: `${p}.custom_id`, code: 'BUTTON_LINK_CUSTOM_ID', message: 'A link button cannot have a custom id', source: 'limits' });
      }
      if (!link && !premium && typeof c.custom_id !== 'string') issues.push(required(`${p}.custom_id`));
      if (!link && !premium && c.label === undefined && c.emoji === undefined) issues.push(required(`${p}.label`));
    }
    if (c.type === 3 && Array.isArray(c.options)) {
      if (c.options.length > DOCUMENTED_LIMITS.selectOptions) issues.push(limit(`${p}.options`, DOCUMENTED_LIMITS.selectOptions));
      if (c.options.length === 0) issues.push({ path: `${p}.options`, code: 'BASE_TYPE_MIN_LENGTH', message: 'Must be 1 or more in length.', source: 'limits' });
    }
    if (Array.isArray(c.components)) c.components.forEach((child, i) => visit(child, `${p}.components.${i}`));
    if (isObj(c.accessory)) visit(c.accessory, `${p}.accessory`);
  };
  if (!v2) {
    if (components.length > DOCUMENTED_LIMITS.actionRows) issues.push(limit(base, DOCUMENTED_LIMITS.actionRows));
    components.forEach((row, i) => {
      if (!isObj(row)) return;
      if (row.type !== 1) {
        issues.push({
          path: `${base}.${i}.type`,
          code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
          message: 'Top-level components must be action rows unless the IS_COMPONENTS_V2 flag is set',
          source: 'limits',
        });
        return;
      }
      const children = Array.isArray(row.components) ? row.components : [];
      const selects = children.filter((c) => isObj(c) && c.type !== 2);
      if (children.length > DOCUMENTED_LIMITS.rowButtons) issues.push(limit(`${base}.${i}.components`, DOCUMENTED_LIMITS.rowButtons));
      if (selects.length > 0 && children.length > 1) {
        issues.push({
          path: `${base}.${i}.components`,
          code: 'COMPONENT_LAYOUT_WIDTH_EXCEEDED',
          message: 'A select menu must be alone in its action row',
          source: 'limits',
        });
      }
    });
  }
  components.forEach((c, i) => visit(c, `${base}.${i}`));
  return issues;
}

function hasContent(body: Obj, files: number): boolean {
  return (
    str(body.content).trim().length > 0 ||
    (Array.isArray(body.embeds) && body.embeds.length > 0) ||
    (Array.isArray(body.components) && body.components.length > 0) ||
    (Array.isArray(body.attachments) && body.attachments.length > 0) ||
    (Array.isArray(body.sticker_ids) && body.sticker_ids.length > 0) ||
    isObj(body.poll) ||
    files > 0
  );
}

/** `parse` excludes a list of the same kind; each list holds at most 100 ids. */
function allowedMentionIssues(allowed: unknown, base: string): Issue[] {
  if (!isObj(allowed)) return [];
  const issues: Issue[] = [];
  const parse = Array.isArray(allowed.parse) ? allowed.parse : [];
  for (const kind of ['users', 'roles'] as const) {
    const list = allowed[kind];
    if (!Array.isArray(list)) continue;
    if (list.length > DOCUMENTED_LIMITS.allowedMentionIds) issues.push(limit(`${base}.${kind}`, DOCUMENTED_LIMITS.allowedMentionIds));
    if (list.length > 0 && parse.includes(kind)) {
      issues.push({
        path: base,
        code: 'MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE',
        message: `parse:["${kind}"] and ${kind}: [ids...] are mutually exclusive.`,
        source: 'limits',
      });
    }
  }
  return issues;
}

/** Limits for anything that carries message content (create, edit, interaction reply, webhook). */
export function messageLimitIssues(body: unknown, opts: { create: boolean; files?: number; base?: string } = { create: true }): Issue[] {
  if (!isObj(body)) return [];
  const b = opts.base ? `${opts.base}.` : '';
  const issues: Issue[] = [];
  if (str(body.content).length > DOCUMENTED_LIMITS.content) issues.push(limit(`${b}content`, DOCUMENTED_LIMITS.content));
  issues.push(...embedIssues(body.embeds, `${b}embeds`));
  const flags = typeof body.flags === 'number' ? body.flags : 0;
  issues.push(...componentIssues(body.components, flags, `${b}components`));
  if ((flags & (1 << 15)) !== 0 && (str(body.content).length > 0 || (Array.isArray(body.embeds) && body.embeds.length > 0))) {
    issues.push({
      path: `${b}content`,
      code: 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2',
      message: 'The content and embeds fields cannot be used when the IS_COMPONENTS_V2 flag is set',
      source: 'limits',
    });
  }
  issues.push(...allowedMentionIssues(body.allowed_mentions, `${b}allowed_mentions`));
  if (opts.create && !hasContent(body, opts.files ?? 0)) {
    issues.push({ path: '', code: EMPTY_MESSAGE, message: 'Cannot send an empty message', source: 'limits' });
  }
  return issues;
}

// ---------------------------------------------------------------------------------------------
// Application commands
// ---------------------------------------------------------------------------------------------

function commandNameIssue(name: unknown, path: string, kind: 'Command' | 'Option'): Issue | undefined {
  if (typeof name !== 'string') return undefined; // the schema reports it
  if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    return {
      path,
      code: kind === 'Command' ? 'APPLICATION_COMMAND_INVALID_NAME' : 'APPLICATION_COMMAND_OPTION_INVALID_NAME',
      message: `${kind} name is invalid (lower-case letters, digits, - and _, 1 to 32 characters): ${JSON.stringify(name)}`,
      source: 'limits',
    };
  }
  return undefined;
}

function describedIssue(description: unknown, path: string): Issue | undefined {
  const d = str(description);
  if (d.length < 1) return required(path);
  if (d.length > DOCUMENTED_LIMITS.commandDescription) return limit(path, DOCUMENTED_LIMITS.commandDescription);
  return undefined;
}

/** A field's share of the command size: its longest localization, the default included. */
function counted(value: unknown, localizations: unknown): number {
  const all = isObj(localizations) ? Object.values(localizations).map((v) => str(v).length) : [];
  return Math.max(str(value).length, ...all);
}

function optionIssues(options: unknown, base: string, depth: number): { issues: Issue[]; size: number } {
  const issues: Issue[] = [];
  let size = 0;
  if (!Array.isArray(options)) return { issues, size };
  if (options.length > DOCUMENTED_LIMITS.commandOptions) issues.push(limit(base, DOCUMENTED_LIMITS.commandOptions));
  const names = new Set<string>();
  let seenOptional = false;
  const nesting = options.filter((o) => isObj(o) && (o.type === 1 || o.type === 2)).length;
  if (nesting > 0 && nesting < options.length) {
    issues.push({
      path: base,
      code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID',
      message: 'Sub-commands and sub-command groups cannot be mixed with other options',
      source: 'limits',
    });
  }
  options.forEach((o, i) => {
    if (!isObj(o)) return;
    const p = `${base}.${i}`;
    const nameIssue = commandNameIssue(o.name, `${p}.name`, 'Option');
    if (nameIssue) issues.push(nameIssue);
    if (typeof o.name === 'string') {
      if (names.has(o.name)) {
        issues.push({ path: `${p}.name`, code: 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', message: 'Option names must be unique', source: 'limits' });
      }
      names.add(o.name);
    }
    const descIssue = describedIssue(o.description, `${p}.description`);
    if (descIssue) issues.push(descIssue);
    size += counted(o.name, o.name_localizations) + counted(o.description, o.description_localizations);
    if (o.type === 2 && depth > 0) {
      issues.push({ path: `${p}.type`, code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Sub-command groups cannot be nested', source: 'limits' });
    }
    if (o.type === 1 && depth > 1) {
      issues.push({ path: `${p}.type`, code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'Sub-commands cannot be nested this deep', source: 'limits' });
    }
    if (o.type === 2 && Array.isArray(o.options) && o.options.some((s) => isObj(s) && s.type !== 1)) {
      issues.push({ path: `${p}.options`, code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', message: 'A sub-command group may only hold sub-commands', source: 'limits' });
    }
    if (o.type === 1 || o.type === 2) {
      const nested = optionIssues(o.options, `${p}.options`, depth + 1);
      issues.push(...nested.issues);
      size += nested.size;
      return;
    }
    if (o.required === true && seenOptional) {
      issues.push({
        path: `${p}.required`,
        code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID',
        message: 'Required options must be placed before non-required options',
        source: 'limits',
      });
    }
    if (o.required !== true) seenOptional = true;
    if (Array.isArray(o.choices)) {
      if (o.choices.length > DOCUMENTED_LIMITS.commandChoices) issues.push(limit(`${p}.choices`, DOCUMENTED_LIMITS.commandChoices));
      if (o.autocomplete === true && o.choices.length > 0) {
        issues.push({
          path: `${p}.autocomplete`,
          code: 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID',
          message: 'Autocomplete cannot be set for options that have choices',
          source: 'limits',
        });
      }
      o.choices.forEach((c, j) => {
        if (!isObj(c)) return;
        const cp = `${p}.choices.${j}`;
        const n = str(c.name);
        if (n.length < 1) issues.push(required(`${cp}.name`));
        if (n.length > DOCUMENTED_LIMITS.choiceName) issues.push(limit(`${cp}.name`, DOCUMENTED_LIMITS.choiceName));
        if (o.type === 3) {
          if (typeof c.value !== 'string') issues.push({ path: `${cp}.value`, code: 'BASE_TYPE_STRING', message: 'Must be a string.', source: 'limits' });
          else if (c.value.length > DOCUMENTED_LIMITS.choiceValue) issues.push(limit(`${cp}.value`, DOCUMENTED_LIMITS.choiceValue));
        } else if (o.type === 4 && !Number.isInteger(c.value)) {
          issues.push({ path: `${cp}.value`, code: 'NUMBER_TYPE_COERCE', message: 'Must be an integer.', source: 'limits' });
        } else if (o.type === 10 && typeof c.value !== 'number') {
          issues.push({ path: `${cp}.value`, code: 'NUMBER_TYPE_COERCE', message: 'Must be a number.', source: 'limits' });
        }
        size += counted(c.name, c.name_localizations) + String(c.value ?? '').length;
      });
    }
  });
  return { issues, size };
}

/** Discord's rules for one command definition (POST, or each item of a bulk PUT). */
export function commandLimitIssues(body: unknown, base = ''): Issue[] {
  if (!isObj(body)) return [];
  const b = base ? `${base}.` : '';
  const issues: Issue[] = [];
  const type = typeof body.type === 'number' ? body.type : 1;
  if (type === 1) {
    const nameIssue = commandNameIssue(body.name, `${b}name`, 'Command');
    if (nameIssue) issues.push(nameIssue);
    const descIssue = describedIssue(body.description, `${b}description`);
    if (descIssue) issues.push(descIssue);
    const { issues: optIssues } = optionIssues(body.options, `${b}options`, 0);
    issues.push(...optIssues);
    if (commandSize(body) > DOCUMENTED_LIMITS.commandTotal) {
      issues.push({
        path: base,
        code: 'APPLICATION_COMMAND_TOO_LARGE',
        message: `Command exceeds maximum size (${DOCUMENTED_LIMITS.commandTotal})`,
        source: 'limits',
      });
    }
  } else if (str(body.description).length > 0) {
    issues.push({
      path: `${b}description`,
      code: 'APPLICATION_COMMAND_INVALID_DESCRIPTION',
      message: 'User and message commands cannot have a description',
      source: 'limits',
    });
  }
  issues.push(...localizationIssues(body, base));
  return issues;
}

/**
 * A chat-input command's size as Discord counts it against its 8,000 characters: names,
 * descriptions, choice names and values of the command and everything in it, each field at its
 * longest localization (the default included).
 */
export function commandSize(body: unknown): number {
  if (!isObj(body)) return 0;
  return counted(body.name, body.name_localizations) + counted(body.description, body.description_localizations) + optionIssues(body.options, 'options', 0).size;
}

// ---------------------------------------------------------------------------------------------
// Entry points, one per kind of request
// ---------------------------------------------------------------------------------------------

export function validateMessageCreate(body: unknown, files = 0): Issue[] {
  return [...checkSchema(spec.MessageCreateRequestSchema, body), ...messageLimitIssues(body, { create: true, files })];
}

export function validateMessageEdit(body: unknown): Issue[] {
  return [...checkSchema(spec.MessageEditRequestPartialSchema, body), ...messageLimitIssues(body, { create: false })];
}

export function validateWebhookExecute(body: unknown, files = 0): Issue[] {
  return [...checkSchema(spec.IncomingWebhookRequestPartialSchema, body), ...messageLimitIssues(body, { create: true, files })];
}

export function validateWebhookEdit(body: unknown): Issue[] {
  return [...checkSchema(spec.IncomingWebhookUpdateRequestPartialSchema, body), ...messageLimitIssues(body, { create: false })];
}

export function validateCommandCreate(body: unknown): Issue[] {
  return [...checkSchema(spec.ApplicationCommandCreateRequestSchema, body), ...commandLimitIssues(body)];
}

export function validateCommandEdit(body: unknown): Issue[] {
  return [...checkSchema(spec.ApplicationCommandPatchRequestPartialSchema, body), ...commandLimitIssues({ description: 'x', ...(isObj(body) ? body : {}) })];
}

/**
 * `integration_types` may name only the install types the application supports (set in the
 * Developer Portal); each item of a bulk overwrite is checked under its index.
 */
export function installTypeIssues(body: unknown, supported: readonly number[]): Issue[] {
  const check = (cmd: unknown, base: string): Issue[] => {
    if (!isObj(cmd) || !Array.isArray(cmd.integration_types)) return [];
    return cmd.integration_types.flatMap((t, i) =>
      typeof t === 'number' && !supported.includes(t)
        ? [{
            path: `${base}integration_types.${i}`,
            code: 'APPLICATION_COMMAND_INTEGRATION_TYPE_NOT_SUPPORTED',
            message: `Integration type ${t} is not supported by this application (supported: ${supported.join(', ')})`,
            source: 'limits' as const,
          }]
        : [],
    );
  };
  return Array.isArray(body) ? body.flatMap((cmd, i) => check(cmd, `${i}.`)) : check(body, '');
}

/** A bulk overwrite (PUT): an array of ApplicationCommandUpdateRequest, plus Discord's rules. */
export function validateCommandBulk(body: unknown): Issue[] {
  if (!Array.isArray(body)) {
    return [{ path: '', code: 'BASE_TYPE_ARRAY', message: 'Must be an array.', source: 'openapi' }];
  }
  const issues: Issue[] = [];
  const names = new Map<string, number>();
  let chatInput = 0;
  body.forEach((cmd, i) => {
    issues.push(...checkSchema(spec.ApplicationCommandUpdateRequestSchema, cmd, [i]));
    issues.push(...commandLimitIssues(cmd, String(i)));
    if (isObj(cmd)) {
      const key = `${cmd.type ?? 1}:${str(cmd.name)}`;
      if (names.has(key)) {
        issues.push({
          path: `${i}.name`,
          code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
          message: `Application command names must be unique (same as item ${names.get(key)})`,
          source: 'limits',
        });
      } else names.set(key, i);
      if ((cmd.type ?? 1) === 1) chatInput += 1;
    }
  });
  if (chatInput > DOCUMENTED_LIMITS.chatInputCommands) issues.push(limit('', DOCUMENTED_LIMITS.chatInputCommands));
  issues.push(...commandNameClashes(body));
  return issues;
}

export interface CallbackContext {
  /** The option type being autocompleted (3 string, 4 integer, 10 number). */
  focusedType?: number;
  files?: number;
}

/** An interaction callback body, checked against the schema of its `type`. */
export function validateInteractionCallback(body: unknown, ctx: CallbackContext = {}): Issue[] {
  if (!isObj(body) || typeof body.type !== 'number') {
    return [{ path: 'type', code: 'BASE_TYPE_REQUIRED', message: 'This field is required', source: 'openapi' }];
  }
  const data = body.data;
  switch (body.type) {
    case 1:
      return checkSchema(spec.PongInteractionCallbackRequestSchema, body);
    case 4:
      return [
        ...checkSchema(spec.CreateMessageInteractionCallbackRequestSchema, body),
        ...messageLimitIssues(data ?? {}, { create: true, files: ctx.files, base: 'data' }),
      ];
    case 5:
      return [
        ...checkSchema(spec.CreateMessageInteractionCallbackRequestSchema, body),
        ...messageLimitIssues(data ?? {}, { create: false, base: 'data' }),
      ];
    case 6:
    case 7:
      return [
        ...checkSchema(spec.UpdateMessageInteractionCallbackRequestSchema, body),
        ...messageLimitIssues(data ?? {}, { create: false, base: 'data' }),
      ];
    case 8:
      return [...checkSchema(spec.ApplicationCommandAutocompleteCallbackRequestSchema, body), ...autocompleteIssues(data, ctx)];
    case 9: {
      const issues = checkSchema(spec.ModalInteractionCallbackRequestSchema, body);
      if (isObj(data) && str(data.title).length > DOCUMENTED_LIMITS.modalTitle) issues.push(limit('data.title', DOCUMENTED_LIMITS.modalTitle));
      return issues;
    }
    case 12:
      return checkSchema(spec.LaunchActivityInteractionCallbackRequestSchema, body);
    default:
      return [
        {
          path: 'type',
          code: 'BASE_TYPE_CHOICES',
          message: `Value must be one of (1, 4, 5, 6, 7, 8, 9, 12), got ${body.type}.`,
          source: 'openapi',
        },
      ];
  }
}

function autocompleteIssues(data: unknown, ctx: CallbackContext): Issue[] {
  if (!isObj(data)) return [required('data.choices')];
  const issues: Issue[] = [];
  if (!Array.isArray(data.choices)) return [required('data.choices')];
  if (data.choices.length > DOCUMENTED_LIMITS.autocompleteChoices) issues.push(limit('data.choices', DOCUMENTED_LIMITS.autocompleteChoices));
  data.choices.forEach((c, i) => {
    if (!isObj(c)) return;
    const p = `data.choices.${i}`;
    const n = str(c.name);
    if (n.length < 1) issues.push(required(`${p}.name`));
    if (n.length > DOCUMENTED_LIMITS.choiceName) issues.push(limit(`${p}.name`, DOCUMENTED_LIMITS.choiceName));
    if (typeof c.value === 'string' && c.value.length > DOCUMENTED_LIMITS.choiceValue) issues.push(limit(`${p}.value`, DOCUMENTED_LIMITS.choiceValue));
    const wantString = ctx.focusedType === 3;
    const wantNumber = ctx.focusedType === 4 || ctx.focusedType === 10;
    if ((wantString && typeof c.value !== 'string') || (wantNumber && typeof c.value !== 'number')) {
      issues.push({
        path: `${p}.value`,
        code: 'AUTOCOMPLETE_CHOICE_TYPE_INVALID',
        message: `Choice value must be a ${wantString ? 'string' : 'number'} for this option`,
        source: 'limits',
      });
    }
    if (ctx.focusedType === 4 && typeof c.value === 'number' && !Number.isInteger(c.value)) {
      issues.push({ path: `${p}.value`, code: 'NUMBER_TYPE_COERCE', message: 'Must be an integer.', source: 'limits' });
    }
  });
  return issues;
}

export function validateCreateDm(body: unknown): Issue[] {
  return checkSchema(spec.CreatePrivateChannelRequestSchema, body);
}

/**
 * Discord's `errors` object: issues nested by path, each leaf `{ _errors: [{ code, message }] }`.
 */
export function discordErrorTree(issues: Issue[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const seen = new Set<string>();
  for (const issue of issues) {
    const key = `${issue.path}|${issue.code}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let node = root;
    for (const part of issue.path === '' ? [] : issue.path.split('.')) {
      node = (node[part] ??= {}) as Record<string, unknown>;
    }
    const list = ((node._errors ??= []) as { code: string; message: string }[]);
    list.push({ code: issue.code, message: issue.message });
  }
  return root;
}

/** Drops repeats of the same (path, code), e.g. a schema limit and the sandbox's tighter one. */
export function dedupeIssues(issues: Issue[]): Issue[] {
  const byPath = new Map<string, Issue>();
  for (const issue of issues) {
    const key = `${issue.path}|${issue.code}`;
    const previous = byPath.get(key);
    // Keep the tighter (sandbox) limit message when both report a max length.
    if (!previous || issue.source === 'limits') byPath.set(key, issue);
  }
  return [...byPath.values()];
}
