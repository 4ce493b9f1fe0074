// A bad environment, a bad catalog file or a store that cannot be opened stops the start with a
// message naming the variable, the file (and the path inside it and what is wrong), or the database.
import path from 'node:path';
import { getEnv } from './lib/env';
import { loadConfiguredCatalog } from './lib/catalog/load';
import { openStore } from './lib/server/store/open-store';
// Installs the shutdown that server.mjs runs on SIGTERM (hooks registered by the store, the recorder, leases …).
import './lib/server/shutdown';

try {
  const env = getEnv();
  // server.mjs gives every request its socket's address; `next start` would leave the client address to a
  // header anyone can write (the audit log's addresses and the per-client sign-in throttle depend on it).
  if (process.env.NODE_ENV === 'production' && !('__voicehivePeer' in globalThis)) {
    throw new Error('start the console with `node server.mjs` (npm start), not `next start`: the client address must come from the socket (see server.mjs)');
  }
  // Configuration files are named by the environment and read at run time (turbopackIgnore: the build must not
  // trace the whole project into the standalone output because of them).
  const { sections } = loadConfiguredCatalog(env);
  console.log(`[voicehive-ops] catalog: ${sections.length} runbook sections loaded`);
  const { loadIncidentConfig } = await import('./lib/incidents/config');
  loadIncidentConfig(path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.INCIDENTS_CONFIG));
  const { loadContactsConfig } = await import('./lib/contacts/config');
  loadContactsConfig(path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.CONTACTS_CONFIG), sections.map((s) => s.id));
  const { loadRoutinesConfig, checkLiveAnswers } = await import('./lib/routines/config');
  checkLiveAnswers(loadRoutinesConfig(path.resolve(/*turbopackIgnore: true*/ process.cwd(), env.ROUTINES_CONFIG)), sections);
  // Opening runs the migrations, so the first request never waits for them or finds an old schema.
  const store = await openStore({ databaseUrl: env.DATABASE_URL, sqlitePath: env.STORE_PATH });
  console.log(`[voicehive-ops] store: ${store.engine === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `SQLite at ${env.STORE_PATH}`}, schema up to date`);
  await store.close();
  // Requests by route and status: server.mjs reports each finished response to this observer.
  const { installRequestObserver, loadRoutePatterns } = await import('./lib/server/http-metrics');
  installRequestObserver(loadRoutePatterns());
  // Issue 16: snapshot polls by a recently validated session skip Next's pipeline (server.mjs asks this first).
  const { installFastSections } = await import('./lib/server/fast-sections');
  installFastSections();
  // Background work, once across replicas under a lease in the store (issue 18): approval expiry, runs left by a
  // replica that died, severity transitions for incident timelines (issue 17, once per change, whoever is watching),
  // PMS probes, temporary changes set back (issue 14), acknowledgements kept alive until recovery (issue 17).
  const { startProcessWorker } = await import('./lib/server/background/process-worker');
  startProcessWorker();
} catch (error) {
  console.error(`[voicehive-ops] cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
