/**
 * The promise `make` gave for `key` the first time the key was asked for, kept in `kept`. A promise
 * that fails is forgotten, so the next caller to ask makes it afresh (and fails as the first did, if
 * nothing changed).
 */
export function onceByKey<T>(kept: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let promise = kept.get(key);
  if (promise === undefined) {
    promise = make();
    kept.set(key, promise);
    promise.catch(() => kept.delete(key));
  }
  return promise;
}
