// One replica's background worker alone in a process of its own, for test/integration/run-sigkill.test.ts: the
// test SIGKILLs it in the middle of following a rollout and starts another. Run with
// `tsx --conditions=react-server test/support/background-worker-process.ts <holder>`; the store, the Kubernetes
// API and the catalog come from the environment, as in the console. The section's evaluation reads ok (this
// test has no Prometheus: recovery judging is covered in recovery-verdict.test.ts).
import { resolveStoredRun } from '../../lib/actions/action-context';
import { getExecutor } from '../../lib/actions/executors';
import { approvalExpiryJob, createBackgroundWorker } from '../../lib/server/background/worker';
import { getStore } from '../../lib/server/store/store';
import type { SectionStatus } from '../../lib/severity/section-status';

const holder = process.argv[2] ?? `worker-${process.pid}`;
const evaluateOk = async (section: { id: string; title: string }): Promise<SectionStatus> => ({ id: section.id, title: section.title, severity: 'ok', signals: [], key: { signalId: 'call-success', name: 'Call success', unit: 'ratio', value: 0.99, series: '' }, sparkline: [], firing: null, firingSince: null, firingSinceBound: null, respondBy: null, evaluatedAt: Date.now(), stale: null, error: null });

const worker = createBackgroundWorker({
  store: getStore,
  holder,
  resolve: (run) => {
    const resolved = resolveStoredRun(run);
    return { resolved, executor: getExecutor(resolved.action.kind) };
  },
  tickMs: 100,
  leaseTtlMs: 1_000,
  runLeaseTtlMs: 1_000,
  adoptGraceMs: 0,
  watchHorizonMs: 10 * 60_000,
  watch: { evaluate: evaluateOk, windowMs: 10 * 60_000, holdMs: 100, pollMs: 100 },
  jobs: [approvalExpiryJob(100)],
});
worker.start();
process.on('SIGTERM', () => {
  void worker.stop(1_000).finally(async () => {
    await (await getStore()).close();
    process.exit(0);
  });
});
console.log(`ready ${holder}`);
