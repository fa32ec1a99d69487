import path from 'node:path';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

/**
 * Builds the web app into `dist/web`, which the server serves at `/` (src/web/web.ts). Det Fælles
 * Designsystem's CSS, fonts and icons are bundled from the `dkfds` package, so the app loads
 * nothing from another origin.
 */
export default defineConfig({
  root,
  base: '/',
  resolve: {
    // dkfds exports only its script; its stylesheet and images are reached through this alias.
    alias: { '@dkfds': path.join(root, '..', 'node_modules', 'dkfds', 'dist') },
  },
  build: {
    outDir: path.join(root, '..', 'dist', 'web'),
    emptyOutDir: true,
    assetsDir: 'assets',
    // Fonts and icons are files of their own, never inlined into the CSS.
    assetsInlineLimit: 0,
    // GraphiQL's editor (Monaco) is large, but loads only at /graphql, never with the app.
    chunkSizeWarningLimit: 3000,
    rollupOptions: {
      // The app at `/`, and GraphiQL, which the server answers browsers' GET /graphql with.
      input: {
        app: path.join(root, 'index.html'),
        graphiql: path.join(root, 'graphiql.html'),
      },
      onwarn(warning, warn) {
        // react-router marks its modules "use client" for server components; a SPA has none.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE') return;
        warn(warning);
      },
    },
  },
});
