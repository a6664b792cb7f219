// A bridge's view of the process port: its children are named after it, and
// whatever it left running is stopped when it stops (as its bus listeners are).
import type { ChildHandle, ChildHealth, ProcessPort } from './types.js';

export interface ScopedProcesses extends ProcessPort {
  /** Stops every child this owner spawned that is still alive. */
  dispose(): Promise<void>;
}

export function scopeProcesses(port: ProcessPort, owner: string): ScopedProcesses {
  const mine = new Set<ChildHandle>();
  const prefix = `${owner}:`;
  return {
    spawn(spec, events) {
      const handle = port.spawn({ ...spec, name: spec.name.startsWith(prefix) ? spec.name : prefix + spec.name }, events);
      mine.add(handle);
      return {
        name: handle.name,
        health: () => handle.health(),
        write: (d) => handle.write(d),
        restart: (reason) => handle.restart(reason),
        stop: async () => {
          mine.delete(handle);
          await handle.stop();
        },
      };
    },
    list(): ChildHealth[] {
      return port.list().filter((h) => h.name.startsWith(prefix));
    },
    async dispose() {
      const left = [...mine];
      mine.clear();
      await Promise.all(left.map((h) => h.stop().catch(() => undefined)));
    },
  };
}
