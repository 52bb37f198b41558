/** `npm run serve`: the JSON API, configured from the environment (see .env.example). */
import { ConfigError, loadConfig } from '../config/config.js';
import { coreServices, createApp } from './app.js';

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`conference-challenges: cannot start. ${error.problems.join('; ')}. See .env.example.\n`);
    process.exit(2);
  }
  throw error;
}

const app = await createApp({
  services: coreServices(),
  logger: { level: config.logLevel, redact: ['req.headers.authorization', 'req.headers.cookie'] },
});
await app.listen({ port: config.port, host: config.host });
process.stdout.write(`Conference Challenges API on http://localhost:${String(config.port)} (OpenAPI at /api/openapi.json)\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void app.close().then(() => process.exit(0));
  });
}
