// The fonts pictures are drawn with: Noto Sans, regular and bold, from its npm package, so text
// looks the same on every machine and no system font is read.
//
// resvg reads a font file again for every text element it lays out: a chart with about thirty
// labels spent ~30 ms reading the two 630 KB files. A subset with the Latin scripts (about 80 KB
// each) takes a third of that. It is made once, with harfbuzz's subsetter (subset-font), into the
// system's temporary folder under a name that changes with the source fonts and the character
// set, so every render process after the first finds it there. A picture whose words need a
// character outside the subset (a theme typed in Cyrillic, say) is drawn with the full fonts.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const require = createRequire(import.meta.url);
export const FULL_FONTS = [
  require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf'),
  require.resolve('@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf'),
] as const;

/** Basic Latin, Latin-1, Latin Extended-A and -B, general punctuation (… — • “ ”), currency signs, arrows. */
const SUBSET_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x20, 0x7e],
  [0xa0, 0x24f],
  [0x2000, 0x206f],
  [0x20a0, 0x20cf],
  [0x2190, 0x21ff],
];

const inSubset = (cp: number) => SUBSET_RANGES.some(([a, b]) => cp >= a && cp <= b);

let subsetFiles: string[] | undefined;

/** Whether every character of `words` can be drawn with the subset. */
export function subsetCovers(words: string): boolean {
  for (const ch of words) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x20 && !inSubset(cp)) return false;
  }
  return true;
}

/**
 * Makes the subset fonts, or finds them made by an earlier process; until this has resolved
 * (or if it failed), pictures use the full fonts.
 */
export async function prepareSubsetFonts(dir = join(tmpdir(), 'upr-bot-fonts')): Promise<string[]> {
  const sources = FULL_FONTS.map((file) => readFileSync(file));
  const key = createHash('sha256');
  for (const s of sources) key.update(s);
  key.update(JSON.stringify(SUBSET_RANGES));
  const tag = key.digest('hex').slice(0, 16);
  const files = FULL_FONTS.map((file) => join(dir, `${tag}-${basename(file)}`));
  if (!files.every((f) => existsSync(f))) {
    const { default: subsetFont } = await import('subset-font');
    let chars = '';
    for (const [a, b] of SUBSET_RANGES) for (let cp = a; cp <= b; cp++) chars += String.fromCodePoint(cp);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < files.length; i++) {
      const data = await subsetFont(sources[i]!, chars, { targetFormat: 'sfnt' });
      // Written whole, then renamed: another process never reads half a font.
      const part = `${files[i]}.${process.pid}.part`;
      writeFileSync(part, data);
      renameSync(part, files[i]!);
    }
  }
  subsetFiles = files;
  return files;
}

/** The font files to draw `words` with: the subset when it is ready and covers them, else the full fonts. */
export function fontFilesFor(words: string): string[] {
  return subsetFiles && subsetCovers(words) ? subsetFiles : [...FULL_FONTS];
}
