/** `npm start`: the service on the embedded database (or DATABASE_URL), until Ctrl-C. */
import { ConfigError } from './config/config.js';
import { DatabaseUnreachableError, MigrationError } from './store/database.js';
import { banner, startService, type RunningService } from './web/server.js';

let service: RunningService;
try {
  service = await startService(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`conference-challenges: cannot start. ${error.problems.join('; ')}. See .env.example.\n`);
    process.exit(2);
  }
  if (error instanceof MigrationError || error instanceof DatabaseUnreachableError) {
    process.stderr.write(`conference-challenges: cannot start. ${error.message}\n`);
    process.exit(1);
  }
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'EADDRINUSE') {
    process.stderr.write('conference-challenges: cannot start. The port is in use; set PORT to another.\n');
    process.exit(1);
  }
  if (code === 'ECONNREFUSED' || code === '28P01' || code === '3D000') {
    process.stderr.write(`conference-challenges: cannot start. The database at DATABASE_URL cannot be reached (${code}).\n`);
    process.exit(1);
  }
  throw error;
}
process.stdout.write(banner(service));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void service.close().then(() => process.exit(0));
  });
}
