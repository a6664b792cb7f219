// In the bundle, the `debug` package is this module. mqtt.js and mqtt-packet
// call a `debug` logger several times for every packet, and a disabled one
// still costs: ~3 % of the gateway's CPU in a QoS 0 flood
// (docs/decisions/2026-11-26-bundle.md, 2026-11-30). When DEBUG is set as the
// gateway starts, it is the real package (a technician's DEBUG=mqttjs* works
// as before); otherwise its loggers do nothing.
import type { Plugin } from 'esbuild';
import { REPO_ROOT } from '../rig/repo.js';

export const QUIET_DEBUG_NAMESPACE = 'quiet-debug';

/** CommonJS, as the packages that require it expect (`require('debug')('ns')`). */
export const QUIET_DEBUG = `'use strict';
if (process.env.DEBUG) module.exports = require('debug');
else {
  const silent = (namespace) => {
    const log = () => {};
    log.enabled = false;
    log.namespace = namespace;
    log.extend = (sub, delimiter = ':') => silent(namespace + delimiter + sub);
    log.destroy = () => true;
    return log;
  };
  const create = (namespace) => silent(String(namespace));
  create.enable = () => {};
  create.disable = () => '';
  create.enabled = () => false;
  create.formatters = {};
  module.exports = create;
}
`;

export const quietDebug: Plugin = {
  name: QUIET_DEBUG_NAMESPACE,
  setup(b) {
    // Every `debug` import but this module's own goes to this module.
    b.onResolve({ filter: /^debug$/ }, (args) => (args.namespace === QUIET_DEBUG_NAMESPACE ? undefined : { path: 'debug', namespace: QUIET_DEBUG_NAMESPACE }));
    b.onLoad({ filter: /.*/, namespace: QUIET_DEBUG_NAMESPACE }, () => ({ contents: QUIET_DEBUG, resolveDir: REPO_ROOT, loader: 'js' }));
  },
};
