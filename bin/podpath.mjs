#!/usr/bin/env node
// The podpath command. The sources are TypeScript: tsx's loader lets Node import them as they
// are, so there is no build step between editing the engine and running it.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
