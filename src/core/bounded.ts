/**
 * What an instance keeps in memory between requests (SQLite's prepared statements, sessions it has
 * read, cases replayed, My work's counts and pages, pages of the case list, macro renderings) is
 * kept in a Map of bounded size: the newest entry last, and
 * the oldest let go once the map is full. A Map iterates in the order its keys were set, so
 * setting a key again (delete, then set) makes it the newest.
 *
 * What is made from something kept (the items and table rows made from a kept page of rows) is
 * kept by that thing in a WeakMap instead: it lives exactly as long as what it was made from.
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

/** What `make` makes of `key`: made the first time it is asked for, and kept for as long as `key` lives. */
export function madeOnce<K extends object, V>(kept: WeakMap<K, V>, key: K, make: (key: K) => V): V {
  let value = kept.get(key);
  if (value === undefined) {
    value = make(key);
    kept.set(key, value);
  }
  return value;
}
