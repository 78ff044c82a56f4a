// What the bot tells an English reader: services say catalog messages, translated where shown;
// tests of services read them in English, as a reader would.
import { isDomainError, type Text } from '../../src/domain-error';
import { renderMessage, translator } from '../../src/i18n';

const en = translator('en');

/** A catalog message (or plain text) in English. */
export const inEnglish = (text: Text): string => renderMessage(text, en);

/** The English text of the DomainError that `work` is refused with; fails when it is not refused so. */
export async function refusal(work: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (err) {
    if (isDomainError(err)) return inEnglish(err.text);
    throw err;
  }
  throw new Error('expected a DomainError, but the work succeeded');
}
