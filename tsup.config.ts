import { defineConfig, type Options } from 'tsup';

/** Public entries, one per row of API.md's entry-point table (plus the CLI). */
const entry = {
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  redis: 'src/redis/index.ts',
  script: 'src/script/index.ts',
  emulator: 'src/emulator/index.ts',
  'cli/main': 'src/cli/main.ts',
};

const shared: Options = {
  entry,
  target: 'node20',
  sourcemap: true,
  splitting: false,
  treeshake: true,
};

export default defineConfig([
  // ESM: every dependency stays external.
  { ...shared, format: ['esm'], dts: true, clean: true },
  // CommonJS: p-retry and jose are ESM-only, so they are bundled in (see DEPENDENCIES.md).
  { ...shared, format: ['cjs'], dts: true, noExternal: ['p-retry', 'jose', 'is-network-error'] },
]);
