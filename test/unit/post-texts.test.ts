// Every milestone the reminders, the digest and the calendar name has its title, heading and
// what-to-do in both languages; the post language follows the setting, else the locale.
import { describe, expect, it } from 'vitest';
import { MILESTONES } from '../../src/calendar/milestones';
import { hasKey, LANGS, postLanguage } from '../../src/i18n';

describe('post texts', () => {
  it('name every milestone in both languages', () => {
    for (const lang of LANGS) {
      for (const m of MILESTONES) for (const part of ['title', 'heading', 'action']) expect(hasKey(`posts:milestones.${m.key}.${part}`, lang), `${lang} ${m.key}.${part}`).toBe(true);
    }
  });

  it('are in the language set, else the preferred locale’s', () => {
    expect(postLanguage('en', 'es-419')).toBe('en');
    expect(postLanguage('es', 'en-US')).toBe('es');
    expect(postLanguage(null, 'es-419')).toBe('es');
    expect(postLanguage(null, 'es-ES')).toBe('es');
    expect(postLanguage(undefined, 'pt-BR')).toBe('en');
    expect(postLanguage('fr', null)).toBe('en');
  });
});
