import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** A module under node_modules whose package path matches one of `names`. */
const packages = (...names: string[]): RegExp =>
  new RegExp(`node_modules[\\\\/](?:${names.join('|')})[\\\\/]`);

// The server serves the built app at /admin (packages/server/src/api/admin-ui.ts); `npm run dev`
// proxies the API to a node on localhost:8080.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The login page's vendor chunk (React DOM, MUI's core, react-admin's shell) is ~830 kB
    // minified, 263 kB gzipped; warn when something grows past that.
    chunkSizeWarningLimit: 1000,
    rolldownOptions: {
      output: {
        // Pages and the dashboard are loaded on first use (src/components/lazy-page.ts). The
        // libraries go in a few long-cached chunks instead of one per react-admin component:
        // what the login page needs (React, MUI's core, react-admin's shell), what only the
        // pages use (lists, forms, inputs), and recharts with its d3/redux helpers (dashboard).
        codeSplitting: {
          // Highest priority first: a group also takes the dependencies of what it captures,
          // so the login page's libraries (React among them) must be claimed before recharts'.
          groups: [
            { name: 'vendor', test: /node_modules/, tags: ['$initial'], priority: 3 },
            {
              name: 'vendor-charts',
              test: packages(
                'recharts',
                'd3-[a-z-]+',
                'victory-vendor',
                '@reduxjs',
                'redux',
                'redux-thunk',
                'react-redux',
                'reselect',
                'immer',
                'decimal\\.js-light',
                'eventemitter3',
                'es-toolkit',
              ),
              priority: 2,
            },
            { name: 'vendor-pages', test: /node_modules/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/health': 'http://localhost:8080',
    },
  },
});
