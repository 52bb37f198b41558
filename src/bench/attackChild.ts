/**
 * The hostile load (hostile.ts) in a process of its own, forked by `npm run bench:api`. In the
 * benchmark's own process it shared autocannon's event loop: writing eight 11 MiB uploads and
 * feeding 200 slow connections there delayed the reads being measured, a cost of the load
 * generator, not of the service. Here it has its own event loop (it still shares the machine's
 * cores, as an attacker's traffic would), and reports the CPU it used, so that its cost is seen.
 * The attack is exactly the same.
 */
import { startAttack } from './hostile.js';
import { isAttackParentMessage, type AttackChildMessage } from './childProtocol.js';

const port = Number(process.env['ATTACK_PORT']);
const maxDocumentBytes = Number(process.env['ATTACK_MAX_DOCUMENT_BYTES']);
if (!Number.isInteger(port) || !Number.isInteger(maxDocumentBytes) || process.send === undefined)
  throw new Error('this script is started by npm run bench:api, with ATTACK_PORT, ATTACK_MAX_DOCUMENT_BYTES and an IPC channel');

const send = (message: AttackChildMessage) => process.send?.(message);
const cpuAtStart = process.cpuUsage();
const startedAt = performance.now();
const attack = startAttack(port, maxDocumentBytes);
let stopping = false;

const stop = async () => {
  if (stopping) return;
  stopping = true;
  const figures = await attack.stop();
  const cpu = process.cpuUsage(cpuAtStart);
  send({ type: 'stopped', figures, cpuMicros: cpu.user + cpu.system, seconds: (performance.now() - startedAt) / 1000 });
  process.disconnect();
  process.exit(0);
};

process.on('message', (message: unknown) => {
  if (isAttackParentMessage(message)) void stop();
});
process.on('disconnect', () => {
  process.exit(0);
});
send({ type: 'started' });
