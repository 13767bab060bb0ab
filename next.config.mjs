/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Lets parallel builds (developers, CI checks) use separate folders.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  poweredByHeader: false,
  // Server-only packages loaded from node_modules rather than bundled: the AWS SDK is large, and
  // DuckDB is a native binding.
  serverExternalPackages: [
    "@duckdb/node-api",
    "@aws-sdk/client-cloudtrail",
    "@aws-sdk/client-organizations",
    "@aws-sdk/client-s3",
    "@aws-sdk/client-sts",
    "@aws-sdk/credential-providers",
    // The event store's DuckDB loads a native addon per platform, which a bundle cannot hold.
    "@duckdb/node-api",
  ],
};

export default nextConfig;
