import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // No X-Powered-By header: it tells an attacker the framework and version for nothing.
  poweredByHeader: false,
  // prom-client is server-side only and must not be bundled into route handlers twice.
  serverExternalPackages: ['prom-client'],
};

export default nextConfig;
