/**
 * Queries on the hot path (every request reads a session, a user, a case's newer events), built
 * with Kysely once and compiled once, then run with each call's values. Building and compiling a
 * Kysely query costs more than running a point query on SQLite; this keeps the query builder's
 * checking and dialect handling without paying for it on every request.
 *
 * The query is built with a marker in place of each argument; compiling it shows where each
 * marker landed among the parameters, and each call puts its values there. A builder that
 * transforms an argument (rather than passing it through as a parameter) is refused when prepared.
 *
 * On PostgreSQL such a query also runs as a named server-side prepared statement, so the server
 * parses and plans it once per connection rather than on every call (see database.ts). The names
 * are kept here, by SQL text: a bounded set, since only code builds prepared queries.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';

type Slot = { readonly argument: number } | { readonly constant: unknown };

const statementNames = new Map<string, string>();

/** The server-side statement name for a prepared query's SQL text; undefined for any other SQL. */
export function preparedStatementName(text: string): string | undefined {
  return statementNames.get(text);
}

const marker = (index: number) => `\u0000prepared-argument-${String(index)}\u0000`;

export interface PreparedQuery<Args extends readonly unknown[], Row> {
  /** The compiled SQL, as run every time. */
  readonly sql: string;
  execute(...args: Args): Promise<Row[]>;
  executeTakeFirst(...args: Args): Promise<Row | undefined>;
}

export function prepareQuery<DB, Args extends readonly unknown[], Row>(
  db: Kysely<DB>,
  arity: Args['length'],
  /** Builds the query with each argument's marker where its value goes (typed `never`, so it fits any column). */
  build: (db: Kysely<DB>, ...markers: never[]) => Compilable<Row>,
): PreparedQuery<Args, Row> {
  const markers = Array.from({ length: arity }, (_, index) => marker(index));
  const compiled = build(db, ...(markers as never[])).compile();
  if (!statementNames.has(compiled.sql)) statementNames.set(compiled.sql, `cc_prepared_${String(statementNames.size + 1)}`);
  const slots: Slot[] = compiled.parameters.map((parameter) => {
    const index = markers.indexOf(parameter as string);
    return index === -1 ? { constant: parameter } : { argument: index };
  });
  for (let index = 0; index < arity; index += 1) {
    if (!slots.some((slot) => 'argument' in slot && slot.argument === index)) {
      throw new Error(`prepared query: argument ${String(index)} does not reach the compiled query as a parameter`);
    }
  }
  const run = async (args: Args): Promise<Row[]> => {
    const parameters = slots.map((slot) => ('argument' in slot ? args[slot.argument] : slot.constant));
    const result = await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters));
    return result.rows;
  };
  return {
    sql: compiled.sql,
    execute: (...args) => run(args),
    executeTakeFirst: async (...args) => (await run(args))[0],
  };
}

/**
 * `values` in runs of `size`, for a query compiled with that many markers in an `in` list: the
 * last run filled out by repeating its last value, which an `in` list matches no differently.
 */
export function paddedRuns<T>(values: readonly T[], size: number): T[][] {
  const runs: T[][] = [];
  for (let start = 0; start < values.length; start += size) {
    const run = values.slice(start, start + size);
    const last = run[run.length - 1] as T;
    runs.push(Array.from({ length: size }, (_, index) => (index < run.length ? (run[index] as T) : last)));
  }
  return runs;
}
