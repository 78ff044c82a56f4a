export type { State, RegionalGroup } from './registry.js';
export { normalise, resolveState, searchStates, getState, allStates, stateName, type ResolveResult } from './resolve.js';
