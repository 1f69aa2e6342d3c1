/** certgen's version; part of every set's freshness stamp, so a new version rebuilds. */
export const VERSION = '0.1.0';
