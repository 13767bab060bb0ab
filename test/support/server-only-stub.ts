// Vitest runs server modules outside Next's RSC bundler, where the real `server-only` would throw.
export {};
