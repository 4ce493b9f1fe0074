import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // No X-Powered-By header: it tells an attacker the framework and version for nothing.
  poweredByHeader: false,
  // .next/standalone: server files and only the node_modules files they use (traced), for the container image
  // (Containerfile, scripts/image/). `npm start` (server.mjs from the project root) runs the same build.
  // The catalog, config/ and public/ are not traced (read from paths the environment names at run time):
  // scripts/image/assemble-context.sh adds them to the image.
  output: 'standalone',
  // Loaded from node_modules, not bundled: native code (better-sqlite3) and module-level state (prom-client's registry, the pg pool).
  serverExternalPackages: ['prom-client', 'better-sqlite3', 'pg', 'kysely', '@kubernetes/client-node'],
  // forbidden(): a page the role may not see answers 403 with app/forbidden.tsx, not a redirect.
  experimental: { authInterrupts: true },
};

export default nextConfig;
