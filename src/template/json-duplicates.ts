/**
 * Duplicate keys in JSON text, which JSON.parse silently resolves to the last one: a duplicated
 * certificate name is a mistake, not an override. A single pass over text JSON.parse has already
 * accepted (so strings are well formed); the YAML parser found the same keys, but reading a
 * 10,000-certificate template with it cost more than building the set's keys.
 */

/** The first key repeated within one object, and the offset of its opening quote; null if none. */
export function firstDuplicateKey(text: string): { readonly key: string; readonly offset: number } | null {
  const objects: (Set<string> | null)[] = []; // the open containers; null for an array
  let keyNext = false; // the next string is a key: just after `{`, or after `,` inside an object
  for (let i = 0; i < text.length; i++) {
    switch (text.charCodeAt(i)) {
      case 0x22: {
        // "
        const start = i;
        let escaped = false;
        for (i++; text.charCodeAt(i) !== 0x22; i++) {
          if (text.charCodeAt(i) === 0x5c) {
            i++; // skip the escaped character (\" included)
            escaped = true;
          }
        }
        const keys = objects[objects.length - 1];
        if (keyNext && keys) {
          const key = escaped ? (JSON.parse(text.slice(start, i + 1)) as string) : text.slice(start + 1, i);
          if (keys.has(key)) return { key, offset: start };
          keys.add(key);
          keyNext = false;
        }
        break;
      }
      case 0x7b: // {
        objects.push(new Set());
        keyNext = true;
        break;
      case 0x5b: // [
        objects.push(null);
        break;
      case 0x7d: // }
      case 0x5d: // ]
        objects.pop();
        break;
      case 0x2c: // ,
        keyNext = objects[objects.length - 1] != null;
        break;
    }
  }
  return null;
}

/** 1-based line and column of `offset` in `text`. */
export function linePosition(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
