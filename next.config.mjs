/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets parallel builds (developers, CI checks) use separate folders.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // The AWS SDK is large and server-only: keep it out of the server bundle and load it from node_modules.
  serverExternalPackages: [
    "@aws-sdk/client-cloudtrail",
    "@aws-sdk/client-s3",
    "@aws-sdk/client-sts",
    "@aws-sdk/credential-providers",
    // The event store's DuckDB loads a native addon per platform, which a bundle cannot hold.
    "@duckdb/node-api",
  ],
};

export default nextConfig;
