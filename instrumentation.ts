/** Runs once when the server starts; the checks live in a Node-only module (the Edge runtime has no process.exit). */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') await import('./instrumentation-node');
}
