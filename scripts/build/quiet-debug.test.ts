import { describe, expect, it } from 'vitest';
import { QUIET_DEBUG } from './quiet-debug.js';

/** Runs the module as the bundle would: CommonJS, with `require('debug')` answering `real`. */
function load(env: Record<string, string>, real: unknown): { exports: unknown; required: string[] } {
  const module = { exports: {} as unknown };
  const required: string[] = [];
  new Function('module', 'require', 'process', QUIET_DEBUG)(module, (id: string) => { required.push(id); return real; }, { env });
  return { exports: module.exports, required };
}

type Logger = ((...args: unknown[]) => unknown) & { enabled: boolean; namespace: string; extend(sub: string, d?: string): Logger };

describe('the bundle\'s `debug`', () => {
  it('without DEBUG: loggers that do nothing, with the shape the packages use', () => {
    const { exports, required } = load({}, null);
    expect(required).toEqual([]); // the real package is not even loaded
    const create = exports as (ns: string) => Logger;
    const log = create('mqttjs:client');
    expect(log('MqttClient :: version: %s', '5.16.0')).toBeUndefined();
    expect(log.enabled).toBe(false);
    expect(log.namespace).toBe('mqttjs:client');
    expect(log.extend('tcp').namespace).toBe('mqttjs:client:tcp');
    expect(log.extend('x', '/').namespace).toBe('mqttjs:client/x');
  });

  it('with DEBUG set at start: the real package, untouched', () => {
    const real = Object.assign(() => () => undefined, { marker: true });
    const { exports, required } = load({ DEBUG: 'mqttjs*' }, real);
    expect(required).toEqual(['debug']);
    expect(exports).toBe(real);
  });
});
