// Actions that need a bridge's help (display power, voice): a bridge offers
// the capability; without it, those actions are refused with the reason.
import type { Action } from './vocabulary.js';
import { ActionError } from './errors.js';

/** What a capability's owner (a bridge) does for its actions. */
export type CapabilityHandler = (a: Action, screen: string) => void | Promise<void>;
export type Capability = 'display-power' | 'voice';

const CAPABILITY_OF: Partial<Record<Action['action'], { capability: Capability; missing: string }>> = {
  wake: { capability: 'display-power', missing: 'no display power backend' },
  sleep: { capability: 'display-power', missing: 'no display power backend' },
  'keep-awake': { capability: 'display-power', missing: 'no display power backend' },
  listen: { capability: 'voice', missing: 'voice not configured' },
  mute: { capability: 'voice', missing: 'voice not configured' },
  unmute: { capability: 'voice', missing: 'voice not configured' },
};

export class Capabilities {
  private readonly offered = new Map<Capability, { owner: string; handler: CapabilityHandler }>();

  /** A bridge offers a capability; returns the withdrawal (which withdraws only its own offer). */
  offer(capability: Capability, owner: string, handler: CapabilityHandler): () => void {
    this.offered.set(capability, { owner, handler });
    return () => {
      if (this.offered.get(capability)?.owner === owner) this.offered.delete(capability);
    };
  }

  has(capability: Capability): boolean {
    return this.offered.has(capability);
  }

  /** Refuses (409) an action whose capability nobody offers. */
  check(a: Action): void {
    const cap = CAPABILITY_OF[a.action];
    if (cap && !this.offered.has(cap.capability)) throw new ActionError(409, cap.missing);
  }

  /** Has the owner do the action (check() has passed). */
  async run(capability: Capability, a: Action): Promise<void> {
    await this.offered.get(capability)!.handler(a, a.screen);
  }
}
