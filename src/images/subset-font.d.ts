// The one function of the subset-font package that the fonts use (the package ships no types).
declare module 'subset-font' {
  export default function subsetFont(font: Buffer, text: string, options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2'; noHinting?: boolean }): Promise<Buffer>;
}
