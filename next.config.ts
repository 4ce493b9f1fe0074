import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // No X-Powered-By header: it tells an attacker the framework and version for nothing.
  poweredByHeader: false,
  // .next/standalone: server files and only the node_modules files they use (traced), for the container image
  // (Containerfile, scripts/image/). `npm start` (server.mjs from the project root) runs the same build.
  output: 'standalone',
  // The catalog and configuration are read at run time from paths the environment names (path.resolve(cwd, …)),
  // which the tracer follows into the whole project: sources and tests are not runtime files.
  // scripts/image/assemble-context.sh adds runbooks/, config/ and public/ to the image itself.
  outputFileTracingExcludes: {
    '*': ['./{app,components,lib,e2e,test,sim,scripts,deploy,runbooks,config,public,test-results,data}/**', './*.{ts,mts,mjs,md}', './tsconfig.tsbuildinfo', './package-lock.json'],
  },
  // Loaded from node_modules, not bundled: native code (better-sqlite3) and module-level state (prom-client's registry, the pg pool).
  serverExternalPackages: ['prom-client', 'better-sqlite3', 'pg', 'kysely', '@kubernetes/client-node'],
  // forbidden(): a page the role may not see answers 403 with app/forbidden.tsx, not a redirect.
  experimental: { authInterrupts: true },
};

export default nextConfig;
