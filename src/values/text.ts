/** Checks on free text that ends up in a certificate or is compared with one. */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why `text` cannot be written as UTF-8 text, or null: a NUL (C APIs, OpenSSL's included, cut the
 * value there: the classic name-truncation attack) or a lone surrogate (not Unicode: UTF-8 has no
 * encoding for it, and encoders silently write U+FFFD instead).
 */
export function textProblem(text: string): string | null {
  if (text.includes('\0')) return 'contains a NUL character';
  if (LONE_SURROGATE.test(text)) return 'contains a lone surrogate (not Unicode text)';
  return null;
}
