import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The server serves the built app at /admin (packages/server/src/api/admin-ui.ts); `npm run dev`
// proxies the API to a node on localhost:8080.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // react-admin + MUI + recharts make one large but cacheable bundle; split the big libraries.
    chunkSizeWarningLimit: 2000,
  },
  server: {
    proxy: {
      '/api': 'http://localhost:8080',
      '/health': 'http://localhost:8080',
    },
  },
});
