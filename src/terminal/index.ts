/**
 * The terminal's interpreter: pure functions from the terminal's state and a typed line to
 * what the screen shows and what changed (the YAML, the shell's place, a request to animate).
 * No UI here; the panel (src/app/Terminal*.tsx) renders it.
 */
export { runCommand } from './shell';
export { complete, type Completion } from './complete';
export { placeOf, promptOf } from './places';
export type { CommandResult, Shell, TerminalState, TrackedFlow, Files, Forward } from './types';
