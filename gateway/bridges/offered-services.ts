// The services bridges need and provide (bridges/services.ts), by name: the
// host's own and those a running bridge provides (withdrawn when it stops).
// A bridge may ask for and offer only what its descriptor declares.
import type { Services } from './services.js';
import type { AnyDescriptor, ServiceName } from './types.js';

type Declares = Pick<AnyDescriptor, 'name' | 'needs' | 'provides'>;

export class OfferedServices {
  private readonly offered = new Map<ServiceName, { value: unknown; by: string }>();

  offer(name: ServiceName, value: unknown, by: string): void {
    this.offered.set(name, { value, by });
  }

  need<K extends ServiceName>(d: Declares, name: K): Services[K] {
    if (!(d.needs ?? []).includes(name)) throw new Error(`bridge "${d.name}" asked for "${name}" without declaring it in needs`);
    const s = this.offered.get(name);
    if (!s) throw new Error(`needs "${name}", which nothing offers right now (its provider is stopped, failed or disabled)`);
    return s.value as Services[K];
  }

  provide(d: Declares, name: ServiceName, value: unknown): void {
    if (!(d.provides ?? []).includes(name)) throw new Error(`bridge "${d.name}" offered "${name}" without declaring it in provides`);
    this.offer(name, value, d.name);
  }

  /** Everything `by` provided goes (it stopped). */
  withdraw(by: string): void {
    for (const [name, s] of this.offered) if (s.by === by) this.offered.delete(name);
  }
}
