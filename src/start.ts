/**
 * `npm start`: until the web app lands, shows the CLI's help and a sample schedule.
 */
import { main } from './cli/main.js';

const io = {
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
};

const help = await main(['help'], io);
process.stdout.write('\nA sample: Kent, for a conference on Tue 15 Dec 2026 at 10:00\n\n');
const sample = await main(['schedule', '--procedure', 'kent', '--conference', '2026-12-15T10:00'], io);
process.exitCode = help === 0 && sample === 0 ? 0 : 1;
