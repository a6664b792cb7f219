// A bridge whose module is loaded when it first starts, not when the gateway
// boots: mqtt.js and aedes take ~20 % of start-up to evaluate, and the display
// should be listening before the city link is even tried (first paint aim).
import type { Bridge, BridgeHealth } from './types.js';

export interface LazyBridge<T extends Bridge> extends Bridge {
  /** The real bridge, once it has been loaded. */
  readonly inner: T | null;
}

export function lazyBridge<T extends Bridge>(name: string, load: () => Promise<T>): LazyBridge<T> {
  let inner: T | null = null;
  const wrapper: LazyBridge<T> = {
    name,
    get inner() { return inner; },
    async start() {
      if (!inner) {
        inner = await load();
        // Failures after start go to whoever supervises the wrapper.
        inner.onFailure = (err) => wrapper.onFailure?.(err);
      }
      await inner.start();
    },
    async stop() {
      await inner?.stop();
    },
    health(): BridgeHealth {
      return inner ? inner.health() : { state: 'starting', detail: 'loading' };
    },
  };
  return wrapper;
}
