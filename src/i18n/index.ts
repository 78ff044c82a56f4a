export { LANGS, DEFAULT_LANG, langOfLocale, isLang, postLanguage, type Lang } from './languages';
export { translator, hasKey, type T } from './translate';
export { renderMessage } from './message';
