import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

const server = 'http://127.0.0.1:4477';

export default defineConfig({
  base: '/',
  plugins: [solid()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      '/api': server,
      '/health': server,
    },
  },
});
