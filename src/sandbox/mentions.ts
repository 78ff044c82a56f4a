/**
 * Who a message pings, decided as Discord decides it: mentions written in the content (or in the
 * text of a components-v2 message), filtered by `allowed_mentions` (or the defaults of the way it
 * was sent), a role only when it is mentionable or the author has Mention Everyone, @everyone and
 * @here only with Mention Everyone.
 */

export interface Mentions {
  users: string[];
  roles: string[];
  everyone: boolean;
}

export interface MentionContext {
  /** The request's `allowed_mentions`; undefined or null: the defaults. */
  allowed: unknown;
  /** Channel messages parse everything by default; interaction replies and webhooks only users. */
  defaults: 'all' | 'users';
  /** Whether a user id is a user Discord knows. */
  isUser: (id: string) => boolean;
  /** Whether a role of the message's guild may be pinged by the author (undefined: no such role). */
  rolePingable: (id: string) => boolean | undefined;
  /** The author's Mention Everyone permission in the channel. */
  mentionEveryone: boolean;
}

const USER = /<@!?(\d{15,21})>/g;
const ROLE = /<@&(\d{15,21})>/g;
const EVERYONE = /@(?:everyone|here)\b/;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const ids = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const unique = (list: string[]) => [...new Set(list)];

/** The text Discord reads mentions from: the content, and the text displays of a components-v2 message. */
export function mentionText(content: string, components: unknown[], componentsV2: boolean): string {
  if (!componentsV2) return content;
  const texts: string[] = [];
  const walk = (c: unknown) => {
    if (!isObj(c)) return;
    if (c.type === 10 && typeof c.content === 'string') texts.push(c.content);
    for (const key of ['components', 'accessory', 'component']) {
      const nested = c[key];
      (Array.isArray(nested) ? nested : [nested]).forEach(walk);
    }
  };
  components.forEach(walk);
  return texts.join('\n');
}

export function resolveMentions(text: string, ctx: MentionContext): Mentions {
  const allowed = isObj(ctx.allowed) ? ctx.allowed : undefined;
  const parse = new Set(allowed ? ids(allowed.parse) : ctx.defaults === 'all' ? ['users', 'roles', 'everyone'] : ['users']);
  const allowedUsers = new Set(allowed ? ids(allowed.users) : []);
  const allowedRoles = new Set(allowed ? ids(allowed.roles) : []);
  const users = unique([...text.matchAll(USER)].map((m) => m[1] ?? '')).filter(
    (id) => (parse.has('users') || allowedUsers.has(id)) && ctx.isUser(id),
  );
  const roles = unique([...text.matchAll(ROLE)].map((m) => m[1] ?? '')).filter(
    (id) => (parse.has('roles') || allowedRoles.has(id)) && ctx.rolePingable(id) === true,
  );
  const everyone = parse.has('everyone') && ctx.mentionEveryone && EVERYONE.test(text);
  return { users, roles, everyone };
}
