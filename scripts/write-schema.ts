// Writes device-configs/schema.json from the one zod schema (for editors).
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { configSchema } from '../gateway/config/schema.js';

const schema = z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' });
writeFileSync(new URL('../../device-configs/schema.json', import.meta.url), JSON.stringify({ ...schema, title: 'SCPM Edge office configuration' }, null, 2) + '\n');
console.log('wrote device-configs/schema.json');
