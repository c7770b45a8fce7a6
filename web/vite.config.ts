import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  resolve: {
    // The contract package exports its TypeScript source under the `source` condition.
    conditions: ['source', ...defaultClientConditions],
  },
  server: {
    port: 5173,
    strictPort: true,
    // The Host header passes through unchanged, so the API's same-origin check accepts the dev server.
    proxy: { '/api': 'http://localhost:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      // The contract's schemas are built with `Type.*` calls at module level. The web app imports only
      // types and a few constants from it; marking the builders pure and TypeBox free of side effects lets
      // the unused schemas, and TypeBox with them, drop out of the bundle. The contract's own modules are
      // declared free of side effects as well: a schema that spreads another's `.properties` or calls a
      // helper such as `Page()` would otherwise keep its whole chain, and TypeBox, in the first page.
      treeshake: {
        manualPureFunctions: ['Type'],
        moduleSideEffects: (id) => !id.includes('/node_modules/typebox/') && !id.includes('/contract/src/'),
      },
    },
  },
});
