/** The throwaway PostgreSQL server lives in src/tools so that benchmarks can use it too. */
export { postgresUnavailable, startPostgres, type PostgresServer } from '../../src/tools/throwawayPostgres.js';
