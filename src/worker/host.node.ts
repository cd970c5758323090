/**
 * The unit tests' engine host (vite.config.ts aliases `./host` to this file under vitest): the
 * handler in the test's own thread, answering before `post` returns, so a store test reads a
 * build's result right after asking for it, and a test's vi.mock of the engine applies. A test
 * that stubs a Worker gets the page's own host, talking to that worker.
 */
import type { Transport } from './client';
import { engineTransport as pageTransport } from './host.js';
import { localTransport } from './transports';

export const engineTransport = (): Transport => (typeof Worker === 'undefined' ? localTransport() : pageTransport());
