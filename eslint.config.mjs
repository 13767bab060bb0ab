import { createTypeScriptImportResolver } from "eslint-import-resolver-typescript";
import importX from "eslint-plugin-import-x";
import { defineConfig, globalIgnores } from "eslint/config";
import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

/**
 * The layers of lib/, lowest first: a folder may import only the folders before it, so arrows run
 * one way and no two folders can depend on each other (docs/architecture.md explains each layer).
 */
export const LIB_LAYERS = [
  "lib/shared",
  "lib/demo",
  "lib/security",
  "lib/events",
  "lib/config",
  "lib/query",
  "lib/facets",
  "lib/aws",
  "lib/accounts",
  "lib/trail-files",
  "lib/store",
  "lib/sources/history",
  "lib/sources/archive",
  "lib/sync",
  "lib/export",
  "lib/views",
  "lib/insights",
  "lib/trails",
  "lib/integrity",
  "lib/investigate",
  "lib/cross-account",
];

/** What the emulator may use of the app: it plays AWS, so it shares only file formats and demo facts. */
const EMULATOR_MAY_IMPORT = [
  "lib/shared",
  "lib/events/resource-types.ts",
  "lib/demo",
  "lib/trail-files/keys.ts",
  "lib/trail-files/local-store.ts",
  "lib/integrity/signing.ts",
];

const layerZones = LIB_LAYERS.slice(0, -1).map((layer, index) => ({
  target: `./${layer}`,
  from: LIB_LAYERS.slice(index + 1).map((l) => `./${l}`),
  message: `${layer} sits below these folders (LIB_LAYERS in eslint.config.mjs): move the shared piece down instead.`,
}));

export const BOUNDARY_ZONES = [
  ...layerZones,
  {
    target: "./lib",
    from: ["./app", "./components", "./emulator", "./scripts", "./e2e", "./test"],
    message:
      "lib/ is the app's core: it never imports routes, components, the emulator, scripts or test support.",
  },
  {
    target: ["./app", "./components"],
    from: ["./emulator", "./scripts", "./e2e", "./test"],
    message: "The app reaches the emulator only over HTTP (through the AWS SDK), never by import.",
  },
  { target: "./components", from: "./app", message: "Components never import routes." },
  {
    target: "./emulator",
    from: ["./app", "./components", "./scripts", "./e2e", "./lib"],
    except: EMULATOR_MAY_IMPORT.filter((p) => p.startsWith("lib/")).map((p) => `./${p.slice("lib/".length)}`),
    message: `The emulator is its own program: of the app it may import only ${EMULATOR_MAY_IMPORT.join(", ")}.`,
  },
];

export default defineConfig([
  ...nextVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { "import-x": importX },
    settings: {
      // The TypeScript preset's parser and extension settings: without them no-cycle cannot read .ts files.
      ...importX.flatConfigs.typescript.settings,
      "import-x/resolver-next": [createTypeScriptImportResolver({ project: "./tsconfig.json" })],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    // Tests may reach across layers: an integration test of lib/query starts the emulator.
    ignores: ["**/*.test.ts", "**/*.test.tsx", "e2e/**", "test/**"],
    plugins: { "import-x": importX },
    rules: { "import-x/no-restricted-paths": ["error", { zones: BOUNDARY_ZONES }] },
  },
  globalIgnores([
    ".next/**",
    ".next-*/**",
    "out/**",
    "build/**",
    "next-env.d.ts",
    "test-results/**",
    "playwright-report/**",
    ".data/**",
  ]),
]);
