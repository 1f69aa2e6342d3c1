/**
 * Finds a key repeated within one JSON object, which JSON.parse silently resolves to the last. A
 * single pass over text JSON.parse has already accepted: for a 10,000-certificate template it takes
 * milliseconds, where reading the text with the YAML parser (which also finds duplicates) took
 * about a second and its whole document tree in memory.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;

/** The first repeated key (decoded) and the offset of its opening quote, or null. `text` must be valid JSON. */
export function firstDuplicateKey(text: string): { key: string; offset: number } | null {
  // One entry per open container: the keys seen so far in an object, null for an array.
  const open: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      for (let d = text.charCodeAt(end); d !== QUOTE; d = text.charCodeAt(++end)) {
        if (d === BACKSLASH) {
          escaped = true;
          end++;
        }
      }
      if (expectKey) {
        // "a" and "\u0061" are the same key: decode only when there is an escape.
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        const keys = open[open.length - 1]!;
        if (keys.has(key)) return { key, offset: i };
        keys.add(key);
        expectKey = false;
      }
      i = end;
    } else if (c === OPEN_OBJECT) {
      open.push(new Set());
      expectKey = true;
    } else if (c === OPEN_ARRAY) {
      open.push(null);
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      open.pop();
    } else if (c === COMMA) {
      expectKey = open[open.length - 1] != null;
    }
  }
  return null;
}
