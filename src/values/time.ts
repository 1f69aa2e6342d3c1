import { fail, type Where } from './where.js';

const UNIT_MS: Record<string, number> = { s: 1e3, m: 60e3, h: 3600e3, d: 86400e3, w: 7 * 86400e3, y: 365 * 86400e3 };
const DURATION = /^([+-]?)((?:\d+(?:\.\d+)?[smhdwy])+)$/;
// Times must say their zone: a fixture must not depend on the machine's TZ.
const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$/;

/** Parses `-1h`, `30d`, `1y6w` into milliseconds, or returns null when `text` is not a duration. */
export function parseDuration(text: string): number | null {
  const m = DURATION.exec(text.trim());
  if (!m) return null;
  let ms = 0;
  for (const part of m[2]!.matchAll(/(\d+(?:\.\d+)?)([smhdwy])/g)) ms += Number(part[1]) * UNIT_MS[part[2]!]!;
  return m[1] === '-' ? -ms : ms;
}

/** An ISO 8601 time (with zone, or a bare date meaning UTC midnight) or a duration from `epoch`. */
export function parseTime(text: string, epoch: Date, where: Where): Date {
  const duration = parseDuration(text);
  if (duration !== null) return checked(new Date(epoch.getTime() + duration), where);
  if (!ISO.test(text.trim())) {
    fail(where, `"${text}" is neither an ISO 8601 time with a zone (2026-01-01T00:00:00Z) nor a duration (-1h, 30d, 2y)`);
  }
  const date = new Date(text.trim());
  // V8 rolls 2026-02-30 over to March 2 instead of refusing it.
  const [y, m, d] = text.trim().slice(0, 10).split('-').map(Number) as [number, number, number];
  if (Number.isNaN(date.getTime()) || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) fail(where, `"${text}" is not a valid date`);
  return checked(date, where);
}

/**
 * Only times X.509 can encode are accepted: years 0001-9999 (RFC 5280 4.1.2.5: UTCTime for
 * 1950-2049, GeneralizedTime before and after).
 */
function checked(date: Date, where: Where): Date {
  const t = date.getTime();
  if (Number.isNaN(t) || date.getUTCFullYear() < 1 || date.getUTCFullYear() > 9999) {
    fail(where, 'time out of the range X.509 can encode (years 0001 to 9999)');
  }
  // X.509 times have whole seconds (milliseconds break OpenSSL, Go and Python).
  return new Date(Math.floor(t / 1000) * 1000);
}

/** ISO 8601 without milliseconds: X.509 times have whole seconds. */
export const isoSeconds = (d: Date): string => {
  const iso = d.toISOString(); // always ends in .sssZ
  return `${iso.slice(0, -5)}Z`;
};
