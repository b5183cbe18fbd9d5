// File: web/vite.config.ts
// Dev server proxies /api to a running `sakimori serve` (SAKIMORI_API, default
// http://127.0.0.1:8080); the build goes to dist/ for `sakimori serve --static web/dist`.
import { defineConfig } from 'vite';

export default defineConfig({
  server: { proxy: { '/api': { target: process.env.SAKIMORI_API ?? 'http://127.0.0.1:8080', changeOrigin: false } } },
  build: { outDir: 'dist', chunkSizeWarningLimit: 2000 },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
