/** `npm run serve`: the JSON API on http://localhost:3000 (PORT and HOST may be set). */
import { coreServices, createApp } from './app.js';

const port = Number(process.env['PORT'] ?? 3000);
const host = process.env['HOST'] ?? '127.0.0.1';
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  process.stderr.write(`conference-challenges: PORT must be a port number, not "${process.env['PORT'] ?? ''}"\n`);
  process.exit(2);
}

const app = await createApp({
  services: coreServices(),
  logger: { level: process.env['LOG_LEVEL'] ?? 'info', redact: ['req.headers.authorization', 'req.headers.cookie'] },
});
await app.listen({ port, host });
process.stdout.write(`Conference Challenges API on http://localhost:${String(port)} (OpenAPI at /api/openapi.json)\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
