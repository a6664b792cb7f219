// The office's local MQTT broker bridge (aedes). See local-broker.ts.
export { createLocalBrokerBridge, listenPlan, MAX_PACKET_BYTES, MAX_PAYLOAD_BYTES, type LocalBrokerBridge } from './local-broker.js';
export { createAcl, type Acl, type AclScope, type Principal } from './acl.js';
