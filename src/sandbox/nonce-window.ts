/**
 * Discord's nonce de-duplication for `enforce_nonce`, as documented: a message created with the
 * same nonce by the same author within the past few minutes is returned instead of a new one.
 * Keyed by author (not by channel), measured on the sandbox clock so that a test can move past
 * the window; its length is the `nonceTtlMs` limit.
 */
export class NonceWindow {
  private readonly seen = new Map<string, { messageId: string; at: number }>();

  private static key(authorId: string, nonce: string | number): string {
    return `${authorId}\u0000${String(nonce)}`;
  }

  remember(authorId: string, nonce: string | number, messageId: string, at: Date): void {
    this.seen.set(NonceWindow.key(authorId, nonce), { messageId, at: at.getTime() });
  }

  /** The id of the author's message with this nonce, while the window holds. */
  find(authorId: string, nonce: string | number, now: Date, windowMs: number): string | undefined {
    const hit = this.seen.get(NonceWindow.key(authorId, nonce));
    return hit && now.getTime() - hit.at <= windowMs ? hit.messageId : undefined;
  }

  clear(): void {
    this.seen.clear();
  }
}
