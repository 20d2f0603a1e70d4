#!/usr/bin/env node
// `npx star <command>`: runs the TypeScript CLI through tsx, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../cli.ts');
await main();
