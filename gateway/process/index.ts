// The process port (types) and its one implementation, for the host to create and hand to bridges.
export type * from './types.js';
export { createProcessSupervisor, type ProcessSupervisor, type ProcessSupervisorOptions, type ProcessSupervisorStats } from './supervisor.js';
export type { GuardKind } from './guard.js';
