/**
 * Text from a file being inspected is the file author's: a subject, a SAN or a PKCS#12 alias may
 * hold terminal escapes (ESC, C1 CSI), bidirectional overrides (U+202E) or invisible characters.
 * Inspect shows them escaped, never raw, in its text and its JSON alike.
 */

/** C0 controls, DEL, C1 controls, zero-width and bidirectional formatting, line/paragraph separators, BOM. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

/** `\x1b`, `\x9b`, `\u202e`: the escapes a JavaScript or C reader knows. */
export function escapeUnsafe(text: string): string {
  return text.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/** RFC 4514 2.4's form for a Name's attribute values: each UTF-8 octet of the character as `\XX`. */
export function escapeUnsafeInName(text: string): string {
  return text.replace(UNSAFE, (c) => [...Buffer.from(c, 'utf8')].map((b) => `\\${hex(b, 2).toUpperCase()}`).join(''));
}
