/**
 * What an instance keeps in memory between requests (SQLite's prepared statements, sessions it has
 * read, cases replayed, My work's counts and pages, pages of the case list, macro renderings) is
 * kept in a Map of bounded size: the newest entry last, and
 * the oldest let go once the map is full. A Map iterates in the order its keys were set, so
 * setting a key again (delete, then set) makes it the newest.
 */

/** Keeps `value` under `key` as the newest entry, letting the oldest go when the map already holds `limit`. */
export function keepBounded<K, V>(map: Map<K, V>, key: K, value: V, limit: number): void {
  map.delete(key);
  if (map.size >= limit) {
    const oldest = map.keys().next();
    if (oldest.done !== true) map.delete(oldest.value);
  }
  map.set(key, value);
}
