// The voice bridge's HTTP routes, under /api/v1/voice (the host's mount checks
// access, the cross-site guard, and the WAV upload's type and size):
//   GET  /commands         every command, English and Korean, with its action(s)
//   POST /recognize        a WAV → what was heard; ?act=1&screen=wall also does it
//   POST /setup/test       the setup page's button: a synthesized phrase through the recognizer
import { Hono, type Context } from 'hono';
import type { ActionInput } from '../../actions/vocabulary.js';
import type { Logger } from '../../logger.js';
import type { ProcessPort } from '../../process/types.js';
import { PRINCIPAL_HEADER } from '../types.js';
import type { VoiceAct, VoiceResult, VoiceService } from './service.js';
import { synthesizeTestPhrase } from './test-phrase.js';

const SCREEN_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export interface VoiceRouteDeps {
  service(): VoiceService | null;
  actOn(screen: string, principal: string): VoiceAct;
  processes: ProcessPort;
  log: Logger;
}

/** The API's answer for one result (the shape, plus the outcome and timing). */
export function resultBody(r: VoiceResult) {
  return {
    text: r.text, intent: r.intent, action: r.action, confidence: Number(r.confidence.toFixed(3)), acted: r.acted,
    outcome: r.outcome, lang: r.lang, ms: Math.round(r.ms), ...(r.actError ? { actError: r.actError } : {}),
  };
}

function principalOf(c: Context, screen: string): string {
  const who = c.req.header(PRINCIPAL_HEADER) ?? 'anonymous';
  return who === 'loopback' ? `loopback:${screen}` : who;
}

export function voiceRoutes(deps: VoiceRouteDeps): Hono {
  const app = new Hono();
  const notRunning = (c: Context) => c.json({ error: 'voice is not running yet; retry' }, 503, { 'retry-after': '2' });

  app.get('/commands', (c) => {
    const s = deps.service();
    if (!s) return notRunning(c);
    return c.json(s.commands().map((cmd) => ({ text: cmd.text, lang: cmd.lang, intent: cmd.intent, action: cmd.action })));
  });

  app.post('/recognize', async (c) => {
    const s = deps.service();
    if (!s) return notRunning(c);
    const act = c.req.query('act') === '1';
    const screen = c.req.query('screen') ?? 'wall';
    if (act && !SCREEN_ID.test(screen)) return c.json({ error: 'screen: a screen id (lower case letters, digits, -)' }, 400);
    const body = new Uint8Array(await c.req.arrayBuffer());
    const outcome = await s.recognize(body, act ? { act: deps.actOn(screen, principalOf(c, screen)) } : {});
    if (!outcome.ok) return c.json({ error: outcome.message, reason: outcome.reason }, outcome.status, outcome.status === 503 ? { 'retry-after': '1' } : {});
    return c.json(resultBody(outcome.result));
  });

  app.post('/setup/test', async (c) => {
    const s = deps.service();
    if (!s) return notRunning(c);
    // A command in the language heard, picked at random: the technician hears the whole path work (or sees why not).
    const heard = s.commands().filter((cmd) => cmd.lang === s.language);
    if (heard.length === 0) return c.json({ error: 'no command to say in the language recognised' }, 409);
    const said = heard[Math.floor(Math.random() * heard.length)]!;
    let pcm;
    try {
      pcm = await synthesizeTestPhrase(deps.processes, said.text);
    } catch (err) {
      return c.json({ error: `could not synthesize the test phrase: ${err instanceof Error ? err.message : String(err)}`, said: said.text }, 503);
    }
    const outcome = await s.recognizePcm(pcm);
    if (!outcome.ok) return c.json({ error: outcome.message, said: said.text }, outcome.status === 503 ? 503 : 500);
    const expected: ActionInput | readonly ActionInput[] = said.action;
    return c.json({ said: said.text, right: JSON.stringify(outcome.result.action) === JSON.stringify(expected), ...resultBody(outcome.result) });
  });

  return app;
}
