// Imported first by main.ts. A small young generation keeps the gateway's idle
// RSS low (measured: −37 MB in demo mode) at little cost to ingest; see
// docs/decisions/2026-11-23-memory.md. Set before the heap grows.
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--max-semi-space-size=2');
