// The integration-test rig: real mosquitto, the real gateway process, plain mqtt.js.
export { freePort, portOpen } from '../../scripts/rig/ports.js';
export { waitFor, sleep, withTimeout } from '../../scripts/rig/wait.js';
export { startMosquitto, type Mosquitto, type MosquittoOptions } from '../../scripts/rig/mosquitto.js';
export { startGateway, cleanEnv, type Gateway, type GatewayOptions, type Health } from '../../scripts/rig/gateway.js';
export { httpJson, parseMetrics, scrapeMetrics } from '../../scripts/rig/http.js';
export { sqlite, sqliteCount } from '../../scripts/rig/sqlite.js';
export { childPids, descendantPids, pidAlive, pidRunning, rssBytes, spawnTracked, stopTracked } from '../../scripts/rig/process.js';
export { REPO_ROOT, GATEWAY_MAIN, CHECK_CONFIG } from '../../scripts/rig/repo.js';
export { kstIso, urbanLoadMessage } from '../../scripts/rig/payloads.js';
export { mqttClient, publish1, publishMany, endClient, type MqttClient, type OnMessage } from './mqtt.js';
export { Rig } from './rig.js';
export { configYaml, writeConfig } from './config.js';
export { getJson, items, metric, handledTotal, waitHandled } from './api.js';
export { startMqttTap, publishesById, republishedAfterAck, type MqttTap, type TapEvent, type PublishRecord } from './mqtt-tap.js';
