export { LANGS, DEFAULT_LANG, langOfLocale, isLang, postLanguage, type Lang } from './languages';
export { translator, hasKey, type T } from './translate';
export { renderMessage } from './message';
export { COMMAND_TEXTS, commandIn, type CommandText, type CommandTexts } from './command-texts';
