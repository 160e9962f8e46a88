import { defineConfig, type Options } from 'tsup';

/** Public entries, one per row of API.md's entry-point table (plus the CLI). */
const libraries = {
  index: 'src/index.ts',
  node: 'src/node/index.ts',
  redis: 'src/redis/index.ts',
  script: 'src/script/index.ts',
  emulator: 'src/emulator/index.ts',
};

const shared: Options = {
  target: 'node20',
  sourcemap: true,
  splitting: false,
  treeshake: true,
};

export default defineConfig([
  // ESM: every dependency stays external. The CLI is ESM only.
  { ...shared, entry: { ...libraries, 'cli/main': 'src/cli/main.ts' }, format: ['esm'], dts: true, clean: true },
  // CommonJS: p-retry and jose are ESM-only, so they are bundled in (see DEPENDENCIES.md).
  { ...shared, entry: libraries, format: ['cjs'], dts: true, noExternal: ['p-retry', 'jose', 'is-network-error'] },
]);
