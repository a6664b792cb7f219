// The wall display's entry point (the lead's gateway/http/app.ts mounts it).
export { createDisplay, type DisplayDeps } from './app.js';
