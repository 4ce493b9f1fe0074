import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // No X-Powered-By header: it tells an attacker the framework and version for nothing.
  poweredByHeader: false,
  // Loaded from node_modules, not bundled: native code (better-sqlite3) and module-level state (prom-client's registry, the pg pool).
  serverExternalPackages: ['prom-client', 'better-sqlite3', 'pg', 'kysely', '@kubernetes/client-node'],
  // forbidden(): a page the role may not see answers 403 with app/forbidden.tsx, not a redirect.
  experimental: { authInterrupts: true },
};

export default nextConfig;
