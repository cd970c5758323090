// The unit test of ensure-test-deps.mjs (vite.config.ts's tests are src's): `npm test` runs it
// with `vitest run -c scripts/ensure-test-deps.vitest.mjs`.
export default { test: { include: ['scripts/ensure-*.test.ts'], environment: 'node' } };
