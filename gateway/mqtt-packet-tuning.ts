// mqtt-packet (shared by mqtt.js and aedes, one copy in the bundle) builds a
// cache of 65,536 two-byte Buffers on its first packet write, to skip one small
// allocation per written packet id and topic length. In this gateway that cache
// is ~6 MB of live heap and ~8 MiB of resident memory, against an aim of 80 MB
// for the whole process; the allocation it saves comes from Buffer's pool.
// Imported by main.ts before any client or broker writes a packet.
// See docs/decisions/2026-11-23-memory.md (2026-11-26, evening).
import mqttPacket from 'mqtt-packet';

mqttPacket.writeToStream.cacheNumbers = false;
